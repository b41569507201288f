package dev.phisafe.core.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Searchable encryption of embedding vectors, the crypto SPI that lets an embedding store run approximate
 * nearest-neighbour search over vectors it cannot read back exactly. phi-tink provides
 * {@code DcpeVectorCipher} (approximate distance-comparison-preserving encryption, "scale-and-perturb",
 * Fuchsbauer–Ghosal–Hauke–O'Neill, SCN 2022, hardened with a secret rotation). No Tink type appears here.
 *
 * <p><b>Why.</b> 45 CFR 164.312(a)(2)(iv) asks for encryption of ePHI at rest. Embeddings of clinical text are ePHI:
 * inversion attacks (vec2text, ALGEN) recover most of a short text from its embedding. A store that needs similarity
 * search cannot hold only AEAD ciphertexts, so it holds two things per vector:
 * <ul>
 *   <li>a <em>searchable</em> vector {@link EncryptedVector#searchable()}: approximately distance-preserving, indexed
 *       by the store (cosine or L2) in place of the plaintext embedding;</li>
 *   <li>an <em>exact copy</em> {@link EncryptedVector#exactCopy()}: the plaintext vector under an {@link Aead},
 *       bound to the key id, the nonce and the caller's associated data, so the application can fetch
 *       {@code k × oversampling} candidates and re-rank them exactly with {@link #decrypt}. The exact copy also makes
 *       re-keying lossless (re-encrypt from it rather than from the noisy searchable vector).</li>
 * </ul>
 *
 * <p><b>What it hides.</b> The exact coordinates of each vector (the searchable vector carries fresh noise of radius
 * proportional to β, drawn per vector from a per-vector nonce), and — with a secret rotation — which plaintext
 * coordinate is which; two encryptions of the same vector differ; ciphertexts under different keys are unrelated.
 * The exact copy is IND-CCA (only its length leaks).
 *
 * <p><b>What it leaks — this is not semantically secure encryption.</b> By design whoever reads the searchable
 * vectors learns approximate distances between every pair of stored vectors and every query: neighbourhoods,
 * clusters, near-duplicates, and repeated or similar queries over time. Comparisons are guaranteed only for pairs
 * whose plaintext distances differ by more than β. A party that knows enough (plaintext, ciphertext) pairs — for
 * example by inserting documents it chose and reading the rows back — can estimate the key's linear transform by
 * least squares and then approximately decrypt every vector (measured: ~100–200 pairs at d = 384, β = 2.5; see
 * {@code docs/vector-encryption.md}). Mitigations: per-tenant (or finer) keys, never give one principal both the
 * right to insert and the right to read raw rows, and for the most sensitive data keep only the exact copies
 * ("vault mode") and search in the application.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #encrypt} is randomized (a fresh nonce per call, never supplied by the caller) and names the key id
 *       that made it; {@link #encryptQuery} returns one encrypted query per key a store may still hold vectors
 *       under (the current key first), so search keeps working during key rotation.</li>
 *   <li>Inputs must have exactly {@link #dimension()} finite components; anything else (null, empty, wrong length,
 *       NaN, infinity, absurd magnitude) fails with an {@link IllegalArgumentException} whose message names the
 *       problem, never a value.</li>
 *   <li>{@link #decrypt} authenticates the exact copy, the key id, the nonce and the associated data: any change, or
 *       a copy presented with another record's associated data, fails with an exception — never with a wrong
 *       vector.</li>
 *   <li>Implementations are thread-safe, never expose key material or derived secrets (not in exceptions, not in
 *       {@code toString()}), and fail with an exception when a key is unavailable (fail closed).</li>
 * </ul>
 */
public interface VectorCipher {

    /** @return the non-secret id of the key {@link #encrypt} uses now, never key material */
    String keyId();

    /** @return the number of components every vector and query must have */
    int dimension();

    /**
     * Encrypts one vector for storage.
     *
     * @param vector         the plaintext embedding, {@link #dimension()} finite components; not retained
     * @param associatedData non-secret bytes naming the record (tenant, store, record id); bound to the exact copy;
     *                       may be empty, never null, must not hold PHI
     * @return the searchable vector, its nonce and key id, and the AEAD exact copy
     * @throws IllegalArgumentException if the vector is null, of the wrong dimension or not finite
     * @throws RuntimeException         if a key is unavailable; the message holds no plaintext
     */
    EncryptedVector encrypt(float[] vector, byte[] associatedData);

    /**
     * Encrypts a query vector for searching (fresh noise, nothing stored).
     *
     * @param query the plaintext query embedding; not retained
     * @return one encrypted query per key that stored vectors may be under, the current key first; search with
     *         each among the vectors of its key id and merge by exact re-rank
     * @throws IllegalArgumentException if the query is null, of the wrong dimension or not finite
     */
    List<EncryptedQuery> encryptQuery(float[] query);

    /**
     * Returns the exact plaintext vector from a stored record's exact copy, for re-ranking candidates or lossless
     * re-encryption under a new key.
     *
     * @param encrypted      the stored record (key id, nonce and exact copy are checked; the searchable vector is not)
     * @param associatedData the associated data given to {@link #encrypt}
     * @return the exact vector that was encrypted
     * @throws RuntimeException if the record or the associated data was altered, or the exact-copy key is unknown
     *                          or destroyed; the message holds no plaintext
     */
    float[] decrypt(EncryptedVector encrypted, byte[] associatedData);

    /**
     * A stored encrypted vector: immutable, arrays copied in and out. {@code toString()} shows only the key id and
     * sizes (the searchable components reveal approximate geometry and are not printed).
     */
    final class EncryptedVector {
        private final String keyId;
        private final byte[] nonce;
        private final float[] searchable;
        private final byte[] exactCopy;

        /**
         * Rebuilds a record from the parts a store kept (for example the searchable vector as the embedding and the
         * rest as metadata).
         *
         * @param keyId      the key id {@link VectorCipher#encrypt} named; non-blank
         * @param nonce      the per-vector nonce; non-empty
         * @param searchable the searchable vector; non-empty
         * @param exactCopy  the AEAD exact copy; non-empty
         * @throws IllegalArgumentException if a part is null, blank or empty
         */
        public EncryptedVector(String keyId, byte[] nonce, float[] searchable, byte[] exactCopy) {
            if (keyId == null || keyId.isBlank()) {
                throw new IllegalArgumentException("keyId must be non-blank");
            }
            if (nonce == null || nonce.length == 0) {
                throw new IllegalArgumentException("nonce must be non-empty");
            }
            if (searchable == null || searchable.length == 0) {
                throw new IllegalArgumentException("searchable vector must be non-empty");
            }
            if (exactCopy == null || exactCopy.length == 0) {
                throw new IllegalArgumentException("exactCopy must be non-empty");
            }
            this.keyId = keyId;
            this.nonce = nonce.clone();
            this.searchable = searchable.clone();
            this.exactCopy = exactCopy.clone();
        }

        /** @return the non-secret id of the vector key that made {@link #searchable()} */
        public String keyId() {
            return keyId;
        }

        /** @return a copy of the per-vector nonce (not secret; needed to verify the exact copy) */
        public byte[] nonce() {
            return nonce.clone();
        }

        /** @return a copy of the searchable vector, to index in place of the plaintext embedding */
        public float[] searchable() {
            return searchable.clone();
        }

        /** @return a copy of the AEAD-encrypted exact vector */
        public byte[] exactCopy() {
            return exactCopy.clone();
        }

        /** Equal when every part is equal (two encryptions of one vector are never equal: fresh nonce and noise). */
        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof EncryptedVector)) {
                return false;
            }
            EncryptedVector other = (EncryptedVector) o;
            return keyId.equals(other.keyId) && Arrays.equals(nonce, other.nonce)
                    && Arrays.equals(searchable, other.searchable) && Arrays.equals(exactCopy, other.exactCopy);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, Arrays.hashCode(nonce), Arrays.hashCode(exactCopy));
        }

        @Override
        public String toString() {
            return "EncryptedVector{keyId=" + keyId + ", dimension=" + searchable.length
                    + ", exactCopyBytes=" + exactCopy.length + "}";
        }
    }

    /**
     * An encrypted query: the key id whose stored vectors it may be compared with, and the searchable query vector.
     * Immutable; {@code toString()} shows only the key id and dimension.
     */
    final class EncryptedQuery {
        private final String keyId;
        private final float[] searchable;

        /**
         * @param keyId      the vector key id; non-blank
         * @param searchable the searchable query vector; non-empty
         * @throws IllegalArgumentException if a part is null, blank or empty
         */
        public EncryptedQuery(String keyId, float[] searchable) {
            if (keyId == null || keyId.isBlank()) {
                throw new IllegalArgumentException("keyId must be non-blank");
            }
            if (searchable == null || searchable.length == 0) {
                throw new IllegalArgumentException("searchable vector must be non-empty");
            }
            this.keyId = keyId;
            this.searchable = searchable.clone();
        }

        /** @return the id of the vector key; compare only with stored vectors of the same key id */
        public String keyId() {
            return keyId;
        }

        /** @return a copy of the searchable query vector */
        public float[] searchable() {
            return searchable.clone();
        }

        @Override
        public String toString() {
            return "EncryptedQuery{keyId=" + keyId + ", dimension=" + searchable.length + "}";
        }
    }
}
