package dev.phisafe.core.spi;

/**
 * A keyed pseudo-random function (HMAC-SHA256 or equivalent) over bytes, the crypto SPI that pseudonym tokens and
 * per-patient date shifts use. phi-core ships {@link #jdkHmacSha256(byte[], String)}; phi-tink provides keysets with
 * rotation and key ids.
 *
 * <p>Implementations are thread-safe, never log or expose key material, and fail with an exception (never a weak
 * fallback) when the key is unavailable: callers on a PHI path then refuse to release the text (fail closed).
 */
public interface KeyedHash {

    /**
     * @return the non-secret id of the key in use (recorded in audit events and results), never key material
     */
    String keyId();

    /**
     * @param data the input; not retained
     * @return a 32-byte tag that depends on the key and on every byte of {@code data}
     */
    byte[] hash(byte[] data);

    /**
     * An HMAC-SHA256 keyed hash from the JDK, for development and for users without phi-tink.
     *
     * @param key   at least 32 bytes of secret key material; copied
     * @param keyId a non-secret id for the key
     * @return the keyed hash
     * @throws IllegalArgumentException if the key is shorter than 32 bytes or the id is blank
     */
    static KeyedHash jdkHmacSha256(byte[] key, String keyId) {
        return new JdkHmacSha256(key, keyId);
    }
}
