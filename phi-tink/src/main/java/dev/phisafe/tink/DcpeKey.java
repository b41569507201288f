package dev.phisafe.tink;

import com.google.crypto.tink.prf.Prf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * One vector key's secret parameters, all derived from a Tink {@link Prf} with domain-separated labels:
 * <pre>
 *   s     = 1 + 65535·u,  u = first 53 bits of PRF("phi-safe/dcpe/v1/scale") / 2^53     (secret scale, [1, 65536))
 *   Q     = Haar-random orthogonal from AES-256-CTR(PRF("phi-safe/dcpe/v1/rotation" ‖ d))   (secret rotation)
 *   Kc    = PRF("phi-safe/dcpe/v2/coins")                                                 (coins key, 32 bytes)
 *   coins = AES-256-CTR keystream under Kc with the 16-byte nonce as initial counter block  (per-vector randomness)
 * </pre>
 * The coins are AES-256 used as a PRF in counter mode on (nonce, counter): with random 128-bit nonces and 256
 * blocks (4 KiB) per vector at d = 384, the counter ranges of 2^40 vectors overlap with probability about 2^−40,
 * so this is as strong as the v1 derivation (a fresh AES key PRF("phi-safe/dcpe/v1/coins" ‖ nonce) per vector) and
 * saves an HMAC, an AES key schedule and a Cipher set-up per vector. Only the noise changed between v1 and v2: s
 * and Q are unchanged, so searchable vectors written under v1 stay searchable with v2 queries, and the exact copy
 * (AEAD, its own key and nonce) never depended on the coins, so nothing needs the v1 coins again.
 * Encryption follows the paper's SAP {@code Enc} with the rotation in place of the coordinate shuffle:
 * {@code x' ~ U(0,1)} and {@code u ~ N(0, I_d)} (ziggurat, see {@link DcpeCoins}) from the coins,
 * {@code x = (s·β/4)·x'^(1/d)}, {@code λ = u·x/‖u‖} (uniform in the d-ball of radius sβ/4), {@code c = s·Q·m + λ}.
 *
 * <p>Holds derived secrets: never printed ({@link #toString()} shows the id only), never leaves the package.
 */
final class DcpeKey {
    static final byte[] SCALE_LABEL = ascii("phi-safe/dcpe/v1/scale");
    static final byte[] ROTATION_LABEL = ascii("phi-safe/dcpe/v1/rotation");
    static final byte[] COINS_KEY_LABEL = ascii("phi-safe/dcpe/v2/coins");
    static final int SEED_BYTES = 32;

    private final String id;
    private final int dimension;
    private final double scale;
    private final float[][] rotation;   // columns
    private final SecretKeySpec coinsKey;

    private DcpeKey(String id, int dimension, double scale, float[][] rotation, SecretKeySpec coinsKey) {
        this.id = id;
        this.dimension = dimension;
        this.scale = scale;
        this.rotation = rotation;
        this.coinsKey = coinsKey;
    }

    static DcpeKey derive(String id, Prf prf, int dimension) throws GeneralSecurityException {
        double scale = 1.0 + 65535.0 * DcpeRotation.uniform(prf.compute(SCALE_LABEL, 8), 0);
        byte[] rotationSeed = prf.compute(concat(ROTATION_LABEL, intBytes(dimension)), SEED_BYTES);
        byte[] coinsSeed = prf.compute(COINS_KEY_LABEL, SEED_BYTES);
        try {
            return new DcpeKey(id, dimension, scale, DcpeRotation.haarOrthogonal(rotationSeed, dimension),
                    new SecretKeySpec(coinsSeed, "AES"));
        } finally {
            Arrays.fill(rotationSeed, (byte) 0);
            Arrays.fill(coinsSeed, (byte) 0);
        }
    }

    String id() {
        return id;
    }

    /** For tests in this package only. */
    double scale() {
        return scale;
    }

    /** For tests in this package only: a copy of the rotation, flattened column-major. */
    float[] rotation() {
        float[] flat = new float[dimension * dimension];
        for (int j = 0; j < dimension; j++) {
            System.arraycopy(rotation[j], 0, flat, j * dimension, dimension);
        }
        return flat;
    }

    /** For tests in this package only: y = Q·m. */
    float[] rotate(float[] m) {
        return DcpeRotation.apply(rotation, m);
    }

    /**
     * @param m     a validated plaintext vector of this key's dimension
     * @param beta  the approximation factor
     * @param nonce the fresh per-vector nonce (16 bytes)
     * @return c = s·Q·m + λ
     */
    float[] encrypt(float[] m, double beta, byte[] nonce) {
        float[] c = DcpeRotation.apply(rotation, m);
        double[] u = NORMALS.get();
        if (u.length < dimension) {
            u = new double[dimension];
            NORMALS.set(u);
        }
        double f = perturbation(beta, nonce, u);
        try {
            for (int i = 0; i < dimension; i++) {
                c[i] = (float) (scale * c[i] + f * u[i]);
                if (!Float.isFinite(c[i])) {
                    throw new IllegalArgumentException("vector too large to encrypt (ciphertext not finite)");
                }
            }
        } finally {
            Arrays.fill(u, 0, dimension, 0.0);
        }
        return c;
    }

    /** For tests in this package only: λ, uniform in the d-ball of radius s·β/4, from the coins of {@code nonce}. */
    double[] perturbation(double beta, byte[] nonce) {
        double[] u = new double[dimension];
        double f = perturbation(beta, nonce, u);
        for (int i = 0; i < dimension; i++) {
            u[i] *= f;
        }
        return u;
    }

    /**
     * Fills {@code u[0..d)} with independent standard normals from the coins of {@code nonce} (x' first, then the
     * ziggurat normals, see {@link DcpeCoins}) and returns the factor f such that λ = f·u is uniform in the d-ball
     * of radius s·β/4. Math, not StrictMath: the noise is never regenerated (the exact copy is the lossless path),
     * so last-ulp differences between JVMs cannot matter here, unlike in the key-derived rotation.
     */
    private double perturbation(double beta, byte[] nonce, double[] u) {
        double norm2 = 0;
        double xPrime;
        try (DcpeCoins coins = DcpeCoins.open(coinsKey, nonce)) {
            xPrime = coins.uniform();
            for (int k = 0; k < dimension; k++) {
                double g = coins.normal();
                u[k] = g;
                norm2 += g * g;
            }
        }
        double radius = scale * beta / 4.0 * Math.pow(xPrime, 1.0 / dimension);
        return norm2 > 0 ? radius / Math.sqrt(norm2) : 0.0;
    }

    /** Per-thread buffer for the normals of one vector (cleared after use), so encryption allocates only c. */
    private static final ThreadLocal<double[]> NORMALS = ThreadLocal.withInitial(() -> new double[0]);

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return "DcpeKey{id=" + id + ", dimension=" + dimension + "}";
    }
}
