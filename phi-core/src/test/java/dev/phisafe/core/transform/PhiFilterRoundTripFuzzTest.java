package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.time.Duration;

/**
 * Property: with a policy that puts every identifier behind a placeholder, re-identifying the filtered text gives
 * back the text exactly — for any text (the fuzzer mixes its bytes with PHI-like pieces).
 */
class PhiFilterRoundTripFuzzTest {
    private static final String[] PIECES = {"Anna Kowalczyk", "Dr. Smith", " MRN 00482917", " 555-123-4567", " 03/14/2024",
        " Mercy General Hospital", " jane.doe@example.org", " SSN 536-90-4399", " <NAME_1>", " 92-year-old", ", ", ". ",
        " 742 Evergreen Terrace, Springfield, OR 97477", "\uD83D\uDE00", " NAME_1 ", " Boston"};
    private static final PhiPolicy ALL_PLACEHOLDERS = PhiPolicy.builder("all-placeholders", 1)
            .action(PhiAction.PLACEHOLDER, PhiType.values()).build();
    private static final PhiAccess ACCESS = PhiAccess.grantedTo("fuzz", "round-trip property");

    @FuzzTest(maxDuration = "2m")
    void placeholders_reidentifyOfFilter_isTheText(FuzzedDataProvider data) {
        StringBuilder b = new StringBuilder();
        while (data.remainingBytes() > 0 && b.length() < 2_000) {
            if (data.consumeBoolean()) {
                b.append(PIECES[data.consumeInt(0, PIECES.length - 1)]);
            } else {
                b.append(data.consumeString(12));
            }
        }
        String text = b.toString();
        PseudonymVault vault = PseudonymVault.builder().maxEntriesPerTenant(100_000).ttl(Duration.ofHours(1))
                .originalsInPlaintext().build();
        PhiFilter filter = PhiFilter.builder().policy(ALL_PLACEHOLDERS)
                .destination(Destination.builder("fuzz").baa().build()).vault(vault).build();
        PhiContext ctx = PhiContext.builder().tenant("t").conversation("c").build();
        String filtered = filter.filter(text, ctx).text();
        String back = filter.reidentifier(ctx, ACCESS).reidentify(filtered).text();
        // a placeholder-looking string already in the input is not ours to restore, so only texts without one count
        if (!text.contains("<") && !text.toUpperCase(java.util.Locale.ROOT).contains("_")) {
            assertThat(back).isEqualTo(text);
        }
    }
}
