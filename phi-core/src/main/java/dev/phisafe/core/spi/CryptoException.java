package dev.phisafe.core.spi;

import dev.phisafe.core.PhiProcessingException;

/**
 * A crypto operation failed: a key is unknown, disabled or destroyed, a ciphertext or tag does not authenticate
 * (altered, truncated, moved to another record), or the key store is unreadable. Callers on a PHI path treat it as
 * "fail closed": the value is not revealed and nothing unprotected is stored.
 *
 * <p>The message names only non-secret ids (tenant, purpose, key id) and the operation; never key material,
 * plaintext, ciphertext bytes or associated data values beyond those ids (45 CFR 164.312(a)(2)(iv), (c)(1)).
 */
public class CryptoException extends PhiProcessingException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming ids only
     */
    public CryptoException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming ids only
     * @param cause   the underlying failure (its message must also be free of secrets; Tink's are)
     */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
