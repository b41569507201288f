package dev.phisafe.tink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.DeterministicAead;
import dev.phisafe.core.spi.Mac;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Project Wycheproof vectors (subsets committed under {@code src/test/resources/dev/phisafe/tink/wycheproof/}, with
 * their Apache-2.0 licence) through <em>our</em> key-import path, {@link ImportedKeys}, and phi-core's SPIs. This
 * checks our wiring (variant, output layout, tag length, exception mapping), not Tink itself. Failures are collected
 * and asserted once, as Tink's own tests do.
 */
class WycheproofTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = WycheproofTest.class.getResourceAsStream("wycheproof/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static byte[] hex(JsonNode t, String field) {
        return HEX.parseHex(t.get(field).asText());
    }

    @Test
    void aesGcm_validVectorsDecrypt_invalidVectorsAreRejected() throws IOException {
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : load("aes_gcm_test.json").get("testGroups")) {
            assertThat(group.get("keySize").asInt()).isEqualTo(256);
            for (JsonNode t : group.get("tests")) {
                Aead aead = ImportedKeys.aes256Gcm(hex(t, "key"));
                byte[] wire = concat(hex(t, "iv"), hex(t, "ct"), hex(t, "tag"));   // NO_PREFIX layout
                byte[] aad = hex(t, "aad");
                boolean shouldPass = "valid".equals(t.get("result").asText());
                try {
                    byte[] pt = aead.decrypt(wire, aad);
                    if (!shouldPass || !Arrays.equals(pt, hex(t, "msg"))) {
                        failures.add("tcId " + t.get("tcId") + ": decrypted but should not / wrong plaintext");
                    }
                    // and our own encryption of the message round-trips under the imported key
                    if (!Arrays.equals(aead.decrypt(aead.encrypt(hex(t, "msg"), aad), aad), hex(t, "msg"))) {
                        failures.add("tcId " + t.get("tcId") + ": round trip");
                    }
                    valid++;
                } catch (CryptoException e) {
                    if (shouldPass) {
                        failures.add("tcId " + t.get("tcId") + ": valid vector rejected");
                    }
                    invalid++;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(valid).isEqualTo(15);
        assertThat(invalid).isEqualTo(27);
    }

    @Test
    void aesSiv_validVectorsEncryptToTheExpectedTokenAndDecrypt_invalidVectorsAreRejected() throws IOException {
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : load("aes_siv_cmac_test.json").get("testGroups")) {
            assertThat(group.get("keySize").asInt()).isEqualTo(512);
            for (JsonNode t : group.get("tests")) {
                DeterministicAead d = ImportedKeys.aes256Siv(hex(t, "key"));
                byte[] aad = hex(t, "aad");
                byte[] msg = hex(t, "msg");
                byte[] ct = hex(t, "ct");
                if ("valid".equals(t.get("result").asText())) {
                    if (!Arrays.equals(d.encryptDeterministically(msg, aad), ct)) {
                        failures.add("tcId " + t.get("tcId") + ": wrong token");
                    }
                    if (!Arrays.equals(d.decryptDeterministically(ct, aad), msg)) {
                        failures.add("tcId " + t.get("tcId") + ": wrong plaintext");
                    }
                    valid++;
                } else {
                    try {
                        d.decryptDeterministically(ct, aad);
                        failures.add("tcId " + t.get("tcId") + ": invalid token decrypted");
                    } catch (CryptoException expected) {
                        invalid++;
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(valid).isEqualTo(30);
        assertThat(invalid).isEqualTo(40);
    }

    @Test
    void hmacSha256_validVectorsGiveTheTag_invalidTagsFailToVerify() throws IOException {
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : load("hmac_sha256_test.json").get("testGroups")) {
            int tagBytes = group.get("tagSize").asInt() / 8;
            for (JsonNode t : group.get("tests")) {
                Mac mac = ImportedKeys.hmacSha256(hex(t, "key"), tagBytes);
                byte[] msg = hex(t, "msg");
                byte[] tag = hex(t, "tag");
                if ("valid".equals(t.get("result").asText())) {
                    if (!Arrays.equals(mac.computeMac(msg), tag) || !mac.verify(tag, msg)) {
                        failures.add("tcId " + t.get("tcId") + ": wrong tag");
                    }
                    valid++;
                } else {
                    if (mac.verify(tag, msg)) {
                        failures.add("tcId " + t.get("tcId") + ": modified tag verified");
                    }
                    invalid++;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(valid).isEqualTo(23);
        assertThat(invalid).isEqualTo(8);
    }

    @Test
    void importPath_refusesWrongKeyLengthsWithoutEchoingTheKey() {
        byte[] k31 = new byte[31];
        Arrays.fill(k31, (byte) 0x5a);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportedKeys.aes256Gcm(k31))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("AES256-GCM keys must be 32 bytes, got 31");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportedKeys.aes256Siv(new byte[32]))
                .hasMessage("AES256-SIV keys must be 64 bytes, got 32");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportedKeys.hmacSha256(new byte[32], 9))
                .hasMessageContaining("10 to 32");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportedKeys.hmacSha256(new byte[8], 32))
                .hasMessageContaining("16 to 64");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportedKeys.hmacSha256Prf(null))
                .isInstanceOf(NullPointerException.class);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
