package dev.phisafe.core.evidence;

import dev.phisafe.core.PhiException;

/**
 * The evidence report cannot be produced because the audit journal cannot be read (missing directory, not a journal,
 * or a record that does not parse). The message names files and lines, never record content.
 */
public class EvidenceUnavailableException extends PhiException {
    private static final long serialVersionUID = 1L;

    EvidenceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
