package dev.phisafe.examples;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.transform.SurrogateGenerator;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Realistic surrogates instead of placeholders: the model reads natural text ("Ruth Hill called 415-555-0147"),
 * each person keeps one surrogate for the whole conversation, and the answer is mapped back for the clinician.
 */
public final class SurrogateExample {
    private SurrogateExample() {
    }

    /** Returns {first prompt as sent, second prompt as sent, answer shown to the clinician}. */
    public static String[] run() {
        KeyedHash key = KeyedHash.jdkHmacSha256(
                "example-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), "example-k1"); // use phi-tink keys
        PhiPolicy policy = PhiPolicy.builder("surrogates", 1)
                .action(PhiAction.SURROGATE, PhiType.NAME, PhiType.PHONE_NUMBER, PhiType.EMAIL_ADDRESS)
                .build();                                  // every other type: deny by default (redacted)
        PhiFilter filter = PhiFilter.builder().policy(policy)
                .destination(Destination.builder("acme-llm").baa().build())
                .surrogates(SurrogateGenerator.builder().seed(key).build())
                .vault(PseudonymVault.builder().maxEntriesPerTenant(10_000).ttl(Duration.ofHours(8))
                        .originalsInPlaintext().build())
                .build();
        PhiContext ctx = PhiContext.builder().tenant("clinic-1").conversation("conv-9").build();
        String first = filter.filter("Anna Kowalczyk called from 617-555-2368 about her refill.", ctx).text();
        String second = filter.filter("Did Anna Kowalczyk pick it up?", ctx).text();
        String surrogateName = second.substring(4, second.indexOf(" pick"));
        String answer = "Yes, " + surrogateName + " picked it up today."; // stands in for the vendor's reply
        String shown = filter.reidentifier(ctx, PhiAccess.grantedTo("dr-ruiz", "treatment")).reidentify(answer).text();
        return new String[] {first, second, shown};
    }

    public static void main(String[] args) {
        for (String line : run()) {
            System.out.println(line);
        }
    }
}
