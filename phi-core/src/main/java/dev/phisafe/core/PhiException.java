package dev.phisafe.core;

/**
 * Root of every unchecked exception phi-safe throws on a path that carries PHI.
 *
 * <p>Messages never contain PHI or key material: they name the operation, the type of data and the reason, never a
 * value taken from the input. Subclasses keep that guarantee.
 */
public class PhiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message a message that holds no PHI */
    public PhiException(String message) {
        super(message);
    }

    /**
     * @param message a message that holds no PHI
     * @param cause the underlying failure; its message is not copied into this one
     */
    public PhiException(String message, Throwable cause) {
        super(message, cause);
    }
}
