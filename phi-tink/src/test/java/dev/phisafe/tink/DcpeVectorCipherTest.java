package dev.phisafe.tink;

import static dev.phisafe.tink.VectorTestKeys.cosine;
import static dev.phisafe.tink.VectorTestKeys.distance;
import static dev.phisafe.tink.VectorTestKeys.newAeadKeyset;
import static dev.phisafe.tink.VectorTestKeys.newPrfKeyset;
import static dev.phisafe.tink.VectorTestKeys.randomUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.spi.VectorCipher.EncryptedQuery;
import dev.phisafe.core.spi.VectorCipher.EncryptedVector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DcpeVectorCipherTest {
    private static final int D = 384;
    private static final byte[] AAD = "ees/v1|tenant=t-001|store=notes|segment=42|field=vector"
            .getBytes(StandardCharsets.UTF_8);
    private static final DcpeVectorCipher CIPHER = VectorTestKeys.cipher(newPrfKeyset(), D, 2.5);

    @Test
    void decrypt_returnsTheExactVectorThatWasEncrypted() {
        float[] m = randomUnit(new Random(1), D);
        EncryptedVector e = CIPHER.encrypt(m, AAD);
        assertThat(e.keyId()).isEqualTo(CIPHER.keyId());
        assertThat(e.searchable()).hasSize(D);
        assertThat(CIPHER.decrypt(e, AAD)).containsExactly(m);
        // a record rebuilt from the parts a store kept decrypts too
        EncryptedVector rebuilt = new EncryptedVector(e.keyId(), e.nonce(), e.searchable(), e.exactCopy());
        assertThat(rebuilt).isEqualTo(e);
        assertThat(CIPHER.decrypt(rebuilt, AAD)).containsExactly(m);
    }

    @Test
    void encrypt_samePlaintextTwice_givesDifferentNoncesSearchableVectorsAndCopies() {
        float[] m = randomUnit(new Random(2), D);
        EncryptedVector a = CIPHER.encrypt(m, AAD);
        EncryptedVector b = CIPHER.encrypt(m, AAD);
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.searchable()).isNotEqualTo(b.searchable());
        assertThat(a.exactCopy()).isNotEqualTo(b.exactCopy());
        assertThat(a).isNotEqualTo(b);
        List<EncryptedQuery> q1 = CIPHER.encryptQuery(m);
        List<EncryptedQuery> q2 = CIPHER.encryptQuery(m);
        assertThat(q1.get(0).searchable()).isNotEqualTo(q2.get(0).searchable());
    }

    @Test
    void encrypt_2pow17Times_neverRepeatsANonce() {
        DcpeVectorCipher small = VectorTestKeys.cipher(newPrfKeyset(), 2, 2.5);
        float[] m = {0.6f, 0.8f};
        Set<ByteBuffer> nonces = new HashSet<>();
        int n = 1 << 17;
        for (int i = 0; i < n; i++) {
            byte[] nonce = small.encrypt(m, AAD).nonce();
            assertThat(nonce).hasSize(DcpeVectorCipher.NONCE_BYTES);
            nonces.add(ByteBuffer.wrap(nonce));
        }
        assertThat(nonces).hasSize(n);
    }

    @Test
    void perturbation_staysInTheBallOfRadiusSBetaOver4_andFillsIt() {
        DcpeKey key = CIPHER.keys().get(0);
        double s = key.scale();
        Random rnd = new Random(3);
        double max = 0;
        double sum = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            float[] m = randomUnit(rnd, D);
            float[] c = CIPHER.encrypt(m, AAD).searchable();
            float[] y = key.rotate(m);
            double r2 = 0;
            for (int j = 0; j < D; j++) {
                double l = c[j] / s - y[j];
                r2 += l * l;
            }
            double r = Math.sqrt(r2);
            max = Math.max(max, r);
            sum += r;
        }
        double bound = 2.5 / 4;
        assertThat(max).isLessThanOrEqualTo(bound * (1 + 1e-5));
        // uniform in a d-ball: E[radius] = bound * d/(d+1), almost all mass near the surface
        assertThat(sum / n).isCloseTo(bound * D / (D + 1.0), org.assertj.core.data.Offset.offset(0.002));
    }

    @Test
    void distanceComparisons_arePreservedWheneverPlaintextDistancesDifferByMoreThanBeta() {
        int d = 16;
        double beta = 0.5;
        DcpeVectorCipher c = VectorTestKeys.cipher(newPrfKeyset(), d, beta);
        double s = c.keys().get(0).scale();
        Random rnd = new Random(4);
        int checked = 0;
        for (int t = 0; t < 3000; t++) {
            float[] x = scaled(randomUnit(rnd, d), 3 * rnd.nextDouble());
            float[] y = scaled(randomUnit(rnd, d), 3 * rnd.nextDouble());
            float[] z = scaled(randomUnit(rnd, d), 3 * rnd.nextDouble());
            float[] ex = c.encrypt(x, AAD).searchable();
            float[] ey = c.encrypt(y, AAD).searchable();
            float[] ez = c.encrypt(z, AAD).searchable();
            // |‖E(x)−E(y)‖ − s‖x−y‖| ≤ sβ/2
            assertThat(Math.abs(distance(ex, ey) / s - distance(x, y))).isLessThanOrEqualTo(beta / 2 + 1e-4);
            if (distance(x, y) < distance(x, z) - beta) {
                assertThat(distance(ex, ey)).isLessThan(distance(ex, ez));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    private static float[] scaled(float[] v, double f) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * f);
        }
        return out;
    }

    @Test
    void rotation_isOrthogonalAndDenseNotAShuffle() {
        float[] q = CIPHER.keys().get(0).rotation();
        double maxErr = 0;
        double maxEntry = 0;
        for (int i = 0; i < D; i++) {
            for (int j = i; j < D; j++) {
                double dot = 0;
                for (int t = 0; t < D; t++) {
                    dot += (double) q[i * D + t] * q[j * D + t];
                }
                maxErr = Math.max(maxErr, Math.abs(dot - (i == j ? 1 : 0)));
            }
        }
        for (float v : q) {
            maxEntry = Math.max(maxEntry, Math.abs(v));
        }
        assertThat(maxErr).isLessThan(1e-5);
        // Haar entries are about N(0, 1/d): a permutation would have entries of 1
        assertThat(maxEntry).isLessThan(0.35);
    }

    @Test
    void differentKeys_giveUnrelatedCiphertexts_sameKeyGivesCloseOnes() {
        DcpeVectorCipher a = VectorTestKeys.cipher(newPrfKeyset(), D, 1.0);
        DcpeVectorCipher b = VectorTestKeys.cipher(newPrfKeyset(), D, 1.0);
        assertThat(a.keyId()).isNotEqualTo(b.keyId());
        assertThat(a.keys().get(0).scale()).isNotEqualTo(b.keys().get(0).scale());
        Random rnd = new Random(5);
        double worstCross = 0;
        double worstSame = 1;
        for (int i = 0; i < 50; i++) {
            float[] m = randomUnit(rnd, D);
            float[] ea1 = a.encrypt(m, AAD).searchable();
            float[] ea2 = a.encryptQuery(m).get(0).searchable();
            float[] eb = b.encrypt(m, AAD).searchable();
            worstCross = Math.max(worstCross, Math.abs(cosine(ea1, eb)));
            worstSame = Math.min(worstSame, cosine(ea1, ea2));
        }
        assertThat(worstSame).isGreaterThan(0.9);          // ≈ 1/(1+(β/4)²) = 0.94
        assertThat(worstCross).isLessThan(0.25);          // ≈ N(0, 1/d): 3.5σ ≈ 0.18
    }

    @Test
    void rotatedKeyset_primaryEncrypts_queriesCoverEveryEnabledKey_oldRecordsStayFindableAndDecryptable()
            throws Exception {
        KeysetHandle v1 = newPrfKeyset();
        KeysetHandle aead = newAeadKeyset();
        DcpeVectorCipher old = DcpeVectorCipher.builder().keyset(v1).exactCopyKeyset(aead).dimension(D).build();
        float[] m = randomUnit(new Random(6), D);
        EncryptedVector stored = old.encrypt(m, AAD);

        KeysetHandle v2 = KeysetHandle.newBuilder(v1)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
                        .withRandomId().makePrimary())
                .build();
        DcpeVectorCipher current = DcpeVectorCipher.builder().keyset(v2).exactCopyKeyset(aead).dimension(D).build();
        assertThat(current.keyIds()).hasSize(2).startsWith(current.keyId()).contains(old.keyId());
        assertThat(current.keyId()).isNotEqualTo(old.keyId());
        assertThat(current.encrypt(m, AAD).keyId()).isEqualTo(current.keyId());

        List<EncryptedQuery> queries = current.encryptQuery(m);
        assertThat(queries).extracting(EncryptedQuery::keyId).containsExactlyElementsOf(current.keyIds());
        EncryptedQuery underOld = queries.stream().filter(q -> q.keyId().equals(stored.keyId())).findFirst()
                .orElseThrow();
        assertThat(cosine(underOld.searchable(), stored.searchable())).isGreaterThan(0.6);
        EncryptedQuery underNew = queries.get(0);
        assertThat(Math.abs(cosine(underNew.searchable(), stored.searchable()))).isLessThan(0.25);
        assertThat(current.decrypt(stored, AAD)).containsExactly(m);   // lossless re-keying path

        KeysetHandle.Builder disabling = KeysetHandle.newBuilder(v2);
        for (int i = 0; i < disabling.size(); i++) {
            if (!disabling.getAt(i).isPrimary()) {
                disabling.getAt(i).setStatus(KeyStatus.DISABLED);
            }
        }
        DcpeVectorCipher after = DcpeVectorCipher.builder().keyset(disabling.build()).exactCopyKeyset(aead)
                .dimension(D).build();
        assertThat(after.keyIds()).containsExactly(current.keyId());
    }

    @Test
    void decrypt_rejectsEveryBitFlipTruncationAndAppendedByteOfTheExactCopy() {
        float[] m = randomUnit(new Random(7), 8);
        DcpeVectorCipher c = VectorTestKeys.cipher(newPrfKeyset(), 8, 2.5);
        EncryptedVector e = c.encrypt(m, AAD);
        byte[] ct = e.exactCopy();
        int rejected = 0;
        for (int i = 0; i < ct.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] t = ct.clone();
                t[i] ^= (byte) (1 << bit);
                assertRejected(c, with(e, t), AAD);
                rejected++;
            }
        }
        for (int len = 1; len < ct.length; len++) {
            assertRejected(c, with(e, Arrays.copyOf(ct, len)), AAD);
            rejected++;
        }
        assertRejected(c, with(e, Arrays.copyOf(ct, ct.length + 1)), AAD);
        assertThat(rejected).isEqualTo(ct.length * 9 - 1);
    }

    @Test
    void decrypt_rejectsChangedNonceKeyIdAssociatedDataAndAnotherExactCopyKey() {
        float[] m = randomUnit(new Random(8), D);
        EncryptedVector e = CIPHER.encrypt(m, AAD);
        byte[] nonce = e.nonce();
        nonce[0] ^= 1;
        assertRejected(CIPHER, new EncryptedVector(e.keyId(), nonce, e.searchable(), e.exactCopy()), AAD);
        assertRejected(CIPHER, new EncryptedVector(e.keyId() + "0", e.nonce(), e.searchable(), e.exactCopy()), AAD);
        assertRejected(CIPHER, e, "ees/v1|tenant=t-002|store=notes|segment=42|field=vector"
                .getBytes(StandardCharsets.UTF_8));
        assertRejected(CIPHER, e, new byte[0]);
        // a record of another cipher sharing the vector key but not the exact-copy key (wrong key)
        KeysetHandle prf = newPrfKeyset();
        DcpeVectorCipher one = VectorTestKeys.cipher(prf, D, 2.5);
        DcpeVectorCipher other = VectorTestKeys.cipher(prf, D, 2.5);
        assertRejected(other, one.encrypt(m, AAD), AAD);
    }

    private static EncryptedVector with(EncryptedVector e, byte[] exactCopy) {
        return new EncryptedVector(e.keyId(), e.nonce(), e.searchable(), exactCopy);
    }

    private static void assertRejected(DcpeVectorCipher c, EncryptedVector e, byte[] aad) {
        assertThatThrownBy(() -> c.decrypt(e, aad)).isInstanceOf(PhiProcessingException.class)
                .hasMessageContaining("exact vector copy");
    }

    @Test
    void exactCopyAead_anyPhiCoreAeadWorks_andExactCopyKeyIsReported() {
        KeysetHandle aeadKeyset = newAeadKeyset();
        DcpeVectorCipher c = DcpeVectorCipher.builder().keyset(newPrfKeyset())
                .exactCopyAead(VectorTestKeys.tinkAead(aeadKeyset)).dimension(D).build();
        float[] m = randomUnit(new Random(9), D);
        assertThat(c.decrypt(c.encrypt(m, AAD), AAD)).containsExactly(m);
        assertThat(c.toString()).contains("exactCopyKeyId=" + Integer.toUnsignedString(aeadKeyset.getPrimary().getId()));
    }

    @Test
    void encrypt_isThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = 100 + t;
                results.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    for (int i = 0; i < 200; i++) {
                        float[] m = randomUnit(rnd, D);
                        EncryptedVector e = CIPHER.encrypt(m, AAD);
                        if (!Arrays.equals(CIPHER.decrypt(e, AAD), m)
                                || cosine(e.searchable(), CIPHER.encryptQuery(m).get(0).searchable()) < 0.5) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
