package dev.phisafe.core.spi;

/**
 * Deterministic authenticated encryption (AES-SIV, RFC 5297): the same plaintext and associated data under the same
 * key always give the same ciphertext, so a store can answer equality queries ("diagnosis code = E11.9") on
 * encrypted fields by comparing tokens, and the token can still be decrypted by a key holder.
 *
 * <p><b>What it hides and what it leaks.</b> Nothing about the plaintext except its length and <em>equality of
 * repeated plaintexts</em> under the same key and associated data. Equality leaks frequencies: a column of
 * low-entropy values (sex, a state) is open to frequency analysis, so bind tokens to a narrow context (tenant and
 * field in the associated data) and prefer {@link Prf} blind indexes when the value need not be recovered.
 *
 * <p><b>Contract</b> (as for {@link Aead}): every token carries the id of the key that made it; decryption
 * authenticates token and associated data and fails with a {@link CryptoException} on any change; the associated
 * data is not secret and must hold no PHI; thread-safe; no key material in messages or {@code toString()}.
 */
public interface DeterministicAead {

    /** @return the non-secret id of the key that {@link #encryptDeterministically} uses now */
    String keyId();

    /**
     * @param plaintext      the bytes to tokenise; not retained
     * @param associatedData non-secret bytes bound to the token (may be empty, never null)
     * @return the token: equal for equal inputs under the same key, names its key id
     * @throws CryptoException if the key is unavailable
     */
    byte[] encryptDeterministically(byte[] plaintext, byte[] associatedData);

    /**
     * @param ciphertext     a token made by {@link #encryptDeterministically} (this or an earlier, still enabled key)
     * @param associatedData the associated data given when it was made
     * @return the plaintext
     * @throws CryptoException if the token or the associated data was altered, or its key is disabled or destroyed
     */
    byte[] decryptDeterministically(byte[] ciphertext, byte[] associatedData);

    /**
     * @param ciphertext a token; not retained
     * @return the non-secret id of the key that made it (an unauthenticated hint, see {@link Aead#keyIdOf})
     * @throws IllegalArgumentException if the bytes are too short to name a key
     */
    String keyIdOf(byte[] ciphertext);
}
