package dev.phisafe.langchain4j;

import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Canary PHI and a guard configured as a user would. */
final class Fixtures {
    static final String NAME = "Anna Kowalczyk";
    static final String SSN = "536-90-4399";
    static final String PHONE = "555-123-4567";
    static final String EMAIL = "anna.kowalczyk@example.org";
    static final String DATE = "March 3, 2024";
    static final List<String> CANARIES = List.of(NAME, "Kowalczyk", SSN, "90-4399", PHONE, "123-4567", EMAIL,
            "March 3");

    static final Destination BAA = Destination.builder("openai").model("gpt-4o-mini").baa().build();
    static final Destination NO_BAA = Destination.builder("openai").model("gpt-4o-mini").build();
    static final PhiContext CTX = PhiContext.builder().tenant("t1").conversation("c1").patient("p1").build();
    static final PhiScope SCOPE = PhiScope.of(CTX, Purpose.TREATMENT,
            PhiAccess.grantedTo("clinician:u-1", "treatment: answer to the clinician"));

    private Fixtures() {
    }

    static PseudonymVault vault() {
        return PseudonymVault.builder().maxEntriesPerTenant(10_000).ttl(Duration.ofHours(1)).originalsInPlaintext()
                .build();
    }

    static DateShifter dateShifter() {
        return DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "date-key-1")).build();
    }

    /** TREATMENT: pseudonymized (placeholders, shifted dates); everything else denied. */
    static PhiGuard.Builder guard() {
        return PhiGuard.builder()
                .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build())
                .vault(vault()).dateShifter(dateShifter());
    }
}
