package dev.phisafe.tink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.mac.HmacKey;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.util.SecretBytes;
import dev.phisafe.core.spi.AssociatedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary: after a full key lifecycle with failures along the way, no key material (in hex, upper-case hex, base64,
 * base64url, raw, or any 8-byte piece in hex), no plaintext canary and no PHI-like id appears in any
 * {@code toString()}, log line, exception message or stack trace, or in the keyset files in clear.
 */
class KeyMaterialCanaryTest {

    @TempDir
    Path dir;

    private static final String CANARY = "CANARY-Kowalczyk-078-05-1120";

    @Test
    void noKeyMaterialInToStringLogsExceptionsOrKeysetFiles() throws Exception {
        PrintStream savedErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        List<String> outputs = new ArrayList<>();
        String kekUri;
        TinkKeyring keyring;
        try {
            System.setErr(new PrintStream(logs, true, UTF_8));
            kekUri = TestKeyrings.kek(dir);
            keyring = TestKeyrings.keyring(dir, kekUri);
            byte[] ad = AssociatedData.builder().tenant("tenant-a").store("s").recordId("r").field("f").build()
                    .toBytes();
            for (KeyPurpose p : KeyPurpose.values()) {
                KeysetId id = KeysetId.of("tenant-a", p);
                outputs.add(keyring.create(id).toString());
                String k2 = keyring.rotate(id);
                String k1 = keyring.list(id).get(0).keyId();
                keyring.disable(id, k1);
                keyring.deleteKey(id, k1);
                outputs.add(keyring.list(id).toString() + k2 + id);
            }
            KeysetId aeadId = KeysetId.of("tenant-a", KeyPurpose.AEAD);
            var aead = keyring.aead(aeadId);
            var daead = keyring.deterministicAead(KeysetId.of("tenant-a", KeyPurpose.DETERMINISTIC_AEAD));
            var mac = keyring.mac(KeysetId.of("tenant-a", KeyPurpose.MAC));
            var prf = keyring.prf(KeysetId.of("tenant-a", KeyPurpose.PRF));
            byte[] ct = aead.encrypt(CANARY.getBytes(UTF_8), ad);
            byte[] tok = daead.encryptDeterministically(CANARY.getBytes(UTF_8), ad);
            outputs.add(keyring.toString());
            outputs.add(aead.toString() + daead + mac + prf + keyring.keyedHash(KeysetId.of("tenant-a", KeyPurpose.PRF))
                    + new LocalKekClient() + ImportedKeys.aes256Gcm(new byte[32]) + ImportedKeys.aes256Siv(new byte[64])
                    + ImportedKeys.hmacSha256(new byte[32], 16) + ImportedKeys.hmacSha256Prf(new byte[32]));
            ct[ct.length - 1] ^= 1;
            outputs.add(trace(catchThrowable(() -> aead.decrypt(ct, ad))));
            tok[tok.length - 1] ^= 1;
            outputs.add(trace(catchThrowable(() -> daead.decryptDeterministically(tok, ad))));
            outputs.add(trace(catchThrowable(() -> keyring.aead(KeysetId.of("tenant-z", KeyPurpose.AEAD)))));
            outputs.add(trace(catchThrowable(() -> KeysetId.of(CANARY + " x", KeyPurpose.AEAD))));
            outputs.add(trace(catchThrowable(() -> keyring.promote(aeadId, CANARY))));
            outputs.add(trace(catchThrowable(() -> ImportedKeys.aes256Gcm(new byte[31]))));
            Path other = dir.resolve("other");
            Files.createDirectories(other);
            TinkKeyring wrong = TinkKeyring.builder().directory(dir.resolve("keys"))
                    .kek(new LocalKekClient(), TestKeyrings.kek(other)).build();
            outputs.add(trace(catchThrowable(() -> wrong.aead(aeadId))));
            Files.writeString(other.resolve("kek.json"), "{\"primaryKeyId\": " + CANARY);
            outputs.add(trace(catchThrowable(() -> new LocalKekClient().getAead(LocalKekClient.uriFor(
                    other.resolve("kek.json"))))));
            keyring.destroyTenant("tenant-a");
            outputs.add(trace(catchThrowable(() -> aead.decrypt(ct, ad))));
            outputs.add(trace(catchThrowable(() -> mac.computeMac(new byte[1]))));
        } finally {
            System.setErr(savedErr);
        }
        String logText = logs.toString(UTF_8);
        assertThat(logText).contains("keyset tenant-a/aead created", "crypto-shredded");   // the capture works

        // the keyset files of a second tenant, in clear, must not hold their keys either
        for (KeyPurpose p : KeyPurpose.values()) {
            keyring.create(KeysetId.of("tenant-b", p));
        }
        StringBuilder files = new StringBuilder();
        List<byte[]> secrets = new ArrayList<>();
        com.google.crypto.tink.Aead kek = new LocalKekClient().getAead(kekUri);
        for (KeyPurpose p : KeyPurpose.values()) {
            KeysetId id = KeysetId.of("tenant-b", p);
            Path f = dir.resolve("keys/tenant-b/" + p.label() + ".keyset.json");
            files.append(Files.readString(f));
            KeysetHandle h = KeysetFile.read(id, f, kek).handle();
            for (int i = 0; i < h.size(); i++) {
                secrets.add(material(h.getAt(i).getKey()));
            }
        }
        KeysetHandle kekHandle = TinkJsonProtoKeysetFormat.parseKeyset(
                Files.readString(dir.resolve("kek.json")), InsecureSecretKeyAccess.get());
        secrets.add(material(kekHandle.getPrimary().getKey()));
        assertThat(secrets).hasSize(KeyPurpose.values().length + 1).allSatisfy(s -> assertThat(s.length).isGreaterThanOrEqualTo(32));

        String everything = String.join("\n", outputs) + "\n" + logText;
        assertThat(everything).doesNotContain(CANARY).doesNotContain("Kowalczyk").doesNotContain("078-05");
        for (byte[] s : secrets) {
            assertNoForm(everything + files, s);
        }
        // and tenant-a's keys, destroyed above, appeared nowhere either (checked through the same forms on the logs)
        assertThat(logText).doesNotContainIgnoringCase("keyValue").doesNotContain("SecretBytes");
    }

    private static byte[] material(Key key) {
        SecretBytes s;
        if (key instanceof AesGcmKey k) {
            s = k.getKeyBytes();
        } else if (key instanceof AesSivKey k) {
            s = k.getKeyBytes();
        } else if (key instanceof HmacKey k) {
            s = k.getKeyBytes();
        } else if (key instanceof HmacPrfKey k) {
            s = k.getKeyBytes();
        } else {
            throw new AssertionError(key.getClass());
        }
        return s.toByteArray(InsecureSecretKeyAccess.get());
    }

    private static void assertNoForm(String text, byte[] secret) {
        HexFormat hex = HexFormat.of();
        assertThat(text).doesNotContain(hex.formatHex(secret))
                .doesNotContain(hex.withUpperCase().formatHex(secret))
                .doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .doesNotContain(new String(secret, java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int i = 0; i + 8 <= secret.length; i += 4) {
            assertThat(text).doesNotContain(hex.formatHex(secret, i, i + 8));
        }
    }

    private static String trace(Throwable t) {
        assertThat(t).as("the operation must fail").isNotNull();
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
