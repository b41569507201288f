package dev.phisafe.core.audit;

import dev.phisafe.core.PhiException;

/**
 * Bytes read back as an audit record are not a valid, canonical record (corrupted, tampered or foreign). The message
 * says what is wrong and where, never the content.
 */
public class AuditFormatException extends PhiException {
    private static final long serialVersionUID = 1L;

    /** @param message a message without content from the record */
    public AuditFormatException(String message) {
        super(message);
    }

    /**
     * @param message a message without content from the record
     * @param cause   the underlying failure; its message is not copied
     */
    public AuditFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
