package dev.phisafe.examples;

import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.transform.FilterResult;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Minimum necessary for a vendor under a BAA: pseudonymize a prompt, then map the model's answer back. */
public final class FilterAndReidentifyExample {
    private FilterAndReidentifyExample() {
    }

    /** Returns {prompt sent to the vendor, answer shown to the clinician}. */
    public static String[] roundTrip(String prompt, String answerTemplate) {
        KeyedHash key = KeyedHash.jdkHmacSha256(
                "example-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), "example-k1"); // use phi-tink keys
        PseudonymVault vault = PseudonymVault.builder().maxEntriesPerTenant(10_000).ttl(Duration.ofHours(8))
                .originalsInPlaintext()                                  // configure an Aead in production
                .build();
        PhiFilter filter = PhiFilter.builder()
                .policy(PhiPolicies.PSEUDONYMIZED)
                .destination(Destination.builder("acme-llm").model("acme-large").baa().build())
                .vault(vault)
                .dateShifter(DateShifter.builder().keyedHash(key).build())
                .build();
        PhiContext ctx = PhiContext.builder().tenant("clinic-1").conversation("conv-42").patient("pat-7").build();
        FilterResult sent = filter.filter(prompt, ctx);                 // sent.text() is all the vendor sees
        String modelAnswer = answerTemplate.replace("{NAME}", "<NAME_1>");  // stands in for the vendor's reply
        String shown = filter.reidentifier(ctx, PhiAccess.grantedTo("dr-ruiz", "treatment"))
                .reidentify(modelAnswer).text();
        return new String[] {sent.text(), shown};
    }

    public static void main(String[] args) {
        String[] r = roundTrip("Should Anna Kowalczyk, seen 03/14/2024, restart apixaban?",
                "{NAME} may restart apixaban 48 hours after the procedure.");
        System.out.println("vendor received: " + r[0]);
        System.out.println("clinician reads: " + r[1]);
    }
}
