package dev.phisafe.core.spi;

/**
 * Authenticated encryption with associated data (AES-GCM, AES-GCM-SIV, XChaCha20-Poly1305 or equivalent), the crypto
 * SPI through which the pseudonym vault keeps originals encrypted at rest. phi-tink provides keysets with rotation;
 * phi-core's tests use a JDK AES-GCM implementation.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #encrypt} is randomized (a fresh nonce per call) and its output <em>carries the id of the key</em>
 *       that made it (for example as a prefix), so that {@link #decrypt} still works after the primary key has
 *       rotated, and so that destroying a key makes exactly the ciphertexts made with it unrecoverable
 *       (crypto-shredding, issue 4).</li>
 *   <li>{@link #decrypt} authenticates both the ciphertext and the associated data: any change to either, or a
 *       ciphertext presented with the associated data of another record, fails with an exception — never with
 *       garbage plaintext and never silently.</li>
 *   <li>The associated data is <em>not secret</em> (like the AWS Encryption SDK's encryption context it may be logged)
 *       and is not stored in the ciphertext: callers pass it again to decrypt. It must never hold PHI.</li>
 *   <li>Implementations are thread-safe, never log or expose key material or plaintext (not in exceptions, not in
 *       {@code toString()}), and fail with an exception (never a weak fallback) when a key is unavailable; callers on
 *       a PHI path then fail closed with a {@code PhiProcessingException}.</li>
 * </ul>
 */
public interface Aead {

    /**
     * @return the non-secret id of the key that {@link #encrypt} uses now (recorded in stats and audit events),
     *         never key material
     */
    String keyId();

    /**
     * @param plaintext      the bytes to protect; not retained
     * @param associatedData non-secret bytes bound to the ciphertext (may be empty, never null); not retained
     * @return a fresh ciphertext that names its key id and authenticates {@code associatedData}
     * @throws RuntimeException if the key is unavailable; the message holds no plaintext
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /**
     * @param ciphertext     a ciphertext made by {@link #encrypt} (with this or an earlier key of the same keyset)
     * @param associatedData the associated data given to {@link #encrypt}
     * @return the plaintext
     * @throws RuntimeException if the ciphertext or the associated data was altered, or the key is unknown or
     *         destroyed; the message holds no plaintext
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData);

    /**
     * Names the key that made a ciphertext, without decrypting it, so that a re-encryption job can find rows still
     * under an old key (rotation: add, promote, <em>re-encrypt</em>, disable, delete) and an audit can tell which
     * key a destroyed tenant's rows needed.
     *
     * <p>The id read from a ciphertext is a hint (it is not authenticated until {@link #decrypt} succeeds); never
     * base an access decision on it.
     *
     * @param ciphertext a ciphertext made by {@link #encrypt}; not retained
     * @return the non-secret id of the key that made it
     * @throws IllegalArgumentException      if the bytes are too short to name a key
     * @throws UnsupportedOperationException if this implementation cannot tell (the default)
     */
    default String keyIdOf(byte[] ciphertext) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not expose key ids of ciphertexts");
    }
}
