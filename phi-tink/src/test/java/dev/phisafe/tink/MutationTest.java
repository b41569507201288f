package dev.phisafe.tink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.AssociatedData;
import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.core.spi.DeterministicAead;
import dev.phisafe.core.spi.Mac;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tink's {@code generateMutations} pattern on our wiring: every bit flip, every truncation and an appended byte of a
 * ciphertext, token or tag, and a change of every associated-data component, is rejected (fail closed).
 */
class MutationTest {

    @TempDir
    Path dir;

    private static final AssociatedData AD = AssociatedData.builder().tenant("tenant-a").store("notes")
            .recordId("seg-0004").field("text").build();
    private static final byte[] PLAIN = "Pt reports chest pain since 2026-08-20.".getBytes(UTF_8);

    static List<byte[]> mutations(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < b.length * 8; i++) {
            byte[] m = b.clone();
            m[i / 8] ^= (byte) (1 << (i % 8));
            out.add(m);
        }
        for (int n = 0; n < b.length; n++) {
            out.add(Arrays.copyOf(b, n));
        }
        for (int v : new int[] {0, 1, 0xFF}) {
            byte[] m = Arrays.copyOf(b, b.length + 1);
            m[b.length] = (byte) v;
            out.add(m);
        }
        return out;
    }

    static List<AssociatedData> otherPlaces() {
        return List.of(AD.toBuilder().formatVersion(2).build(), AD.toBuilder().tenant("tenant-b").build(),
                AD.toBuilder().store("notes2").build(), AD.toBuilder().recordId("seg-0005").build(),
                AD.toBuilder().field("metadata").build());
    }

    private TinkKeyring keyring() {
        TinkKeyring k = TestKeyrings.keyring(dir);
        for (KeyPurpose p : List.of(KeyPurpose.AEAD, KeyPurpose.DETERMINISTIC_AEAD, KeyPurpose.MAC)) {
            k.create(KeysetId.of("tenant-a", p));
        }
        return k;
    }

    @Test
    void aead_everyMutationOfCiphertextOrAssociatedData_isRejected() {
        TinkKeyring k = keyring();
        for (Aead aead : List.of(k.aead(KeysetId.of("tenant-a", KeyPurpose.AEAD)), ImportedKeys.aes256Gcm(new byte[32]))) {
            byte[] ct = aead.encrypt(PLAIN, AD.toBytes());
            int rejected = assertAllRejected(mutations(ct), m -> aead.decrypt(m, AD.toBytes()));
            assertThat(rejected).isEqualTo(ct.length * 9 + 3);
            for (AssociatedData other : otherPlaces()) {
                assertThatThrownBy(() -> aead.decrypt(ct, other.toBytes())).isInstanceOf(CryptoException.class);
            }
            assertAllRejected(mutations(AD.toBytes()), m -> aead.decrypt(ct, m));
            assertThat(aead.decrypt(ct, AD.toBytes())).isEqualTo(PLAIN);
        }
    }

    @Test
    void deterministicAead_everyMutationOfTokenOrAssociatedData_isRejected() {
        TinkKeyring k = keyring();
        for (DeterministicAead d : List.of(k.deterministicAead(KeysetId.of("tenant-a", KeyPurpose.DETERMINISTIC_AEAD)),
                ImportedKeys.aes256Siv(new byte[64]))) {
            byte[] token = d.encryptDeterministically(PLAIN, AD.toBytes());
            assertAllRejected(mutations(token), m -> d.decryptDeterministically(m, AD.toBytes()));
            for (AssociatedData other : otherPlaces()) {
                assertThat(d.encryptDeterministically(PLAIN, other.toBytes())).isNotEqualTo(token);
                assertThatThrownBy(() -> d.decryptDeterministically(token, other.toBytes()))
                        .isInstanceOf(CryptoException.class);
            }
            assertAllRejected(mutations(AD.toBytes()), m -> d.decryptDeterministically(token, m));
            assertThat(d.decryptDeterministically(token, AD.toBytes())).isEqualTo(PLAIN);
        }
    }

    @Test
    void mac_everyMutationOfTagOrData_fails() {
        TinkKeyring k = keyring();
        for (Mac mac : List.of(k.mac(KeysetId.of("tenant-a", KeyPurpose.MAC)), ImportedKeys.hmacSha256(new byte[32], 32))) {
            byte[] tag = mac.computeMac(PLAIN);
            assertThat(mac.verify(tag, PLAIN)).isTrue();
            int n = 0;
            for (byte[] m : mutations(tag)) {
                assertThat(mac.verify(m, PLAIN)).isFalse();
                n++;
            }
            for (byte[] m : mutations(PLAIN)) {
                assertThat(mac.verify(tag, m)).isFalse();
                n++;
            }
            assertThat(n).isEqualTo(tag.length * 9 + 3 + PLAIN.length * 9 + 3);
        }
    }

    private static int assertAllRejected(List<byte[]> inputs, Function<byte[], byte[]> op) {
        int n = 0;
        for (byte[] m : inputs) {
            assertThatThrownBy(() -> op.apply(m)).isInstanceOf(CryptoException.class);
            n++;
        }
        return n;
    }
}
