package dev.phisafe.examples;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.core.vault.VaultEviction;
import dev.phisafe.core.vault.VaultLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pseudonym vault on its own: one placeholder per person per conversation, a lease that keeps a live round trip
 * from being evicted, evictions reported (never silent), and destroy for erasure (crypto-shredding with an Aead).
 */
public final class PseudonymVaultExample {
    private PseudonymVaultExample() {
    }

    /** Returns what happened, as lines without any original. */
    public static List<String> run() {
        List<String> log = new ArrayList<>();
        PseudonymVault vault = PseudonymVault.builder()
                .maxEntriesPerTenant(2).ttl(Duration.ofMinutes(30))   // tiny, to show eviction
                .originalsInPlaintext()                              // phi-tink's Aead in production
                .evictionListener(e -> log.add("evicted " + e))        // ids, reason and counts only
                .build();
        PhiContext a = PhiContext.builder().tenant("clinic-1").conversation("conv-a").patient("pat-7").build();
        PhiContext b = a.toBuilder().conversation("conv-b").build();
        PhiAccess access = PhiAccess.grantedTo("dr-ruiz", "treatment");

        VaultLease inUse = vault.lease(a);                          // conv-a is mid round trip
        try {
            log.add(vault.placeholder(a, PhiType.NAME, "Anna Kowalczyk"));   // <NAME_1>
            log.add(vault.placeholder(a, PhiType.NAME, "Anna Kowalczyk"));   // the same person: <NAME_1>
            log.add(vault.placeholder(b, PhiType.NAME, "Jan Nowak"));        // the tenant is full now
            Optional<String> back = vault.original(a, "<NAME_1>", access);
            log.add("conv-a resolves <NAME_1>: " + back.isPresent() + ", leased: " + inUse.isOpen());
        } finally {
            inUse.close();                                         // done: conv-a may be evicted again
        }
        vault.placeholder(b, PhiType.PHONE_NUMBER, "555-123-4567");  // room is made by evicting idle conv-a
        log.add("conv-a resolves <NAME_1> after eviction: " + vault.original(a, "<NAME_1>", access).isPresent());
        log.add("destroyed for the patient: " + vault.destroy(b, PseudonymVault.Scope.PATIENT));
        log.add("evicted for capacity: " + vault.stats().evictedConversations(VaultEviction.Reason.CAPACITY));
        return log;
    }

    public static void main(String[] args) {
        run().forEach(System.out::println);
    }
}
