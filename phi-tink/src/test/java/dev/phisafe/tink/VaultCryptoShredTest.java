package dev.phisafe.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pseudonym vault of issue 3 with Tink keys: originals encrypted at rest, and destroying keys shreds them. */
class VaultCryptoShredTest {

    @TempDir
    Path dir;

    private static final PhiAccess ACCESS = PhiAccess.grantedTo("dr-ruiz", "treatment");

    private static PseudonymVault vault(Aead aead) {
        return PseudonymVault.builder().maxEntriesPerTenant(1000).ttl(Duration.ofHours(1)).aead(aead).build();
    }

    private static PhiContext ctx(String tenant, String patient) {
        return PhiContext.builder().tenant(tenant).conversation("conv-1").patient(patient).build();
    }

    @Test
    void destroyTenant_vaultOriginalsOfThatTenantFailClosed_otherTenantsUnaffected() {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        KeysetId a = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        KeysetId b = KeysetId.of("tenant-b", KeyPurpose.AEAD);
        keyring.create(a);
        keyring.create(b);
        PseudonymVault vaultA = vault(keyring.aead(a));
        PseudonymVault vaultB = vault(keyring.aead(b));
        String pa = vaultA.placeholder(ctx("tenant-a", "pat-1"), PhiType.NAME, "Anna Kowalczyk");
        String pb = vaultB.placeholder(ctx("tenant-b", "pat-2"), PhiType.NAME, "Omar Haddad");
        assertThat(vaultA.original(ctx("tenant-a", "pat-1"), pa, ACCESS)).contains("Anna Kowalczyk");
        assertThat(vaultA.toString()).contains("keyId=" + keyring.list(a).get(0).keyId());

        assertThat(keyring.destroyTenant("tenant-a")).isEqualTo(1);

        assertThatThrownBy(() -> vaultA.original(ctx("tenant-a", "pat-1"), pa, ACCESS))
                .isInstanceOf(PhiProcessingException.class)
                .hasMessageContaining("failed to decrypt")
                .hasMessageNotContaining("Anna").hasMessageNotContaining("Kowalczyk");
        assertThatThrownBy(() -> vaultA.placeholder(ctx("tenant-a", "pat-1"), PhiType.NAME, "Lena Berg"))
                .isInstanceOf(PhiProcessingException.class).hasMessageNotContaining("Lena");
        assertThat(vaultB.original(ctx("tenant-b", "pat-2"), pb, ACCESS)).contains("Omar Haddad");

        // a tenant created again under the same id gets new keys: nothing old comes back
        keyring.create(a);
        assertThatThrownBy(() -> vaultA.original(ctx("tenant-a", "pat-1"), pa, ACCESS))
                .isInstanceOf(PhiProcessingException.class);
        assertThat(keyring.keysets("tenant-a")).containsExactly(a);
        // and the vault's own destroy removes the (now unreadable) mappings too
        assertThat(vaultA.destroy(ctx("tenant-a", "pat-1"), PseudonymVault.Scope.TENANT)).isEqualTo(1);
    }

    @Test
    void destroyPatient_onlyThatPatientsKeysetIsShredded() {
        TinkKeyring keyring = TestKeyrings.keyring(dir);
        KeysetId tenantKeys = KeysetId.of("tenant-a", KeyPurpose.AEAD);
        KeysetId pat7 = KeysetId.ofPatient("tenant-a", "pat-7", KeyPurpose.AEAD);
        KeysetId pat8 = KeysetId.ofPatient("tenant-a", "pat-8", KeyPurpose.AEAD);
        keyring.create(tenantKeys);
        keyring.create(pat7);
        keyring.create(pat8);
        PseudonymVault v7 = vault(keyring.aead(pat7));
        PseudonymVault v8 = vault(keyring.aead(pat8));
        PseudonymVault shared = vault(keyring.aead(tenantKeys));
        String p7 = v7.placeholder(ctx("tenant-a", "pat-7"), PhiType.NAME, "Anna Kowalczyk");
        String p8 = v8.placeholder(ctx("tenant-a", "pat-8"), PhiType.NAME, "Omar Haddad");
        String ps = shared.placeholder(ctx("tenant-a", "pat-9"), PhiType.NAME, "Lena Berg");

        assertThat(keyring.destroyPatient("tenant-a", "pat-7")).isEqualTo(1);

        assertThatThrownBy(() -> v7.original(ctx("tenant-a", "pat-7"), p7, ACCESS))
                .isInstanceOf(PhiProcessingException.class).hasMessageNotContaining("Anna");
        assertThat(v8.original(ctx("tenant-a", "pat-8"), p8, ACCESS)).contains("Omar Haddad");
        assertThat(shared.original(ctx("tenant-a", "pat-9"), ps, ACCESS)).contains("Lena Berg");
        assertThat(keyring.keysets("tenant-a")).containsExactly(tenantKeys, pat8);
        assertThat(dir.resolve("keys/tenant-a/patients/pat-7")).doesNotExist();
    }
}
