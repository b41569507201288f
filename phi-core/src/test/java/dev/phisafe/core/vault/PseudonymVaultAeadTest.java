package dev.phisafe.core.vault;

import dev.phisafe.core.spi.TestAesGcm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.Aead;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class PseudonymVaultAeadTest {
    static final PhiAccess ACCESS = PhiAccess.grantedTo("test:vault", "aead test");
    static final String SECRET = "Zebediah Quillfeather";
    final PhiContext ctx = PseudonymVaultTest.ctx("t1", "c1");
    final TestAesGcm aes = new TestAesGcm("k1");

    /** An Aead decorator that records what the vault gives it and lets a test rewrite inputs to decrypt. */
    static final class Recording implements Aead {
        final Aead inner;
        final List<byte[]> plaintexts = new ArrayList<>();
        final List<byte[]> ciphertexts = new ArrayList<>();
        final List<byte[]> ads = new ArrayList<>();
        volatile BiFunction<byte[], byte[], byte[]> onDecrypt = (ct, ad) -> ct;
        volatile boolean failEncrypt;

        Recording(Aead inner) {
            this.inner = inner;
        }

        @Override
        public String keyId() {
            return inner.keyId();
        }

        @Override
        public synchronized byte[] encrypt(byte[] plaintext, byte[] associatedData) {
            if (failEncrypt) {
                throw new IllegalStateException("KMS unavailable");
            }
            plaintexts.add(plaintext.clone());
            ads.add(associatedData.clone());
            byte[] ct = inner.encrypt(plaintext, associatedData);
            ciphertexts.add(ct.clone());
            return ct;
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
            return inner.decrypt(onDecrypt.apply(ciphertext, associatedData), associatedData);
        }
    }

    PseudonymVault vault(Aead aead) {
        return PseudonymVault.builder().maxEntriesPerTenant(100).ttl(Duration.ofHours(1)).aead(aead).build();
    }

    @Test
    void aead_roundTripsOriginals_andReusesPlaceholders_throughTheHashedIndex() {
        Recording rec = new Recording(aes);
        PseudonymVault v = vault(rec);
        String p = v.placeholder(ctx, PhiType.NAME, SECRET);
        assertThat(v.placeholder(ctx, PhiType.NAME, SECRET)).isEqualTo(p);
        assertThat(v.placeholder(ctx, PhiType.NAME, "Other Person")).isEqualTo("<NAME_2>");
        String odd = "\ud800 lone surrogate \ud83d\ude00";
        String q = v.placeholder(ctx, PhiType.NAME, odd);

        assertThat(v.original(ctx, p, ACCESS)).contains(SECRET);
        assertThat(v.original(ctx, q, ACCESS)).contains(odd);
        assertThat(rec.plaintexts).as("one encryption per new mapping").hasSize(3);
        assertThat(v.toString()).contains("aead=keyId=k1").contains("lookupHash=keyId=vault-index-");
    }

    @Test
    void aead_storedCiphertext_holdsNoPlaintext_andAssociatedDataBindsTheSlot() {
        Recording rec = new Recording(aes);
        PseudonymVault v = vault(rec);
        v.placeholder(ctx, PhiType.NAME, SECRET);

        byte[] ct = rec.ciphertexts.get(0);
        assertThat(new String(ct, StandardCharsets.ISO_8859_1)).doesNotContain("Zebediah");
        assertThat(new String(ct, StandardCharsets.UTF_16BE)).doesNotContain("Zebediah");
        assertThat(new String(ct, 1, 2, StandardCharsets.US_ASCII)).as("the ciphertext names its key").isEqualTo("k1");
        String ad = new String(rec.ads.get(0), StandardCharsets.ISO_8859_1);
        assertThat(ad).contains("t1").contains("c1").contains("NAME").contains("<NAME_1>").doesNotContain("Zebediah");
        assertThat(rec.ads.get(0)).isEqualTo(PseudonymVault.associatedData("t1", "c1", PhiType.NAME, "<NAME_1>"));
    }

    @Test
    void aead_tamperedCiphertext_failsClosed_withoutTheValueInTheMessage() {
        Recording rec = new Recording(aes);
        PseudonymVault v = vault(rec);
        String p = v.placeholder(ctx, PhiType.NAME, SECRET);
        rec.onDecrypt = (ct, ad) -> {
            byte[] t = ct.clone();
            t[t.length - 1] ^= 1;
            return t;
        };
        assertThatThrownBy(() -> v.original(ctx, p, ACCESS))
                .isInstanceOf(PhiProcessingException.class)
                .hasMessageContaining("<NAME_1>").hasMessageContaining("failed to decrypt")
                .hasMessageNotContaining("Zebediah");
        assertThat(v.stats().hits()).isZero();
    }

    @Test
    void aead_ciphertextMovedToAnotherSlot_failsToDecrypt() {
        Recording rec = new Recording(aes);
        PseudonymVault v = vault(rec);
        v.placeholder(ctx, PhiType.NAME, SECRET);
        v.placeholder(ctx, PhiType.NAME, "Second Person");
        PhiContext other = PseudonymVaultTest.ctx("t1", "c2");
        v.placeholder(other, PhiType.NAME, "Third Person");
        byte[] first = rec.ciphertexts.get(0);
        rec.onDecrypt = (ct, ad) -> first; // every slot now presents the first slot's ciphertext

        assertThat(v.original(ctx, "<NAME_1>", ACCESS)).contains(SECRET);
        assertThatThrownBy(() -> v.original(ctx, "<NAME_2>", ACCESS)).isInstanceOf(PhiProcessingException.class);
        assertThatThrownBy(() -> v.original(other, "<NAME_1>", ACCESS)).isInstanceOf(PhiProcessingException.class);
    }

    @Test
    void aead_associatedDataOfAnyOtherSlot_failsToDecrypt() {
        byte[] ad = PseudonymVault.associatedData("t1", "c1", PhiType.NAME, "<NAME_1>");
        byte[] ct = aes.encrypt(SECRET.getBytes(StandardCharsets.UTF_8), ad);
        byte[][] others = {
            PseudonymVault.associatedData("t2", "c1", PhiType.NAME, "<NAME_1>"),
            PseudonymVault.associatedData("t1", "c2", PhiType.NAME, "<NAME_1>"),
            PseudonymVault.associatedData("t1", "c1", PhiType.DATE, "<NAME_1>"),
            PseudonymVault.associatedData("t1", "c1", PhiType.NAME, "<NAME_2>"),
            PseudonymVault.associatedData("t1c", "1", PhiType.NAME, "<NAME_1>"),
        };
        assertThat(aes.decrypt(ct, ad)).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        for (byte[] other : others) {
            assertThatThrownBy(() -> aes.decrypt(ct, other)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aead_destroyedKey_makesOriginalsUnrecoverable_failingClosed_whileRotatedKeysStillDecrypt() {
        PseudonymVault v = vault(aes);
        String old = v.placeholder(ctx, PhiType.NAME, SECRET);
        aes.rotate("k2");
        String fresh = v.placeholder(ctx, PhiType.NAME, "After Rotation");
        assertThat(v.original(ctx, old, ACCESS)).contains(SECRET);
        aes.destroy("k1");
        assertThatThrownBy(() -> v.original(ctx, old, ACCESS)).isInstanceOf(PhiProcessingException.class);
        assertThat(v.original(ctx, fresh, ACCESS)).contains("After Rotation");
    }

    @Test
    void aead_encryptFailure_storesNothing_andLeavesNoGapInNumbering() {
        Recording rec = new Recording(aes);
        PseudonymVault v = vault(rec);
        rec.failEncrypt = true;
        assertThatThrownBy(() -> v.placeholder(ctx, PhiType.NAME, SECRET))
                .isInstanceOf(PhiProcessingException.class)
                .hasMessageContaining("nothing stored").hasMessageNotContaining("Zebediah");
        assertThat(v.stats().mappings()).isZero();
        rec.failEncrypt = false;
        assertThat(v.placeholder(ctx, PhiType.NAME, SECRET)).isEqualTo("<NAME_1>");
    }

    @Test
    void aead_destroyedConversation_leavesNoCiphertextToDecrypt() {
        PseudonymVault v = vault(aes);
        String p = v.placeholder(ctx, PhiType.NAME, SECRET);
        v.destroy(ctx, PseudonymVault.Scope.CONVERSATION);
        assertThat(v.original(ctx, p, ACCESS)).isEmpty();
    }
}
