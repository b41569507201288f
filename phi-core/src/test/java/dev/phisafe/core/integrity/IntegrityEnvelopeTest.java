package dev.phisafe.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.spi.Mac;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegrityEnvelopeTest {

    static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
        }
    }

    static final String TEXT = "Pt reports chest pain since 2026-08-20; troponin pending.";

    static IntegrityEnvelope.Builder notesExample() {
        return IntegrityEnvelope.builder().tenant("tenant-a").source("fhir://ehr.example.org")
                .reference("DocumentReference/docref-889").resourceVersion("3").segment("seg-0004")
                .chunker("chunker=recursive-1000-200@1.2").contentType("text/plain;charset=utf-8")
                .labels(List.of("R")).created(Instant.parse("2026-08-20T09:15:00Z"));
    }

    @Test
    void knownAnswer_matchesAnIndependentPythonImplementation() {
        Mac mac = Mac.jdkHmacSha256(KEY, "seg-2026-08");
        IntegrityEnvelope env = notesExample().seal(TEXT, mac);

        assertThat(env.textSha256()).isEqualTo("V9qGEjjtmqAVB-P9pjV9JKx1tSNn2RMYoM0-AzBqhxQ");
        assertThat(env.mac()).isEqualTo("Ut5ECYWCt-y4BQniVp9hsSfmMaPsxbXf6Mz_lhKJDPE");
        byte[] input = env.macInput("HS256", "seg-2026-08", java.util.Base64.getUrlDecoder().decode(env.textSha256()));
        assertThat(input).hasSize(260);
        // python3: b"".join(struct.pack(">I", len(x)) + x for x in fields).hex()
        assertThat(HexFormat.of().formatHex(input)).isEqualTo("0000000e7068692d7365672d6d61632f7631000000054853323536"
                + "0000000b7365672d323032362d30380000000874656e616e742d6100000016666869723a2f2f6568722e6578616d706c652e"
                + "6f72670000001c446f63756d656e745265666572656e63652f646f637265662d3838390000000133000000087365672d3030"
                + "30340000001e6368756e6b65723d7265637572736976652d313030302d32303040312e3200000018746578742f706c61696e"
                + "3b636861727365743d7574662d380000002057da861238ed9aa01507e3fda6357d24ac75b52367d91318a0cd3e03306a8714"
                + "000000015200000018323032362d30382d32305430393a31353a30302e3030305a");
        assertThat(env.verify(TEXT, mac)).isTrue();
        assertThat(env.toMetadata()).containsEntry("phi.int.v", "1").containsEntry("phi.int.alg", "HS256")
                .containsEntry("phi.int.kid", "seg-2026-08").containsEntry("phi.created", "2026-08-20T09:15:00.000Z")
                .containsEntry("phi.labels", "R").hasSize(14);
    }

    @Test
    void secondKnownAnswer_nfcNonBmpAndTwoLabels_decomposedAndComposedTextSealAlike() {
        Mac mac = Mac.jdkHmacSha256(KEY, "k-2");
        IntegrityEnvelope.Builder b = IntegrityEnvelope.builder().tenant("tenant-b").source("hl7v2://lab")
                .reference("ORU/msg-17").resourceVersion("12").segment("seg-0001").chunker("chunker=sentence@2")
                .contentType("text/plain;charset=utf-8").labels(List.of("R", "N"))
                .created(Instant.parse("2026-01-02T03:04:05.006789Z"));
        String decomposed = "Ame\u0301lie Dupont \uD83D\uDE00 HbA1c 7.2%";
        IntegrityEnvelope env = b.seal(decomposed, mac);
        assertThat(env.mac()).isEqualTo("Hp68Yobh4yD_3QK_SfV2fMp50HuCMR_NeMKYVXjMXHs");
        assertThat(env.textSha256()).isEqualTo("ACCmpkFqU6tkpbBjLhXSY1QhaCrwimMuMcAD-rVYGCE");
        assertThat(env.labels()).containsExactly("N", "R");
        assertThat(env.verify("Am\u00e9lie Dupont \uD83D\uDE00 HbA1c 7.2%", mac)).isTrue();
    }

    @Test
    void anyChangeOfTextOrOfAnySealedFact_failsVerification() {
        Mac mac = Mac.jdkHmacSha256(KEY, "seg-2026-08");
        Map<String, String> good = notesExample().seal(TEXT, mac).toMetadata();
        Map<String, String> changes = new HashMap<>();
        changes.put("phi.int.alg", "HS512");
        changes.put("phi.int.kid", "seg-2026-09");
        changes.put("phi.tenant", "tenant-b");
        changes.put("phi.src", "fhir://other.example.org");
        changes.put("phi.ref", "DocumentReference/docref-890");
        changes.put("phi.ver", "4");
        changes.put("phi.seg", "seg-0005");
        changes.put("phi.chunker", "chunker=recursive-500-100@1.2");
        changes.put("phi.ctype", "text/markdown");
        changes.put("phi.labels", "");                                  // a downgrade: R removed
        changes.put("phi.created", "2026-08-20T09:15:00.001Z");
        changes.put("phi.int.sha256", "W9qGEjjtmqAVB-P9pjV9JKx1tSNn2RMYoM0-AzBqhxQ");
        changes.put("phi.int.mac", "Vt5ECYWCt-y4BQniVp9hsSfmMaPsxbXf6Mz_lhKJDPE");
        for (Map.Entry<String, String> c : changes.entrySet()) {
            Map<String, String> m = new HashMap<>(good);
            m.put(c.getKey(), c.getValue());
            assertThat(IntegrityEnvelope.fromMetadata(m).verify(TEXT, mac)).as(c.getKey()).isFalse();
        }
        IntegrityEnvelope env = IntegrityEnvelope.fromMetadata(good);
        assertThat(env.verify(TEXT, mac)).isTrue();
        for (String other : List.of(TEXT + " ", TEXT.substring(1), TEXT.replace("pain", "Pain"), "",
                TEXT.replace("troponin", "troponin\u200b"), "\uD800" + TEXT)) {
            assertThat(env.verify(other, mac)).as(other).isFalse();
        }
        assertThat(env.verify(TEXT, Mac.jdkHmacSha256(new byte[32], "seg-2026-08"))).isFalse();
    }

    @Test
    void metadataRoundTrip_andMalformedMetadataNamesTheKeyWithoutTheValue() {
        Mac mac = Mac.jdkHmacSha256(KEY, "seg-2026-08");
        IntegrityEnvelope env = notesExample().labels(List.of("R", "N", "V")).seal(TEXT, mac);
        IntegrityEnvelope back = IntegrityEnvelope.fromMetadata(env.toMetadata());
        assertThat(back.toMetadata()).isEqualTo(env.toMetadata());
        assertThat(back.created()).isEqualTo(Instant.parse("2026-08-20T09:15:00Z"));
        assertThat(back.verify(TEXT, mac)).isTrue();

        Map<String, String> m = new HashMap<>(env.toMetadata());
        m.remove("phi.seg");
        assertThatThrownBy(() -> IntegrityEnvelope.fromMetadata(m)).hasMessage("phi.seg is missing");
        Map<String, String> m2 = new HashMap<>(env.toMetadata());
        m2.put("phi.created", "Anna Kowalczyk");
        assertThatThrownBy(() -> IntegrityEnvelope.fromMetadata(m2)).hasMessageContaining("phi.created")
                .hasMessageNotContaining("Anna");
        Map<String, String> m3 = new HashMap<>(env.toMetadata());
        m3.put("phi.labels", "V,N,R");
        assertThatThrownBy(() -> IntegrityEnvelope.fromMetadata(m3)).hasMessageContaining("sorted");
        Map<String, String> m4 = new HashMap<>(env.toMetadata());
        m4.put("phi.int.mac", "not base64!");
        assertThatThrownBy(() -> IntegrityEnvelope.fromMetadata(m4)).hasMessage("phi.int.mac is not base64url");
        Map<String, String> m5 = new HashMap<>(env.toMetadata());
        m5.put("phi.int.v", "2");
        assertThatThrownBy(() -> IntegrityEnvelope.fromMetadata(m5)).hasMessageContaining("phi.int.v");
    }

    @Test
    void badInputToTheBuilder_isRefusedClearly_andToStringHoldsIdsOnly() {
        Mac mac = Mac.jdkHmacSha256(KEY, "k");
        assertThatThrownBy(() -> IntegrityEnvelope.builder().tenant("t").seal(TEXT, mac))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> notesExample().labels(List.of("R,N"))).hasMessageContaining("comma");
        assertThatThrownBy(() -> notesExample().labels(List.of("R", "R"))).hasMessageContaining("repeat");
        assertThatThrownBy(() -> notesExample().segment("")).hasMessageContaining("segment");
        assertThatThrownBy(() -> notesExample().reference("x".repeat(1025))).hasMessageContaining("reference");
        assertThatThrownBy(() -> notesExample().seal("\uDC00 lone", mac)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
        assertThat(notesExample().seal("x".repeat(5_000_000), mac).verify("x".repeat(5_000_000), mac)).isTrue();
        IntegrityEnvelope env = notesExample().seal(TEXT, mac);
        assertThat(env.toString()).contains("tenant=tenant-a", "seg=seg-0004", "kid=k")
                .doesNotContain(env.mac()).doesNotContain(env.textSha256()).doesNotContain("chest");
    }
}
