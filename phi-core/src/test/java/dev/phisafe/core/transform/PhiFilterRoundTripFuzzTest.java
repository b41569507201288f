package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.time.Duration;

/**
 * Properties of the filter and its re-identifier, for any text (the fuzzer mixes its bytes with PHI-like pieces):
 * <ul>
 *   <li>with a policy that puts every identifier behind a placeholder, and with the {@code PSEUDONYMIZED} preset
 *       (placeholders and a per-patient date shift), re-identifying the filtered text gives back the text exactly;</li>
 *   <li>the streaming re-identifier, fed the filtered text in any chunking, gives what the batch one gives, and holds
 *       back no more than its bound.</li>
 * </ul>
 */
class PhiFilterRoundTripFuzzTest {
    private static final String[] PIECES = {"Anna Kowalczyk", "Dr. Smith", " MRN 00482917", " 555-123-4567", " 03/14/2024",
        " Mercy General Hospital", " jane.doe@example.org", " SSN 536-90-4399", " <NAME_1>", " 92-year-old", ", ", ". ",
        " 742 Evergreen Terrace, Springfield, OR 97477", "\uD83D\uDE00", " NAME_1 ", " Boston",
        " on 3/14", " 2024-03-14", "03/14/2024", " March 14, 2024", " 14 Mar 2024", " Jan 9th", " 1/2/24", "12/31/1999",
        " DOB: 02/29/1952", "\n", " Feb 2023", " admitted 11/03/2024 and discharged 11/07/2024"};
    private static final DateShifter SHIFTER = DateShifter.builder()
            .keyedHash(KeyedHash.jdkHmacSha256(new byte[32], "fuzz-key")).build();
    private static final PhiPolicy ALL_PLACEHOLDERS = PhiPolicy.builder("all-placeholders", 1)
            .action(PhiAction.PLACEHOLDER, PhiType.values()).build();
    private static final PhiAccess ACCESS = PhiAccess.grantedTo("fuzz", "round-trip property");

    @FuzzTest(maxDuration = "2m")
    void placeholders_reidentifyOfFilter_isTheText(FuzzedDataProvider data) {
        String text = text(data);
        PhiFilter filter = PhiFilter.builder().policy(ALL_PLACEHOLDERS)
                .destination(Destination.builder("fuzz").baa().build()).vault(vault()).build();
        assertRoundTrip(filter, text, 0);
    }

    @FuzzTest(maxDuration = "5m")
    void pseudonymized_reidentifyOfFilter_isTheText_andStreamingAgrees(FuzzedDataProvider data) {
        long chunkSeed = data.consumeLong();
        String text = text(data);
        PhiFilter filter = PhiFilter.builder().policy(PhiPolicies.PSEUDONYMIZED)
                .destination(Destination.builder("fuzz").baa().build()).vault(vault()).dateShifter(SHIFTER).build();
        assertRoundTrip(filter, text, chunkSeed);
    }

    private static PseudonymVault vault() {
        return PseudonymVault.builder().maxEntriesPerTenant(100_000).ttl(Duration.ofHours(1))
                .originalsInPlaintext().build();
    }

    private static void assertRoundTrip(PhiFilter filter, String text, long chunkSeed) {
        PhiContext ctx = PhiContext.builder().tenant("t").conversation("c").patient("p").build();
        String filtered = filter.filter(text, ctx).text();
        Reidentifier reid = filter.reidentifier(ctx, ACCESS);
        String back = reid.reidentify(filtered).text();
        // a placeholder-looking string already in the input is not ours to restore, so only texts without one count
        if (!text.contains("<") && !text.toUpperCase(java.util.Locale.ROOT).contains("_")) {
            assertThat(back).isEqualTo(text);
        }
        StreamingReidentifier s = reid.streaming();
        java.util.Random chunker = new java.util.Random(chunkSeed);
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < filtered.length(); ) {
            int j = Math.min(filtered.length(), i + chunker.nextInt(12));
            streamed.append(s.accept(filtered.substring(i, j)));
            assertThat(s.heldBack()).isBetween(0, StreamingReidentifier.MAX_HOLDBACK_WITH_DATES);
            i = j;
        }
        streamed.append(s.finish());
        assertThat(streamed.toString()).isEqualTo(back);
    }

    private static String text(FuzzedDataProvider data) {
        StringBuilder b = new StringBuilder();
        while (data.remainingBytes() > 0 && b.length() < 2_000) {
            if (data.consumeBoolean()) {
                b.append(PIECES[data.consumeInt(0, PIECES.length - 1)]);
            } else {
                b.append(data.consumeString(12));
            }
        }
        return b.toString();
    }
}
