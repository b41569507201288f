package dev.phisafe.core.spi;

import java.util.Map;

/**
 * A keyed pseudo-random function with a chosen output length (HMAC-SHA256-PRF): blind-index tokens for equality
 * filters on encrypted records ({@code PRF(K, tenant | field | value)}), and keyed seeds. Unlike
 * {@link DeterministicAead} the output cannot be decrypted and carries no key id; unlike {@link KeyedHash} the
 * output length is chosen and, after a rotation, the value can be computed under <em>every</em> enabled key so that
 * a filter still matches rows tokenised under the old key until they are re-tokenised.
 *
 * <p>Thread-safe; no key material in messages or {@code toString()}; an unavailable key fails with a
 * {@link CryptoException} (fail closed).
 */
public interface Prf {

    /** The most output bytes one call gives (HMAC-SHA256). */
    int MAX_OUTPUT_BYTES = 32;

    /** @return the non-secret id of the key that {@link #compute} uses now */
    String keyId();

    /**
     * @param input        the input; not retained
     * @param outputLength 1 to {@link #MAX_OUTPUT_BYTES} bytes
     * @return the PRF value under the primary key
     * @throws IllegalArgumentException if the length is out of range
     * @throws CryptoException          if the key is unavailable
     */
    byte[] compute(byte[] input, int outputLength);

    /**
     * @param input        the input; not retained
     * @param outputLength 1 to {@link #MAX_OUTPUT_BYTES} bytes
     * @return the PRF value under every enabled key, by key id (the primary's included); iteration order is stable
     * @throws IllegalArgumentException if the length is out of range
     * @throws CryptoException          if the keys are unavailable
     */
    Map<String, byte[]> computeUnderAllKeys(byte[] input, int outputLength);
}
