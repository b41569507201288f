package dev.phisafe.tink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.AssociatedData;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.DeterministicAead;
import dev.phisafe.core.spi.Mac;
import dev.phisafe.core.spi.Prf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinkKeyringTest {

    @TempDir
    Path dir;

    private static final byte[] AD = AssociatedData.builder().tenant("tenant-a").store("notes").recordId("r-1")
            .field("text").build().toBytes();
    private static final byte[] NOTE = "Pt reports chest pain".getBytes(UTF_8);

    @Test
    void create_writesAnOwnerOnlyFile_listShowsOnePrimaryWithItsCreationDate() throws Exception {
        Instant t0 = Instant.parse("2026-08-20T09:15:00Z");
        TinkKeyring keyring = TinkKeyring.builder().directory(dir.resolve("keys"))
                .kek(new LocalKekClient(), TestKeyrings.kek(dir)).clock(Clock.fixed(t0, ZoneOffset.UTC)).build();
        KeysetId id = KeysetId.of("tenant-a", KeyPurpose.AEAD);

        List<KeyInfo> keys = keyring.create(id);

        assertThat(keys).singleElement().satisfies(k -> {
            assertThat(k.primary()).isTrue();
            assertThat(k.status()).isEqualTo(KeyInfo.Status.ENABLED);
            assertThat(k.created()).isEqualTo(t0);
            assertThat(k.keyId()).matches("[0-9a-f]{8}");
        });
        Path file = dir.resolve("keys/tenant-a/aead.keyset.json");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("phisafe-keyset/1", keys.get(0).keyId(), "2026-08-20T09:15:00Z");
        assertThat(keyring.keysets("tenant-a")).containsExactly(id);
        assertThatThrownBy(() -> keyring.create(id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists already");
    }

    @Test
    void aKeyringOnTheSameFilesAndKek_decryptsWhatAnotherMade() {
        String kek = TestKeyrings.kek(dir);
        TinkKeyring a = TestKeyrings.keyring(dir, kek);
        KeysetId id = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        a.create(id);
        byte[] ct = a.aead(id).encrypt(NOTE, AD);

        TinkKeyring b = TestKeyrings.keyring(dir, kek);
        assertThat(b.aead(id).decrypt(ct, AD)).isEqualTo(NOTE);
        assertThat(b.list(id)).isEqualTo(a.list(id));
    }

    @Test
    void rotation_primaryEncrypts_oldKeysDecrypt_disabledKeysFail_deletedKeysAreGone() {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        KeysetId id = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        String k1 = keyring.create(id).get(0).keyId();
        Aead aead = keyring.aead(id);                        // handed out once, follows every change below
        byte[] old = aead.encrypt(NOTE, AD);
        assertThat(aead.keyIdOf(old)).isEqualTo(k1);

        // 1. add: decrypts, does not encrypt yet
        String k2 = keyring.addKey(id);
        assertThat(aead.keyId()).isEqualTo(k1);
        assertThat(aead.keyIdOf(aead.encrypt(NOTE, AD))).isEqualTo(k1);
        // 2. promote: the new key encrypts, the old one still decrypts
        keyring.promote(id, k2);
        byte[] fresh = aead.encrypt(NOTE, AD);
        assertThat(aead.keyId()).isEqualTo(k2);
        assertThat(aead.keyIdOf(fresh)).isEqualTo(k2);
        assertThat(aead.decrypt(old, AD)).isEqualTo(NOTE);
        // 3. re-encrypt what the old key made
        byte[] reencrypted = aead.encrypt(aead.decrypt(old, AD), AD);
        assertThat(aead.keyIdOf(reencrypted)).isEqualTo(k2);
        // 4. disable: old ciphertexts fail, new ones work; enable undoes it
        keyring.disable(id, k1);
        assertThatThrownBy(() -> aead.decrypt(old, AD)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("decryption failed");
        assertThat(aead.decrypt(fresh, AD)).isEqualTo(NOTE);
        keyring.enable(id, k1);
        assertThat(aead.decrypt(old, AD)).isEqualTo(NOTE);
        keyring.disable(id, k1);
        // 5. delete
        keyring.deleteKey(id, k1);
        assertThat(keyring.list(id)).extracting(KeyInfo::keyId).containsExactly(k2);
        assertThatThrownBy(() -> aead.decrypt(old, AD)).isInstanceOf(CryptoException.class);
        assertThat(aead.decrypt(reencrypted, AD)).isEqualTo(NOTE);
        // and it survives a reload from the file
        keyring.reload();
        assertThat(keyring.list(id)).singleElement().satisfies(k -> assertThat(k.primary()).isTrue());
    }

    @Test
    void lifecycleMisuse_isRefusedWithAClearMessage() {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        KeysetId id = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        String k1 = keyring.create(id).get(0).keyId();
        String k2 = keyring.addKey(id);
        assertThatThrownBy(() -> keyring.disable(id, k1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("primary");
        assertThatThrownBy(() -> keyring.deleteKey(id, k2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disable it");
        keyring.disable(id, k2);
        assertThatThrownBy(() -> keyring.promote(id, k2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("disabled");
        assertThatThrownBy(() -> keyring.promote(id, "00000000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no key 00000000");
        assertThatThrownBy(() -> keyring.promote(id, "John Smith")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("John");
        assertThatThrownBy(() -> keyring.mac(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is for aead, not mac");
        KeysetId missing = KeysetId.of("tenant-b", KeyPurpose.AEAD);
        assertThatThrownBy(() -> keyring.aead(missing)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KeysetId.of("../etc", KeyPurpose.AEAD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeysetId.of("Jane Doe", KeyPurpose.AEAD)).hasMessageNotContaining("Jane");
        assertThatThrownBy(() -> KeysetId.ofPatient("t", "", KeyPurpose.AEAD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TinkKeyring.builder().directory(dir).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kek");
        assertThatThrownBy(() -> TinkKeyring.builder().kek(new LocalKekClient(), "aws-kms://arn:x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysetFile_movedToAnotherTenant_editedOrUnderAnotherKek_doesNotLoad() throws Exception {
        String kek = TestKeyrings.kek(dir);
        TinkKeyring keyring = TestKeyrings.keyring(dir, kek);
        KeysetId a = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        keyring.create(a);
        Path fileA = dir.resolve("keys/tenant-a/aead.keyset.json");

        // moved to tenant-b (with the tenant name edited to match): the associated data no longer authenticates
        Path fileB = dir.resolve("keys/tenant-b/aead.keyset.json");
        Files.createDirectories(fileB.getParent());
        Files.writeString(fileB, Files.readString(fileA).replace("\"tenant-a\"", "\"tenant-b\""));
        assertThatThrownBy(() -> keyring.aead(KeysetId.of("tenant-b", KeyPurpose.AEAD)))
                .isInstanceOf(CryptoException.class).hasMessageContaining("does not decrypt");

        // a back-dated creation date
        Files.writeString(fileA, Files.readString(fileA).replaceFirst("\"created\" : \"20", "\"created\" : \"19"));
        TinkKeyring fresh = TestKeyrings.keyring(dir, kek);
        assertThatThrownBy(() -> fresh.list(a)).isInstanceOf(CryptoException.class);

        // another KEK
        KeysetId c = KeysetId.of("tenant-c", KeyPurpose.AEAD);
        keyring.create(c);
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        TinkKeyring wrongKek = TinkKeyring.builder().directory(dir.resolve("keys"))
                .kek(new LocalKekClient(), TestKeyrings.kek(other)).build();
        assertThatThrownBy(() -> wrongKek.aead(c)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("does not decrypt under this KEK");

        // garbage
        Files.writeString(dir.resolve("keys/tenant-c/aead.keyset.json"), "{not json");
        assertThatThrownBy(() -> TestKeyrings.keyring(dir, kek).aead(c)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void everyPurpose_worksThroughItsSpi() {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        for (KeyPurpose p : KeyPurpose.values()) {
            keyring.create(KeysetId.of("tenant-a", p));
        }
        DeterministicAead daead = keyring.deterministicAead(KeysetId.of("tenant-a", KeyPurpose.DETERMINISTIC_AEAD));
        byte[] t1 = daead.encryptDeterministically("E11.9".getBytes(UTF_8), AD);
        assertThat(daead.encryptDeterministically("E11.9".getBytes(UTF_8), AD)).isEqualTo(t1);
        assertThat(t1).hasSize(5 + 16 + 5);
        assertThat(daead.decryptDeterministically(t1, AD)).isEqualTo("E11.9".getBytes(UTF_8));
        assertThat(daead.keyIdOf(t1)).isEqualTo(daead.keyId());

        Mac mac = keyring.mac(KeysetId.of("tenant-a", KeyPurpose.MAC));
        byte[] tag = mac.computeMac(NOTE);
        assertThat(tag).hasSize(37);
        assertThat(mac.verify(tag, NOTE)).isTrue();

        KeysetId prfId = KeysetId.of("tenant-a", KeyPurpose.PRF);
        Prf prf = keyring.prf(prfId);
        assertThat(prf.compute(NOTE, 16)).hasSize(16).isEqualTo(prf.compute(NOTE, 16));
        assertThat(keyring.keyedHash(prfId).hash(NOTE)).isEqualTo(prf.compute(NOTE, 32));
        assertThatThrownBy(() -> prf.compute(NOTE, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> prf.compute(NOTE, 0)).isInstanceOf(IllegalArgumentException.class);
        // after rotation, a blind index can be computed under both keys
        String old = prf.keyId();
        byte[] before = prf.compute(NOTE, 32);
        String k2 = keyring.rotate(prfId);
        Map<String, byte[]> all = prf.computeUnderAllKeys(NOTE, 32);
        assertThat(all).containsOnlyKeys(old, k2);
        assertThat(all.get(old)).isEqualTo(before);
        assertThat(prf.compute(NOTE, 32)).isEqualTo(all.get(k2)).isNotEqualTo(before);

        assertThat(keyring.prf(KeysetId.of("tenant-a", KeyPurpose.VECTOR)).compute(NOTE, 32)).isNotEqualTo(before);
        assertThat(keyring.keysets("tenant-a")).hasSize(KeyPurpose.values().length);
    }

    @Test
    void aead_isRandomised_andTheKeyIdPrefixIsTinks() {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        KeysetId id = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        keyring.create(id);
        Aead aead = keyring.aead(id);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1 << 12; i++) {
            seen.add(java.util.HexFormat.of().formatHex(aead.encrypt(NOTE, AD)));
        }
        assertThat(seen).hasSize(1 << 12);
        byte[] ct = aead.encrypt(new byte[0], new byte[0]);
        assertThat(ct).hasSize(33);
        assertThat(ct[0]).isEqualTo((byte) 1);
        assertThat(aead.decrypt(ct, new byte[0])).isEmpty();
        assertThatThrownBy(() -> aead.keyIdOf(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aead.encrypt(null, AD)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> aead.decrypt(ct, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> aead.decrypt(new byte[0], AD)).isInstanceOf(CryptoException.class);
        byte[] huge = new byte[8 << 20];
        assertThat(aead.decrypt(aead.encrypt(huge, AD), AD)).isEqualTo(huge);
    }
}
