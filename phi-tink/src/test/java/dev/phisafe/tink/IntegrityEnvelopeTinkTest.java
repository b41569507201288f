package dev.phisafe.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.integrity.IntegrityEnvelope;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.Mac;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrity envelope with Tink MACs: same known answer as the JDK HMAC, and rotation of the segment MAC key. */
class IntegrityEnvelopeTinkTest {

    @TempDir
    Path dir;

    private static final String TEXT = "Pt reports chest pain since 2026-08-20; troponin pending.";

    private static IntegrityEnvelope.Builder notesExample() {
        return IntegrityEnvelope.builder().tenant("tenant-a").source("fhir://ehr.example.org")
                .reference("DocumentReference/docref-889").resourceVersion("3").segment("seg-0004")
                .chunker("chunker=recursive-1000-200@1.2").contentType("text/plain;charset=utf-8")
                .labels(List.of("R")).created(Instant.parse("2026-08-20T09:15:00Z"));
    }

    /** Tink's HMAC, reporting the key id the known answer was made with (the id is bound into the MAC input). */
    private static Mac named(Mac tink, String keyId) {
        return new Mac() {
            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public String algorithm() {
                return tink.algorithm();
            }

            @Override
            public byte[] computeMac(byte[] data) {
                return tink.computeMac(data);
            }

            @Override
            public boolean verify(byte[] tag, byte[] data) {
                return tink.verify(tag, data);
            }
        };
    }

    @Test
    void tinkHmacWithTheKnownAnswerKey_givesTheKnownAnswer() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        Mac tink = named(ImportedKeys.hmacSha256(key, 32), "seg-2026-08");
        IntegrityEnvelope env = notesExample().seal(TEXT, tink);
        assertThat(env.mac()).isEqualTo("Ut5ECYWCt-y4BQniVp9hsSfmMaPsxbXf6Mz_lhKJDPE");
        assertThat(env.verify(TEXT, Mac.jdkHmacSha256(key, "seg-2026-08"))).isTrue();   // interchangeable
        assertThat(env.verify(TEXT.replace('.', '!'), tink)).isFalse();
    }

    @Test
    void keyringMac_sealsWithTheKeyIdPrefix_oldSealsVerifyAfterRotation_untilTheOldKeyIsDisabled() {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        KeysetId id = KeysetId.of("tenant-a", KeyPurpose.MAC);
        String k1 = keyring.create(id).get(0).keyId();
        Mac mac = keyring.mac(id);
        IntegrityEnvelope old = notesExample().seal(TEXT, mac);
        assertThat(old.keyId()).isEqualTo(k1);
        assertThat(java.util.Base64.getUrlDecoder().decode(old.mac())).hasSize(37);
        assertThat(old.verify(TEXT, mac)).isTrue();

        String k2 = keyring.rotate(id);
        IntegrityEnvelope fresh = notesExample().seal(TEXT, mac);
        assertThat(fresh.keyId()).isEqualTo(k2);
        assertThat(old.verify(TEXT, mac)).isTrue();
        assertThat(fresh.verify(TEXT, mac)).isTrue();

        keyring.disable(id, k1);
        assertThat(old.verify(TEXT, mac)).isFalse();
        assertThat(fresh.verify(TEXT, mac)).isTrue();

        keyring.destroyTenant("tenant-a");
        assertThatThrownBy(() -> fresh.verify(TEXT, mac)).isInstanceOf(CryptoException.class);   // fail closed
    }
}
