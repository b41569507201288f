package dev.phisafe.examples;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Originals encrypted at rest under a tenant's Tink key (164.312(a)(2)(iv)); destroying the key shreds them. */
public final class EncryptedVaultExample {
    private EncryptedVaultExample() {
    }

    /** Returns {placeholder, original before destroy, outcome after destroy}. */
    public static String[] run(Path workDir) throws IOException {
        String kek = LocalKekClient.generate(workDir.resolve("kek.json"));   // production: a cloud KMS key URI
        TinkKeyring keyring = TinkKeyring.builder().directory(workDir.resolve("keys"))
                .kek(new LocalKekClient(), kek).build();
        KeysetId tenantKeys = KeysetId.of("clinic-1", KeyPurpose.AEAD);
        keyring.create(tenantKeys);                                          // or: phi keys create ...
        PseudonymVault vault = PseudonymVault.builder().maxEntriesPerTenant(10_000).ttl(Duration.ofHours(8))
                .aead(keyring.aead(tenantKeys))                              // AES256-GCM, key id in every ciphertext
                .build();
        PhiContext ctx = PhiContext.builder().tenant("clinic-1").conversation("conv-42").build();
        PhiAccess access = PhiAccess.grantedTo("dr-ruiz", "treatment");

        String placeholder = vault.placeholder(ctx, PhiType.NAME, "Anna Kowalczyk");
        String before = vault.original(ctx, placeholder, access).orElseThrow();
        keyring.destroyTenant("clinic-1");                                   // crypto-shred: or phi keys destroy
        String after;
        try {
            after = vault.original(ctx, placeholder, access).orElse("gone");
        } catch (PhiProcessingException e) {
            after = "unreadable: " + e.getClass().getSimpleName();           // fail closed, no PHI in the message
        }
        return new String[] {placeholder, before, after};
    }

    public static void main(String[] args) throws IOException {
        String[] r = run(Files.createTempDirectory("phisafe-keys"));
        System.out.println(r[0] + " -> " + r[1] + "; after destroy: " + r[2]);
    }
}
