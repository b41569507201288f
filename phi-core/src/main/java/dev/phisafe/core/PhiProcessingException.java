package dev.phisafe.core;

/**
 * A component on a PHI-carrying path failed (a detector, a dictionary, a key, a vault, a journal), so the path was
 * closed: nothing derived from the input was released. The message holds no PHI.
 */
public class PhiProcessingException extends PhiException {
    private static final long serialVersionUID = 1L;

    /** @param message a message that holds no PHI */
    public PhiProcessingException(String message) {
        super(message);
    }

    /**
     * @param message a message that holds no PHI
     * @param cause the underlying failure
     */
    public PhiProcessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
