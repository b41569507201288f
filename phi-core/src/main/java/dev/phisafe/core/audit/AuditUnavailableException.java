package dev.phisafe.core.audit;

import dev.phisafe.core.PhiProcessingException;

/**
 * An {@link AuditSink} could not record an event durably. The caller must refuse the PHI-carrying operation the
 * event describes (fail closed, as NIST SP 800-53 AU-5 and 45 CFR 164.312(b) require: no access without a record).
 * The message names the sink and the reason, never event content.
 */
public class AuditUnavailableException extends PhiProcessingException {
    private static final long serialVersionUID = 1L;

    /** @param message a message without PHI */
    public AuditUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message a message without PHI
     * @param cause   the underlying failure
     */
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
