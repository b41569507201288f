package dev.phisafe.core.review;

import dev.phisafe.core.PhiProcessingException;

/**
 * The commit did not complete: the callback threw (the draft went back to its approved state and may be committed
 * again with the same idempotency key), or the approved text no longer matches the approved SHA-256 (an integrity
 * failure, audited; 45 CFR 164.312(c)(1)). The message holds no text; the callback's exception is the cause.
 */
public class ReviewCommitException extends PhiProcessingException {
    private static final long serialVersionUID = 1L;

    ReviewCommitException(String message, Throwable cause) {
        super(message, cause);
    }

    ReviewCommitException(String message) {
        super(message);
    }
}
