package dev.phisafe.core.spi;

/**
 * A message authentication code (HMAC-SHA256 or equivalent): proof that bytes were not altered since a key holder
 * tagged them, the mechanism 45 CFR 164.312(c)(2) asks for to corroborate that ePHI was not altered or destroyed
 * (see {@code dev.phisafe.core.integrity.IntegrityEnvelope}).
 *
 * <p><b>Contract.</b> {@link #verify} compares in constant time and answers {@code false} (never throws) for any
 * tag that does not match, including tags of the wrong length or made with another key; after rotation it accepts
 * tags made by any still enabled key of the keyset. Thread-safe; no key material in messages or {@code toString()};
 * a key that is unavailable fails with a {@link CryptoException} (fail closed), never a weaker fallback. A MAC gives
 * integrity to key holders only: it is not a signature and proves nothing to a third party.
 */
public interface Mac {

    /** @return the non-secret id of the key that {@link #computeMac} uses now */
    String keyId();

    /**
     * @return the algorithm label recorded next to tags, e.g. {@code "HS256"} for HMAC-SHA256 (bound into what is
     *         tagged by callers that record it, so an algorithm cannot be substituted)
     */
    String algorithm();

    /**
     * @param data the bytes to tag; not retained
     * @return the tag (for keysets with key ids: a 5-byte key-id prefix then the HMAC)
     * @throws CryptoException if the key is unavailable
     */
    byte[] computeMac(byte[] data);

    /**
     * @param tag  a tag from {@link #computeMac}; not retained
     * @param data the bytes it should authenticate; not retained
     * @return whether the tag is valid for the data under an enabled key (constant-time comparison)
     * @throws NullPointerException if an argument is null
     */
    boolean verify(byte[] tag, byte[] data);

    /**
     * HMAC-SHA256 with the JDK's provider, 32-byte tags without a key-id prefix ({@code algorithm() = "HS256"}): the
     * default for users without phi-tink and the reference the integrity envelope's known-answer test uses.
     *
     * @param key   at least 32 bytes of secret key material; copied
     * @param keyId a non-secret id for the key
     * @return the MAC
     * @throws IllegalArgumentException if the key is shorter than 32 bytes or the id is blank
     */
    static Mac jdkHmacSha256(byte[] key, String keyId) {
        return new JdkHmacSha256(key, keyId);
    }
}
