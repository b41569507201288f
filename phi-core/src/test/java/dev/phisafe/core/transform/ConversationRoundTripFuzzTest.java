package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The PSEUDONYMIZED round trip over the messages of one conversation: two to four texts filtered in one vault, each
 * re-identified at once, then again after the last one (when later messages have added shifted dates), and each
 * filtered again as a chat history is (the same output). The pieces include the shifted forms of the prompt's dates
 * under this key ("3/14" becomes "9/27"), so that one message's shifted date has the characters of another's
 * unchanged text. {@code mvn test} runs the committed seeds; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ConversationRoundTripFuzzTest {
    private static final String[] PIECES = {"Anna Kowalczyk", "Dr. Smith", " MRN 00482917", " 555-123-4567", " 03/14/2024",
        " Mercy General Hospital", " jane.doe@example.org", " SSN 536-90-4399", " 92-year-old", ", ", ". ",
        " 742 Evergreen Terrace, Springfield, OR 97477", "\uD83D\uDE00", " Boston",
        " on 3/14", " 2024-03-14", "03/14/2024", " March 14, 2024", " 14 Mar 2024", " Jan 9th", " 1/2/24", "12/31/1999",
        " DOB: 02/29/1952", "\n", " Feb 2023", " admitted 11/03/2024 and discharged 11/07/2024",
        " 9/27", " September 27, 2024", " 2024-09-27", "27 Sep 2024", " Jul 24th", "09/27/2024", " 05/19/2025", "/9/27"};
    private static final DateShifter SHIFTER = DateShifter.builder()
            .keyedHash(KeyedHash.jdkHmacSha256(new byte[32], "fuzz-key")).build();
    private static final PhiAccess ACCESS = PhiAccess.grantedTo("fuzz", "round-trip property");

    @FuzzTest(maxDuration = "5m")
    void pseudonymized_everyMessageOfAConversation_roundTrips(FuzzedDataProvider data) {
        PseudonymVault vault = PseudonymVault.builder().maxEntriesPerTenant(100_000).ttl(Duration.ofHours(1))
                .originalsInPlaintext().build();
        PhiFilter filter = PhiFilter.builder().policy(PhiPolicies.PSEUDONYMIZED)
                .destination(Destination.builder("fuzz").baa().build()).vault(vault).dateShifter(SHIFTER).build();
        PhiContext ctx = PhiContext.builder().tenant("t").conversation("c").patient("p").build();
        int n = data.consumeInt(2, 4);
        List<String> texts = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            String text = text(data, 400);
            String filtered = filter.filter(text, ctx).text();
            texts.add(text);
            sent.add(filtered);
            if (counts(text)) {
                assertThat(filter.reidentifier(ctx, ACCESS).reidentify(filtered).text()).as("message %d, at once", m)
                        .isEqualTo(text);
            }
        }
        for (int m = 0; m < n; m++) {
            if (counts(texts.get(m))) {
                assertThat(filter.reidentifier(ctx, ACCESS).reidentify(sent.get(m)).text())
                        .as("message %d, after the conversation", m).isEqualTo(texts.get(m));
                assertThat(filter.filter(texts.get(m), ctx).text()).as("message %d, filtered again", m)
                        .isEqualTo(sent.get(m));
            }
        }
    }

    private static boolean counts(String text) {
        return !text.contains("<") && !text.toUpperCase(java.util.Locale.ROOT).contains("_");
    }

    private static String text(FuzzedDataProvider data, int max) {
        StringBuilder b = new StringBuilder();
        while (data.remainingBytes() > 0 && b.length() < max) {
            int k = data.consumeInt(0, 3);
            if (k == 0) {
                break;
            }
            if (k == 1) {
                b.append(data.consumeString(12));
            } else {
                b.append(PIECES[data.consumeInt(0, PIECES.length - 1)]);
            }
        }
        return b.toString();
    }
}
