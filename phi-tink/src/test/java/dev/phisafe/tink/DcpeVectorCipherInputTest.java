package dev.phisafe.tink;

import static dev.phisafe.tink.VectorTestKeys.newAeadKeyset;
import static dev.phisafe.tink.VectorTestKeys.newPrfKeyset;
import static dev.phisafe.tink.VectorTestKeys.randomUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import dev.phisafe.core.spi.VectorCipher.EncryptedVector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input at every entry point, builder misuse, known answers for the key derivation, and key-material canaries. */
class DcpeVectorCipherInputTest {
    private static final int D = 384;
    private static final byte[] AAD = "tenant=t-001|segment=7".getBytes(StandardCharsets.UTF_8);
    /** A value that would only appear in a message if a vector component were echoed. */
    private static final float CANARY = 0.012345678f;

    private final List<Throwable> thrown = new ArrayList<>();

    private Throwable capture(Executable call, Class<? extends Throwable> type, String messagePart) {
        Throwable t = catchThrowable(call::execute);
        assertThat(t).isInstanceOf(type).hasMessageContaining(messagePart);
        thrown.add(t);
        return t;
    }

    private static float[] canaryVector(int d) {
        float[] v = randomUnit(new Random(11), d);
        v[0] = CANARY;
        return v;
    }

    @Test
    void badVectors_failWithAClearMessageThatNeverEchoesAValue() {
        DcpeVectorCipher c = VectorTestKeys.cipher(newPrfKeyset(), D, 2.5);
        float[] nan = canaryVector(D);
        nan[5] = Float.NaN;
        float[] posInf = canaryVector(D);
        posInf[6] = Float.POSITIVE_INFINITY;
        float[] negInf = canaryVector(D);
        negInf[7] = Float.NEGATIVE_INFINITY;
        float[] huge = canaryVector(D);
        huge[8] = 1e30f;
        float[] max = canaryVector(D);
        java.util.Arrays.fill(max, Float.MAX_VALUE);
        for (boolean query : new boolean[] {false, true}) {
            String what = query ? "query" : "vector";
            java.util.function.Function<float[], Executable> call = v -> query
                    ? () -> c.encryptQuery(v) : () -> c.encrypt(v, AAD);
            capture(call.apply(null), IllegalArgumentException.class, what + " must not be null");
            capture(call.apply(new float[0]), IllegalArgumentException.class, "has 0 components, this cipher takes 384");
            capture(call.apply(canaryVector(383)), IllegalArgumentException.class, "has 383 components");
            capture(call.apply(canaryVector(385)), IllegalArgumentException.class, "has 385 components");
            capture(call.apply(new float[10_000_000]), IllegalArgumentException.class, "has 10000000 components");
            capture(call.apply(nan), IllegalArgumentException.class, "component 5 is NaN or infinite");
            capture(call.apply(posInf), IllegalArgumentException.class, "component 6 is NaN or infinite");
            capture(call.apply(negInf), IllegalArgumentException.class, "component 7 is NaN or infinite");
            capture(call.apply(huge), IllegalArgumentException.class, "norm exceeds");
            capture(call.apply(max), IllegalArgumentException.class, "norm exceeds");
        }
        assertThatThrownBy(() -> c.encrypt(canaryVector(D), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.decrypt(null, AAD)).isInstanceOf(NullPointerException.class);
        EncryptedVector ok = c.encrypt(canaryVector(D), AAD);
        assertThatThrownBy(() -> c.decrypt(ok, null)).isInstanceOf(NullPointerException.class);
        // the largest accepted vector still encrypts to finite values
        float[] big = new float[D];
        big[0] = (float) DcpeVectorCipher.MAX_NORM;
        for (float x : c.encrypt(big, AAD).searchable()) {
            assertThat(Float.isFinite(x)).isTrue();
        }
        assertThat(c.decrypt(c.encrypt(big, AAD), AAD)).containsExactly(big);
        assertNoCanary(thrown, Float.toString(CANARY), "1.0E30", Float.toString(Float.MAX_VALUE));
    }

    @Test
    void malformedRecords_areRefusedWhenBuilt() {
        capture(() -> new EncryptedVector(null, new byte[16], new float[2], new byte[1]),
                IllegalArgumentException.class, "keyId must be non-blank");
        capture(() -> new EncryptedVector(" ", new byte[16], new float[2], new byte[1]),
                IllegalArgumentException.class, "keyId must be non-blank");
        capture(() -> new EncryptedVector("1", new byte[0], new float[2], new byte[1]),
                IllegalArgumentException.class, "nonce must be non-empty");
        capture(() -> new EncryptedVector("1", new byte[16], null, new byte[1]),
                IllegalArgumentException.class, "searchable vector must be non-empty");
        capture(() -> new EncryptedVector("1", new byte[16], new float[2], null),
                IllegalArgumentException.class, "exactCopy must be non-empty");
        // a hostile record with a huge exact copy is rejected by authentication, not by running out of memory
        DcpeVectorCipher c = VectorTestKeys.cipher(newPrfKeyset(), 4, 2.5);
        capture(() -> c.decrypt(new EncryptedVector("1", new byte[16], new float[4], new byte[8 << 20]), AAD),
                dev.phisafe.core.PhiProcessingException.class, "failed authentication");
    }

    @Test
    void builder_rejectsBadRepeatedConflictingAndMissingSettings() {
        capture(() -> DcpeVectorCipher.builder().dimension(0), IllegalArgumentException.class, "dimension must be 1..2048");
        capture(() -> DcpeVectorCipher.builder().dimension(-3), IllegalArgumentException.class, "got -3");
        capture(() -> DcpeVectorCipher.builder().dimension(2049), IllegalArgumentException.class, "got 2049");
        capture(() -> DcpeVectorCipher.builder().dimension(8).dimension(8), IllegalStateException.class, "already set");
        for (double bad : new double[] {Double.NaN, 0, 0.49, -1, 64.5, Double.POSITIVE_INFINITY}) {
            capture(() -> DcpeVectorCipher.builder().beta(bad), IllegalArgumentException.class,
                    "beta must be between 0.5 and 64.0");
        }
        capture(() -> DcpeVectorCipher.builder().beta(1).beta(2), IllegalStateException.class, "beta already set");
        KeysetHandle prf = newPrfKeyset();
        capture(() -> DcpeVectorCipher.builder().keyset(prf).keyset(prf), IllegalStateException.class, "keyset already set");
        capture(() -> DcpeVectorCipher.builder().exactCopyKeyset(newAeadKeyset())
                .exactCopyAead(VectorTestKeys.tinkAead(newAeadKeyset())), IllegalStateException.class,
                "exactCopyAead conflicts with exactCopyKeyset");
        capture(() -> DcpeVectorCipher.builder().dimension(8).exactCopyKeyset(newAeadKeyset()).build(),
                IllegalStateException.class, "keyset is required");
        capture(() -> DcpeVectorCipher.builder().keyset(prf).exactCopyKeyset(newAeadKeyset()).build(),
                IllegalStateException.class, "dimension is required");
        capture(() -> DcpeVectorCipher.builder().keyset(prf).dimension(8).build(),
                IllegalStateException.class, "exactCopyKeyset or exactCopyAead is required");
        // wrong kinds of keyset
        capture(() -> DcpeVectorCipher.builder().keyset(newAeadKeyset()).exactCopyKeyset(newAeadKeyset())
                .dimension(8).build(), IllegalArgumentException.class, "must be a Tink PRF keyset");
        capture(() -> DcpeVectorCipher.builder().keyset(prf).exactCopyKeyset(prf).dimension(8).build(),
                IllegalArgumentException.class, "must be a Tink AEAD keyset");
        KeysetHandle cmac = generate(PredefinedPrfParameters.AES_CMAC_PRF);
        capture(() -> DcpeVectorCipher.builder().keyset(cmac).exactCopyKeyset(newAeadKeyset()).dimension(8).build(),
                IllegalArgumentException.class, "at least 32 output bytes");
        // defaults
        DcpeVectorCipher c = DcpeVectorCipher.builder().keyset(prf).exactCopyKeyset(newAeadKeyset()).dimension(8)
                .build();
        assertThat(c.beta()).isEqualTo(DcpeVectorCipher.DEFAULT_BETA);
        assertThat(c.dimension()).isEqualTo(8);
    }

    private static KeysetHandle generate(com.google.crypto.tink.Parameters p) {
        try {
            return KeysetHandle.generateNew(p);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Known answers for the key derivation from the committed test keyset: these digests pin the labels, the
     * keystream, the Box–Muller/StrictMath normals and the Gram–Schmidt order, so documents encrypted by one JVM or
     * release stay searchable with queries from another. If this fails, stored searchable vectors are orphaned.
     */
    @Test
    void keyDerivation_fromTheCommittedKeyset_matchesKnownAnswers() throws Exception {
        DcpeVectorCipher c8 = VectorTestKeys.cipher(VectorTestKeys.committedKeyset(), 8, 2.5);
        DcpeVectorCipher c384 = VectorTestKeys.cipher(VectorTestKeys.committedKeyset(), 384, 2.5);
        assertThat(c8.keyId()).isEqualTo("3723257648");
        assertThat(c8.keys().get(0).scale()).isEqualTo(KAT_SCALE);
        assertThat(c384.keys().get(0).scale()).isEqualTo(KAT_SCALE);
        assertThat(rotationDigest(c8)).isEqualTo(KAT_ROTATION_8);
        assertThat(rotationDigest(c384)).isEqualTo(KAT_ROTATION_384);
        assertThat(c8.keys().get(0).rotation()[0]).isEqualTo(KAT_Q8_00);
    }

    static final double KAT_SCALE = 54494.21510991224;
    static final String KAT_ROTATION_8 = "66c4cd158358bfa5f1d05401efd14a8eb7cf672f7d821e85ba00223c21dfd49e";
    static final String KAT_ROTATION_384 = "a3247b0f68dfa8bd55393fec695cec902e41dbf4fbe6c18c83b8eb66dc03e541";
    static final float KAT_Q8_00 = -0.09851175f;

    private static String rotationDigest(DcpeVectorCipher c) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (float v : c.keys().get(0).rotation()) {
            int b = Float.floatToIntBits(v);
            sha.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void keyMaterialAndDerivedSecrets_neverAppearInToStringOrExceptions() {
        String json = VectorTestKeys.committedKeysetJson();
        String value = json.replaceAll("(?s).*\"value\":\"([^\"]+)\".*", "$1");
        byte[] proto = Base64.getDecoder().decode(value);
        byte[] key = java.util.Arrays.copyOfRange(proto, proto.length - 32, proto.length);
        DcpeVectorCipher c = VectorTestKeys.cipher(VectorTestKeys.committedKeyset(), D, 2.5);
        DcpeKey k = c.keys().get(0);
        EncryptedVector e = c.encrypt(canaryVector(D), AAD);
        List<String> outputs = new ArrayList<>();
        outputs.add(c.toString());
        outputs.add(k.toString());
        outputs.add(e.toString());
        outputs.add(c.encryptQuery(canaryVector(D)).toString());
        outputs.add(VectorCopyAead.of(newAeadKeyset()).toString());
        for (Executable bad : List.<Executable>of(
                () -> c.decrypt(new EncryptedVector(e.keyId(), e.nonce(), e.searchable(), new byte[40]), AAD),
                () -> c.decrypt(e, new byte[] {1}),
                () -> c.encrypt(new float[3], AAD))) {
            Throwable t = catchThrowable(bad::execute);
            assertThat(t).isNotNull();
            thrown.add(t);
        }
        for (Throwable t : thrown) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            outputs.add(w.toString());
        }
        String all = String.join("\n", outputs);
        assertThat(all).contains("3723257648");   // key ids are fine
        String[] secrets = {
            value, HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key),
            Base64.getEncoder().withoutPadding().encodeToString(key), Double.toString(k.scale()),
            Float.toString(k.rotation()[0]), Float.toString(CANARY), Float.toString(e.searchable()[0])
        };
        for (String s : secrets) {
            assertThat(all).doesNotContain(s);
        }
    }

    private static void assertNoCanary(List<Throwable> ts, String... canaries) {
        for (Throwable t : ts) {
            for (String canary : canaries) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(canary);
            }
        }
    }
}
