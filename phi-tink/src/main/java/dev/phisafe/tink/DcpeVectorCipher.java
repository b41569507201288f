package dev.phisafe.tink;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.subtle.Random;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.VectorCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Approximate distance-comparison-preserving encryption of embeddings: "scale-and-perturb" (SAP, Fuchsbauer, Ghosal,
 * Hauke, O'Neill, <i>Approximate Distance-Comparison-Preserving Symmetric Encryption</i>, SCN 2022, ePrint 2021/1666),
 * hardened with a secret Haar-random rotation in place of the paper's coordinate shuffle (a shuffle is learnable from
 * ciphertexts alone by matching per-coordinate moments), plus an AEAD exact copy of each vector for exact re-ranking
 * and lossless re-keying. See {@link VectorCipher} for what this hides and what it leaks, and
 * {@code docs/vector-encryption.md} for measured recall and attacks.
 *
 * <p><b>Algorithm</b> (per vector m, key K, approximation factor β):
 * <pre>
 *   n      = 16 fresh random bytes (per vector, never caller-supplied)
 *   coins  = AES-256-CTR keystream under Kc = PRF_K("phi-safe/dcpe/v2/coins"), initial counter block n
 *   x' ~ U(0,1), u ~ N(0, I_d) (ziggurat) from the coins;  x = (s·β/4)·x'^(1/d);  λ = u·x/‖u‖   (uniform in the ball of radius sβ/4)
 *   searchable = float32( s·Q·m + λ )          s, Q derived from K (see below)
 *   exactCopy  = AEAD( 0x01 ‖ d ‖ m as float32 big-endian,
 *                      AAD = lp("phi-safe/vector/v1") ‖ lp(keyId) ‖ lp(n) ‖ lp(callerAad) )   lp = 4-byte length prefix
 * </pre>
 * Since ‖λ‖ ≤ sβ/4, {@code |‖E(x)−E(y)‖ − s‖x−y‖| ≤ sβ/2}: whenever {@code ‖x−y‖ < ‖x−z‖ − β} the encrypted distances
 * keep that order (β-distance-comparison preservation). Real recall is far better than this worst case; measure it
 * on your data (the test suite does on MiniLM embeddings).
 *
 * <p><b>Keys.</b> The vector key is a Tink PRF keyset ({@code PredefinedPrfParameters.HMAC_SHA256_PRF}); Tink manages
 * its ids, status, serialisation, KMS wrapping and rotation. Every secret parameter is derived from it with a
 * domain-separated label — the scale {@code s ∈ [1, 65536)} from {@code "phi-safe/dcpe/v1/scale"}, the rotation Q from
 * {@code "phi-safe/dcpe/v1/rotation" ‖ d} (reproducible bit for bit on any JVM, see {@code DcpeRotation}), the coins
 * key from {@code "phi-safe/dcpe/v2/coins"} (the nonce n is the CTR initial counter block; v1 keyed AES per vector
 * with {@code "phi-safe/dcpe/v1/coins" ‖ n}: same security, slower; only the noise differs, so vectors written
 * under v1 stay searchable). The primary key encrypts; {@link #encryptQuery} encrypts under every
 * enabled key so search keeps working during rotation; re-key stored vectors from their exact copies. The exact copy
 * uses its own AEAD key (a separate keyset, or any phi-core {@link Aead}); destroying either key crypto-shreds what
 * it protects.
 *
 * <p><b>Costs.</b> Building derives Q once per key: O(d³), about 0.1–0.3 s at d = 384 and seconds at d ≥ 1,536;
 * build once and share. Encryption is O(d²) (the rotation) plus the AEAD; see {@code docs/performance.md}.
 *
 * <p>Immutable and thread-safe. {@code toString()} shows key ids, dimension and β, never key material or derived
 * secrets. 45 CFR 164.312(a)(2)(iv) (encryption at rest) and 164.312(c)(1) (the exact copy is authenticated).
 *
 * <pre>{@code
 * VectorCipher cipher = DcpeVectorCipher.builder()
 *         .keyset(vectorPrfKeyset)           // KeysetHandle of HMAC_SHA256_PRF keys
 *         .exactCopyKeyset(aeadKeyset)       // KeysetHandle of AES256_GCM keys
 *         .dimension(384)
 *         .beta(2.5)
 *         .build();
 * }</pre>
 * (runnable: {@code dev.phisafe.examples.VectorEncryptionExample})
 */
public final class DcpeVectorCipher implements VectorCipher {

    /**
     * The default approximation factor. Measured on MiniLM embeddings of the dev texts (docs/vector-encryption.md):
     * recall@10 against plaintext search 0.955 with 3× over-fetch and exact re-rank, 0.996 with 10×; use 10×
     * over-fetch at this β, or β ≤ 1.5 (0.994 with 3×) if you can accept less noise.
     */
    public static final double DEFAULT_BETA = 2.5;
    /** The smallest β accepted: below it the noise no longer hides fine structure (and the linear map dominates). */
    public static final double MIN_BETA = 0.5;
    /** The largest β accepted: beyond it the noise swamps unit-norm embeddings and search returns nothing useful. */
    public static final double MAX_BETA = 64.0;
    /** The largest dimension accepted (the rotation is d×d; OpenAI's text-embedding-3-small has 1,536). */
    public static final int MAX_DIMENSION = 2048;
    /** Vectors with a larger Euclidean norm are refused: embeddings have norm ≈ 1, so this catches unscaled input. */
    public static final double MAX_NORM = 1.0e6;

    static final int NONCE_BYTES = 16;
    private static final byte FORMAT_V1 = 0x01;
    private static final byte[] AAD_LABEL = "phi-safe/vector/v1".getBytes(StandardCharsets.US_ASCII);

    private final int dimension;
    private final double beta;
    private final List<DcpeKey> keys;   // primary first
    private final Aead exactCopy;

    private DcpeVectorCipher(int dimension, double beta, List<DcpeKey> keys, Aead exactCopy) {
        this.dimension = dimension;
        this.beta = beta;
        this.keys = keys;
        this.exactCopy = exactCopy;
    }

    /** @return a builder; {@code keyset}, {@code dimension} and one exact-copy setting are required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String keyId() {
        return keys.get(0).id();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** @return the approximation factor β (plaintext units: comparisons are kept when distances differ by more) */
    public double beta() {
        return beta;
    }

    /** @return the ids of every enabled vector key, the primary first */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>(keys.size());
        keys.forEach(k -> ids.add(k.id()));
        return Collections.unmodifiableList(ids);
    }

    @Override
    public EncryptedVector encrypt(float[] vector, byte[] associatedData) {
        checkVector(vector, "vector");
        Objects.requireNonNull(associatedData, "associatedData");
        DcpeKey key = keys.get(0);
        byte[] nonce = Random.randBytes(NONCE_BYTES);
        float[] searchable = key.encrypt(vector, beta, nonce);
        ByteBuffer pt = ByteBuffer.allocate(5 + 4 * dimension);
        pt.put(FORMAT_V1).putInt(dimension);
        for (float v : vector) {
            pt.putFloat(v);
        }
        byte[] copy = exactCopy.encrypt(pt.array(), copyAad(key.id(), nonce, associatedData));
        java.util.Arrays.fill(pt.array(), (byte) 0);
        return new EncryptedVector(key.id(), nonce, searchable, copy);
    }

    @Override
    public List<EncryptedQuery> encryptQuery(float[] query) {
        checkVector(query, "query");
        List<EncryptedQuery> out = new ArrayList<>(keys.size());
        for (DcpeKey key : keys) {
            out.add(new EncryptedQuery(key.id(), key.encrypt(query, beta, Random.randBytes(NONCE_BYTES))));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Works for records of any vector key id, including keys since removed from the vector keyset, as long as
     * the exact-copy AEAD key is still there: that is how vectors are re-keyed losslessly.
     *
     * @throws PhiProcessingException if authentication fails or the decrypted copy is malformed
     */
    @Override
    public float[] decrypt(EncryptedVector encrypted, byte[] associatedData) {
        Objects.requireNonNull(encrypted, "encrypted");
        Objects.requireNonNull(associatedData, "associatedData");
        byte[] pt;
        try {
            pt = exactCopy.decrypt(encrypted.exactCopy(),
                    copyAad(encrypted.keyId(), encrypted.nonce(), associatedData));
        } catch (RuntimeException e) {
            throw new PhiProcessingException("exact vector copy failed authentication (altered record, another"
                    + " record's associated data, or unknown exact-copy key)", e);
        }
        ByteBuffer in = ByteBuffer.wrap(pt);
        if (pt.length != 5 + 4 * dimension || in.get() != FORMAT_V1 || in.getInt() != dimension) {
            throw new PhiProcessingException("exact vector copy has an unknown format or another dimension"
                    + " (expected " + dimension + ")");
        }
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = in.getFloat();
        }
        java.util.Arrays.fill(pt, (byte) 0);
        return v;
    }

    /** The enabled keys, primary first (tests in this package). */
    List<DcpeKey> keys() {
        return keys;
    }

    private void checkVector(float[] v, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (v.length != dimension) {
            throw new IllegalArgumentException(what + " has " + v.length + " components, this cipher takes "
                    + dimension);
        }
        double norm2 = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " component " + i + " is NaN or infinite");
            }
            norm2 += (double) v[i] * v[i];
        }
        if (Math.sqrt(norm2) > MAX_NORM) {
            throw new IllegalArgumentException(what + " norm exceeds " + MAX_NORM
                    + " (embeddings have norm about 1; normalise first)");
        }
    }

    private static byte[] copyAad(String keyId, byte[] nonce, byte[] callerAad) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + AAD_LABEL.length + id.length + nonce.length + callerAad.length);
        for (byte[] part : new byte[][] {AAD_LABEL, id, nonce, callerAad}) {
            b.putInt(part.length).put(part);
        }
        return b.array();
    }

    @Override
    public String toString() {
        return "DcpeVectorCipher{keyIds=" + keyIds() + ", dimension=" + dimension + ", beta=" + beta
                + ", exactCopyKeyId=" + exactCopy.keyId() + "}";
    }

    /**
     * Builds a {@link DcpeVectorCipher}. Each setting may be given once; a bad value fails at its call with an
     * {@link IllegalArgumentException}, a repeated or conflicting one with an {@link IllegalStateException}.
     */
    public static final class Builder {
        private KeysetHandle keyset;
        private int dimension;
        private double beta = Double.NaN;
        private KeysetHandle exactCopyKeyset;
        private Aead exactCopyAead;

        private Builder() {
        }

        /**
         * @param vectorKeyset a Tink PRF keyset with at least 32 output bytes per key (HMAC_SHA256_PRF recommended);
         *                     its primary encrypts, its enabled keys all serve queries
         * @return this builder
         */
        public Builder keyset(KeysetHandle vectorKeyset) {
            Objects.requireNonNull(vectorKeyset, "keyset");
            if (keyset != null) {
                throw new IllegalStateException("keyset already set");
            }
            keyset = vectorKeyset;
            return this;
        }

        /**
         * @param dimension the embedding dimension, 1 to {@value #MAX_DIMENSION} (MiniLM-L6-v2: 384)
         * @return this builder
         */
        public Builder dimension(int dimension) {
            if (dimension < 1 || dimension > MAX_DIMENSION) {
                throw new IllegalArgumentException("dimension must be 1.." + MAX_DIMENSION + ", got " + dimension);
            }
            if (this.dimension != 0) {
                throw new IllegalStateException("dimension already set");
            }
            this.dimension = dimension;
            return this;
        }

        /**
         * @param beta the approximation factor, {@value #MIN_BETA} to {@value #MAX_BETA}; default
         *             {@value #DEFAULT_BETA}. Larger hides more and costs recall (see docs/vector-encryption.md)
         * @return this builder
         */
        public Builder beta(double beta) {
            if (!(beta >= MIN_BETA && beta <= MAX_BETA)) {
                throw new IllegalArgumentException("beta must be between " + MIN_BETA + " and " + MAX_BETA
                        + ", got " + beta);
            }
            if (!Double.isNaN(this.beta)) {
                throw new IllegalStateException("beta already set");
            }
            this.beta = beta;
            return this;
        }

        /**
         * @param aeadKeyset a Tink AEAD keyset (AES256_GCM recommended) for the exact copies; excludes
         *                   {@link #exactCopyAead}
         * @return this builder
         */
        public Builder exactCopyKeyset(KeysetHandle aeadKeyset) {
            Objects.requireNonNull(aeadKeyset, "exactCopyKeyset");
            checkNoExactCopy("exactCopyKeyset");
            exactCopyKeyset = aeadKeyset;
            return this;
        }

        /**
         * @param aead any phi-core {@link Aead} for the exact copies (for example the store's text AEAD); excludes
         *             {@link #exactCopyKeyset}
         * @return this builder
         */
        public Builder exactCopyAead(Aead aead) {
            Objects.requireNonNull(aead, "exactCopyAead");
            checkNoExactCopy("exactCopyAead");
            exactCopyAead = aead;
            return this;
        }

        private void checkNoExactCopy(String setting) {
            if (exactCopyKeyset != null) {
                throw new IllegalStateException(setting + " conflicts with exactCopyKeyset, already set");
            }
            if (exactCopyAead != null) {
                throw new IllegalStateException(setting + " conflicts with exactCopyAead, already set");
            }
        }

        /**
         * Derives every key's parameters (O(d³) per key, once).
         *
         * @return the cipher
         * @throws IllegalStateException    if keyset, dimension or the exact copy is missing
         * @throws IllegalArgumentException if the keyset is not a usable PRF keyset
         */
        public DcpeVectorCipher build() {
            if (keyset == null) {
                throw new IllegalStateException("keyset is required (a Tink HMAC_SHA256_PRF keyset)");
            }
            if (dimension == 0) {
                throw new IllegalStateException("dimension is required");
            }
            if (exactCopyKeyset == null && exactCopyAead == null) {
                throw new IllegalStateException("exactCopyKeyset or exactCopyAead is required");
            }
            Aead copy = exactCopyAead != null ? exactCopyAead : VectorCopyAead.of(exactCopyKeyset);
            PrfSet prfs;
            try {
                PrfConfig.register();
                prfs = keyset.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
            } catch (GeneralSecurityException | IllegalStateException e) {
                throw new IllegalArgumentException("keyset must be a Tink PRF keyset with a primary key"
                        + " (HMAC_SHA256_PRF recommended)", e);
            }
            List<DcpeKey> keys = new ArrayList<>();
            int primary = prfs.getPrimaryId();
            try {
                Map<Integer, Prf> all = prfs.getPrfs();
                keys.add(DcpeKey.derive(Integer.toUnsignedString(primary), all.get(primary), dimension));
                for (Map.Entry<Integer, Prf> e : all.entrySet()) {
                    if (e.getKey() != primary) {
                        keys.add(DcpeKey.derive(Integer.toUnsignedString(e.getKey()), e.getValue(), dimension));
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("keyset keys must give at least " + DcpeKey.SEED_BYTES
                        + " output bytes (HMAC_SHA256_PRF, HMAC_SHA512_PRF or HKDF_SHA256; not AES_CMAC_PRF)", e);
            }
            return new DcpeVectorCipher(dimension, Double.isNaN(beta) ? DEFAULT_BETA : beta,
                    Collections.unmodifiableList(keys), copy);
        }
    }
}
