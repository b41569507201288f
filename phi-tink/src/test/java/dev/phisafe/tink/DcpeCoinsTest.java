package dev.phisafe.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The per-vector coins (v2: one coins key, the nonce as counter block) and the ziggurat normals drawn from them. */
class DcpeCoinsTest {
    private static final int N = 4_000_000;

    private static SecretKeySpec key(int b) {
        byte[] k = new byte[32];
        k[0] = (byte) b;
        return new SecretKeySpec(k, "AES");
    }

    private static byte[] nonce(int b) {
        byte[] n = new byte[16];
        n[15] = (byte) b;
        return n;
    }

    @Test
    void normals_matchTheStandardNormalDistribution_inEveryBinAndInTheTail() {
        double a = 4.0;
        int bins = 40;
        long[] count = new long[bins + 2];          // [0] below −a, [bins + 1] above a
        double sum = 0;
        double sum2 = 0;
        double sum4 = 0;
        long beyondR = 0;
        try (DcpeCoins coins = DcpeCoins.open(key(1), nonce(1))) {
            for (int i = 0; i < N; i++) {
                double z = coins.normal();
                sum += z;
                sum2 += z * z;
                sum4 += z * z * z * z;
                if (Math.abs(z) > 3.442619855899) {
                    beyondR++;
                }
                int bin = z < -a ? 0 : z >= a ? bins + 1 : Math.min(bins, 1 + (int) ((z + a) / (2 * a) * bins));
                count[bin]++;
            }
        }
        assertThat(sum / N).isCloseTo(0.0, offset(0.003));
        assertThat(sum2 / N).isCloseTo(1.0, offset(0.005));
        assertThat(sum4 / N).isCloseTo(3.0, offset(0.04));
        // the tail sampler is exercised: P(|z| > R) = 5.76e-4 → about 2,300 draws (sd 48)
        assertThat((double) beyondR).isCloseTo(N * 5.7644e-4, offset(250.0));
        double chi2 = 0;
        double tail = 1 - 2 * mass(0, a);
        for (int b = 0; b < bins + 2; b++) {
            double p = b == 0 || b == bins + 1 ? tail / 2
                    : mass(-a + (b - 1) * 2 * a / bins, -a + b * 2 * a / bins);
            double e = N * p;
            chi2 += (count[b] - e) * (count[b] - e) / e;
        }
        // 41 degrees of freedom: P(chi2 > 85) < 1e-4; a wrong table, wedge or tail shifts mass by far more
        assertThat(chi2).isLessThan(85.0);
    }

    /** P(lo ≤ Z < hi) for a standard normal, by composite Simpson (error far below the test's resolution). */
    private static double mass(double lo, double hi) {
        int n = 2000;
        double h = (hi - lo) / n;
        double s = f(lo) + f(hi);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f(lo + i * h);
        }
        return s * h / 3 / Math.sqrt(2 * Math.PI);
    }

    private static double f(double x) {
        return Math.exp(-0.5 * x * x);
    }

    @Test
    void coins_areAFunctionOfKeyAndNonce_andDifferWhenEitherChanges() {
        assertThat(draw(key(1), nonce(1))).isEqualTo(draw(key(1), nonce(1)));
        assertThat(draw(key(1), nonce(2))).isNotEqualTo(draw(key(1), nonce(1)));
        assertThat(draw(key(2), nonce(1))).isNotEqualTo(draw(key(1), nonce(1)));
    }

    @Test
    void coins_continueAcrossKeystreamBlocks_withoutRepeating() {
        long[] words = new long[2048];                  // 16 KiB: four refills of the 4 KiB block
        try (DcpeCoins coins = DcpeCoins.open(key(3), nonce(3))) {
            for (int i = 0; i < words.length; i++) {
                words[i] = coins.nextLong();
            }
        }
        assertThat(java.util.Arrays.stream(words).distinct().count()).isEqualTo(words.length);
    }

    private static double[] draw(SecretKeySpec k, byte[] n) {
        double[] out = new double[64];
        try (DcpeCoins coins = DcpeCoins.open(k, n)) {
            for (int i = 0; i < out.length; i++) {
                out[i] = coins.normal();
            }
        }
        return out;
    }

    /**
     * Pins the v2 coin derivation (label "phi-safe/dcpe/v2/coins", AES-256-CTR with the nonce as counter block,
     * ziggurat normals) for the committed test keyset and a fixed nonce. The noise is never regenerated in production,
     * so this guards against accidental changes of the documented construction, not against orphaned data.
     */
    @Test
    void perturbation_fromTheCommittedKeysetAndAFixedNonce_matchesTheKnownAnswer() throws Exception {
        DcpeKey k = VectorTestKeys.cipher(VectorTestKeys.committedKeyset(), 8, 2.5).keys().get(0);
        double[] lambda = k.perturbation(2.5, nonce(7));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (double v : lambda) {
            int b = Float.floatToIntBits((float) v);     // float: robust to last-ulp differences of Math.log/exp
            sha.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(KAT_PERTURBATION_8);
    }

    static final String KAT_PERTURBATION_8 = "2b41384946f08cc8f606813744b3fa7bfd72097880931a24d66c7e093ff2d37e";
}
