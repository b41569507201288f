package dev.phisafe.tink;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link TinkKeyring#list} tells about one key: never key material, only its id, status, whether it is the
 * primary (the key that encrypts and tags now) and when it was created.
 *
 * @param keyId   the key id, 8 lowercase hex digits (also the 5-byte prefix of its ciphertexts)
 * @param status  enabled (decrypts/verifies; the primary also encrypts) or disabled (kept, but refuses everything)
 * @param primary whether this key encrypts and tags now
 * @param created when the key was generated (authenticated with the keyset file)
 */
public record KeyInfo(String keyId, Status status, boolean primary, Instant created) {

    /** A key's status. */
    public enum Status {
        /** Usable: decrypts and verifies (and, if primary, encrypts and tags). */
        ENABLED,
        /** Kept in the keyset but refused for every operation; can be enabled again, or deleted. */
        DISABLED
    }

    /**
     * Checks the components.
     *
     * @param keyId   the key id, 8 lowercase hex digits
     * @param status  enabled or disabled
     * @param primary whether this key encrypts and tags now
     * @param created when the key was generated
     * @throws NullPointerException if {@code keyId}, {@code status} or {@code created} is null
     */
    public KeyInfo {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
    }
}
