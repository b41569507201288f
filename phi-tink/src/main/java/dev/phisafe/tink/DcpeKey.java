package dev.phisafe.tink;

import com.google.crypto.tink.prf.Prf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * One vector key's secret parameters, all derived from a Tink {@link Prf} with domain-separated labels:
 * <pre>
 *   s     = 1 + 65535·u,  u = first 53 bits of PRF("phi-safe/dcpe/v1/scale") / 2^53     (secret scale, [1, 65536))
 *   Q     = Haar-random orthogonal from AES-256-CTR(PRF("phi-safe/dcpe/v1/rotation" ‖ d))   (secret rotation)
 *   coins = AES-256-CTR(PRF("phi-safe/dcpe/v1/coins" ‖ nonce))                            (per-vector randomness)
 * </pre>
 * Encryption follows the paper's SAP {@code Enc} with the rotation in place of the coordinate shuffle:
 * {@code u ~ N(0, I_d)}, {@code x' ~ U(0,1)} from the coins, {@code x = (s·β/4)·x'^(1/d)}, {@code λ = u·x/‖u‖}
 * (uniform in the d-ball of radius sβ/4), {@code c = s·Q·m + λ}.
 *
 * <p>Holds derived secrets: never printed ({@link #toString()} shows the id only), never leaves the package.
 */
final class DcpeKey {
    static final byte[] SCALE_LABEL = ascii("phi-safe/dcpe/v1/scale");
    static final byte[] ROTATION_LABEL = ascii("phi-safe/dcpe/v1/rotation");
    static final byte[] COINS_LABEL = ascii("phi-safe/dcpe/v1/coins");
    static final int SEED_BYTES = 32;

    private final String id;
    private final Prf prf;
    private final int dimension;
    private final double scale;
    private final float[][] rotation;   // columns

    private DcpeKey(String id, Prf prf, int dimension, double scale, float[][] rotation) {
        this.id = id;
        this.prf = prf;
        this.dimension = dimension;
        this.scale = scale;
        this.rotation = rotation;
    }

    static DcpeKey derive(String id, Prf prf, int dimension) throws GeneralSecurityException {
        double scale = 1.0 + 65535.0 * DcpeRotation.uniform(prf.compute(SCALE_LABEL, 8), 0);
        byte[] rotationSeed = prf.compute(concat(ROTATION_LABEL, intBytes(dimension)), SEED_BYTES);
        try {
            return new DcpeKey(id, prf, dimension, scale, DcpeRotation.haarOrthogonal(rotationSeed, dimension));
        } finally {
            Arrays.fill(rotationSeed, (byte) 0);
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
     * @param nonce the fresh per-vector nonce
     * @return c = s·Q·m + λ
     */
    float[] encrypt(float[] m, double beta, byte[] nonce) {
        float[] y = DcpeRotation.apply(rotation, m);
        double[] lambda = perturbation(beta, nonce);
        float[] c = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            c[i] = (float) (scale * y[i] + lambda[i]);
            if (!Float.isFinite(c[i])) {
                throw new IllegalArgumentException("vector too large to encrypt (ciphertext not finite)");
            }
        }
        return c;
    }

    /** λ, uniform in the d-ball of radius s·β/4, from the coins PRF(coins label ‖ nonce). */
    double[] perturbation(double beta, byte[] nonce) {
        byte[] seed;
        try {
            seed = prf.compute(concat(COINS_LABEL, nonce), SEED_BYTES);
        } catch (GeneralSecurityException e) {
            throw new dev.phisafe.core.PhiProcessingException("vector key " + id + " unavailable", e);
        }
        // Marsaglia's polar method (no sin/cos): each attempt takes 16 coin bytes and is accepted with probability
        // π/4; the first 8 bytes are x'. The budget covers the expected attempts many standard deviations over;
        // if ever exhausted, the same seed's keystream is regenerated twice as long (deterministic either way).
        // Math, not StrictMath: the noise is never regenerated (the exact copy is the lossless path), so last-ulp
        // differences of Math.log between JVMs cannot matter here, unlike in the key-derived rotation.
        int pairs = (dimension + 1) / 2;
        int budget = 8 + 16 * (pairs * 3 / 2 + 16);
        double[] u = new double[dimension];
        double norm2 = 0;
        double xPrime;
        try {
            while (true) {
                byte[] coins = DcpeRotation.keystream(seed, budget);
                xPrime = DcpeRotation.uniform(coins, 0);
                int k = 0;
                int off = 8;
                norm2 = 0;
                while (k < dimension && off + 16 <= coins.length) {
                    double v1 = 2.0 * DcpeRotation.uniform(coins, off) - 1.0;
                    double v2 = 2.0 * DcpeRotation.uniform(coins, off + 8) - 1.0;
                    off += 16;
                    double r2 = v1 * v1 + v2 * v2;
                    if (r2 >= 1.0 || r2 == 0.0) {
                        continue;
                    }
                    double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
                    double a = v1 * f;
                    u[k++] = a;
                    norm2 += a * a;
                    if (k < dimension) {
                        double b = v2 * f;
                        u[k++] = b;
                        norm2 += b * b;
                    }
                }
                Arrays.fill(coins, (byte) 0);
                if (k == dimension) {
                    break;
                }
                budget *= 2;
            }
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        double radius = scale * beta / 4.0 * Math.pow(xPrime, 1.0 / dimension);
        double f = norm2 > 0 ? radius / Math.sqrt(norm2) : 0.0;
        for (int i = 0; i < dimension; i++) {
            u[i] *= f;
        }
        return u;
    }

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
