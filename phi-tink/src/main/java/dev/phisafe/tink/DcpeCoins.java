package dev.phisafe.tink;

import dev.phisafe.core.PhiProcessingException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A per-thread source of one vector's coins: the AES-256-CTR keystream under a key's coins key with the 16-byte
 * nonce as the initial counter block, read as 64-bit words, and standard normals drawn from it with the ziggurat
 * method (Marsaglia and Tsang, <i>The Ziggurat Method for Generating Random Variables</i>, J. Stat. Softw. 5(8),
 * 2000, 128 layers, with the layer index and the uniform taken from disjoint bits of each word as Doornik (2005)
 * recommends). The ziggurat is an exact rejection sampler: about 99% of draws cost one word and one multiply, the
 * rest fall back to the wedge test (one {@code exp}) or the exact tail sampler (two {@code log}).
 *
 * <p>Reused across vectors on one thread (the Cipher is re-initialised per vector; the JDK keeps the AES key
 * schedule while the key stays the same). {@link #close()} clears the keystream buffer. Never shared.
 */
final class DcpeCoins implements AutoCloseable {
    private static final int LAYERS = 128;
    /** Start of the tail (right edge of the base strip) and the common layer area, from Marsaglia and Tsang. */
    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    /** X[i] = right edge of layer i (X[0] = V / f(R), the base strip's virtual width), X[LAYERS] = 0. */
    private static final double[] X = new double[LAYERS + 1];
    /** F[i] = f(X[i]) = exp(−X[i]²/2). */
    private static final double[] F = new double[LAYERS + 1];

    static {
        X[0] = V / Math.exp(-0.5 * R * R);
        X[1] = R;
        for (int i = 1; i < LAYERS - 1; i++) {
            X[i + 1] = Math.sqrt(-2.0 * Math.log(V / X[i] + Math.exp(-0.5 * X[i] * X[i])));
        }
        X[LAYERS] = 0.0;
        for (int i = 0; i <= LAYERS; i++) {
            F[i] = Math.exp(-0.5 * X[i] * X[i]);
        }
    }

    private static final ThreadLocal<DcpeCoins> CURRENT = ThreadLocal.withInitial(DcpeCoins::new);
    private static final int BLOCK = 4096;

    private final Cipher ctr;
    private final byte[] zeros = new byte[BLOCK];
    private final byte[] buf = new byte[BLOCK];
    private int off = BLOCK;

    private DcpeCoins() {
        try {
            ctr = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("AES-CTR unavailable for vector encryption coins", e);
        }
    }

    /**
     * @param coinsKey the vector key's AES-256 coins key
     * @param nonce    the vector's 16-byte nonce (initial counter block)
     * @return this thread's coin source, positioned at the start of that keystream; close it after use
     */
    static DcpeCoins open(SecretKeySpec coinsKey, byte[] nonce) {
        DcpeCoins c = CURRENT.get();
        try {
            c.ctr.init(Cipher.ENCRYPT_MODE, coinsKey, new IvParameterSpec(nonce));
        } catch (GeneralSecurityException e) {
            throw new PhiProcessingException("AES-CTR failed while deriving vector encryption coins", e);
        }
        c.off = BLOCK;
        return c;
    }

    /** @return the next 8 keystream bytes, big-endian */
    long nextLong() {
        if (off + 8 > BLOCK) {
            try {
                ctr.update(zeros, 0, BLOCK, buf, 0);
            } catch (GeneralSecurityException e) {
                throw new PhiProcessingException("AES-CTR failed while deriving vector encryption coins", e);
            }
            off = 0;
        }
        long v = DcpeRotation.bits64(buf, off);
        off += 8;
        return v;
    }

    /** @return a uniform double in [0, 1) (53 bits) */
    double uniform() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** @return a uniform double in (0, 1] (safe for log) */
    private double uniformOpenZero() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    /** @return a standard normal deviate (ziggurat; exact rejection sampling) */
    double normal() {
        while (true) {
            long w = nextLong();
            int i = (int) (w & (LAYERS - 1));
            double sign = (w & LAYERS) != 0 ? -1.0 : 1.0;
            double z = ((w >>> 11) * 0x1.0p-53) * X[i];
            if (z < X[i + 1]) {
                return sign * z;                            // inside the layer's rectangle under the curve
            }
            if (i == 0) {
                double a;
                double b;
                do {                                        // Marsaglia's exact tail sampler beyond R
                    a = -Math.log(uniformOpenZero()) / R;
                    b = -Math.log(uniformOpenZero());
                } while (b + b < a * a);
                return sign * (R + a);
            }
            if (F[i] + uniform() * (F[i + 1] - F[i]) < Math.exp(-0.5 * z * z)) {
                return sign * z;                            // in the wedge, under the curve
            }
        }
    }

    @Override
    public void close() {
        Arrays.fill(buf, (byte) 0);
        off = BLOCK;
    }
}
