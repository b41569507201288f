package dev.phisafe.core.review;

import dev.phisafe.core.PhiProcessingException;

/**
 * A {@link ReviewStore} could not read or write a draft (database down, ciphertext that no longer decrypts, a stored
 * row that fails its checks). The operation did not happen (fail closed); the message holds no text.
 */
public class ReviewStoreException extends PhiProcessingException {
    private static final long serialVersionUID = 1L;

    /** @param message a message without PHI */
    public ReviewStoreException(String message) {
        super(message);
    }

    /**
     * @param message a message without PHI
     * @param cause   the underlying failure
     */
    public ReviewStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
