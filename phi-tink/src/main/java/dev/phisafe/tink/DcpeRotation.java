package dev.phisafe.tink;

import dev.phisafe.core.PhiProcessingException;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-derived randomness for the scale-and-perturb scheme: the keystream that turns a 32-byte PRF output into the
 * rotation's normals, the secret Haar-random rotation and its application (the per-vector coins are
 * {@link DcpeCoins}).
 *
 * <p><b>Reproducibility.</b> Documents encrypted in one JVM must be searchable with queries encrypted in another, so
 * everything derived from the key alone is bit-for-bit reproducible: the keystream is AES-256-CTR (a standard, fully
 * specified function, never {@code java.util.Random} or {@code SHA1PRNG}), normal deviates use Box–Muller with
 * {@link StrictMath} (fdlibm results on every platform), and the Gram–Schmidt orthonormalisation uses only
 * {@code +, -, *, /} and {@code sqrt} on doubles, which Java 17 evaluates exactly as IEEE 754 prescribes (strict
 * floating point everywhere since JEP 306). A known-answer test pins the digest of the rotation for a committed test key.
 */
final class DcpeRotation {
    private static final byte[] ZERO_IV = new byte[16];
    private static final ThreadLocal<Cipher> CTR = ThreadLocal.withInitial(DcpeRotation::newCtr);

    private DcpeRotation() {
    }

    private static Cipher newCtr() {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("AES-CTR unavailable for vector encryption coins", e);
        }
    }

    /**
     * @param seed  32 bytes of PRF output; used as an AES-256 key with a zero counter block (each seed is used once
     *              per purpose, so the counter never repeats under one key)
     * @param bytes number of keystream bytes
     * @return the first {@code bytes} bytes of AES-256-CTR(seed) over zeros
     */
    static byte[] keystream(byte[] seed, int bytes) {
        Cipher c = CTR.get();
        try {
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(ZERO_IV));
            return c.doFinal(new byte[bytes]);
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("AES-CTR failed while deriving vector encryption coins", e);
        }
    }

    /** 8 big-endian bytes at {@code off} as an unsigned 53-bit integer. */
    static long bits53(byte[] b, int off) {
        return (long) LONG_BE.get(b, off) >>> 11;
    }

    private static final java.lang.invoke.VarHandle LONG_BE = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** 8 big-endian bytes at {@code off} as a long. */
    static long bits64(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    /** A uniform double in [0, 1) from 8 keystream bytes. */
    static double uniform(byte[] b, int off) {
        return bits53(b, off) * 0x1.0p-53;
    }

    /** A uniform double in (0, 1] from 8 keystream bytes (safe for log). */
    static double uniformOpenZero(byte[] b, int off) {
        return (bits53(b, off) + 1) * 0x1.0p-53;
    }

    /**
     * A d×d Haar-random orthogonal matrix: Gram–Schmidt (with one re-orthogonalisation pass, "twice is enough") of
     * a matrix of independent standard normals drawn from the keystream of {@code seed}. Gram–Schmidt yields the Q
     * factor with a positive diagonal R, which is exactly Haar-distributed.
     *
     * @return the matrix as an array of its columns, as floats (the precision the rotation is applied in)
     */
    static float[][] haarOrthogonal(byte[] seed, int d) {
        int n = d * d;
        int pairs = (n + 1) / 2;
        byte[] ks = keystream(seed, pairs * 16);
        double[] g = new double[n];
        for (int p = 0, k = 0; p < pairs; p++) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(uniformOpenZero(ks, p * 16)));
            double theta = 2.0 * StrictMath.PI * uniform(ks, p * 16 + 8);
            g[k++] = r * StrictMath.cos(theta);
            if (k < n) {
                g[k++] = r * StrictMath.sin(theta);
            }
        }
        for (int j = 0; j < d; j++) {
            int cj = j * d;
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < j; i++) {
                    int ci = i * d;
                    double dot = 0;
                    for (int t = 0; t < d; t++) {
                        dot += g[ci + t] * g[cj + t];
                    }
                    for (int t = 0; t < d; t++) {
                        g[cj + t] -= dot * g[ci + t];
                    }
                }
            }
            double norm = 0;
            for (int t = 0; t < d; t++) {
                norm += g[cj + t] * g[cj + t];
            }
            norm = StrictMath.sqrt(norm);
            if (!(norm > 1e-9)) {
                // probability zero for a Gaussian matrix; refuse rather than produce a singular transform
                throw new PhiProcessingException("vector key derivation produced a degenerate rotation");
            }
            for (int t = 0; t < d; t++) {
                g[cj + t] /= norm;
            }
        }
        float[][] q = new float[d][d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                q[j][i] = (float) g[j * d + i];
            }
        }
        return q;
    }

    /**
     * y = Q·m as a sum of scaled columns, four columns per pass over y. One array per column, not one flat array:
     * C2 (JDK 17) vectorises {@code y[i] += a * column[i]} but not the same loop over a flat matrix at an offset
     * (measured 3–4× faster); four columns per pass load and store y a quarter as often (measured 11 → 8 µs at
     * d = 384; eight per pass defeats the vectoriser).
     */
    static float[] apply(float[][] columns, float[] m) {
        int d = m.length;
        float[] y = new float[d];
        int j = 0;
        for (; j + 3 < d; j += 4) {
            float m0 = m[j];
            float m1 = m[j + 1];
            float m2 = m[j + 2];
            float m3 = m[j + 3];
            float[] c0 = columns[j];
            float[] c1 = columns[j + 1];
            float[] c2 = columns[j + 2];
            float[] c3 = columns[j + 3];
            for (int i = 0; i < d; i++) {
                y[i] += m0 * c0[i] + m1 * c1[i] + m2 * c2[i] + m3 * c3[i];
            }
        }
        for (; j < d; j++) {
            float mj = m[j];
            float[] column = columns[j];
            for (int i = 0; i < d; i++) {
                y[i] += mj * column[i];
            }
        }
        return y;
    }
}
