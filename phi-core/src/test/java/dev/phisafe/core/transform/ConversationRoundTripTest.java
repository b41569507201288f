package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The PSEUDONYMIZED round trip over the messages of one conversation: a shifted date of one message has the same
 * characters as text another message holds unchanged (the key of these tests shifts "3/14" to "9/27").
 */
class ConversationRoundTripTest {
    private static final DateShifter SHIFTER = DateShifter.builder()
            .keyedHash(KeyedHash.jdkHmacSha256(new byte[32], "fuzz-key")).build();
    private static final PhiContext CTX = PhiContext.builder().tenant("t").conversation("c").patient("p").build();
    private static final PhiAccess ACCESS = PhiAccess.grantedTo("dr-7", "treatment");

    private final PhiFilter filter = PhiFilter.builder().policy(PhiPolicies.PSEUDONYMIZED)
            .destination(Destination.builder("acme-llm").baa().build())
            .vault(PseudonymVault.builder().maxEntriesPerTenant(1000).ttl(Duration.ofHours(1)).originalsInPlaintext()
                    .build())
            .dateShifter(SHIFTER).build();

    private String back(String answer) {
        return filter.reidentifier(CTX, ACCESS).reidentify(answer).text();
    }

    @Test
    void theKeyShiftsMarch14ToSeptember27() {
        assertThat(SHIFTER.shift("3/14", CTX)).isEqualTo("9/27");
    }

    @Test
    void unchangedTextAfterADateWasShiftedToIt_comesBackUnchanged() {
        String first = filter.filter("Surgery on 3/14.", CTX).text();
        String second = filter.filter("With 9/27 nodes positive.", CTX).text();

        assertThat(first).isEqualTo("Surgery on 9/27.");
        assertThat(second).isEqualTo("With 9/27 nodes positive.");
        assertThat(back(second)).isEqualTo("With 9/27 nodes positive.");   // was "With 3/14 nodes positive."
        assertThat(back(first)).isEqualTo("Surgery on 3/14.");
        assertThat(back("Given 9/27 nodes positive and surgery on 9/27, stage IIIA."))
                .isEqualTo("Given 9/27 nodes positive and surgery on 3/14, stage IIIA.");
    }

    @Test
    void unchangedTextBeforeADateIsShiftedToIt_staysUnchanged() {
        String first = filter.filter("9/27 nodes positive.", CTX).text();
        String second = filter.filter("Surgery on 3/14.", CTX).text();

        assertThat(back(first)).isEqualTo("9/27 nodes positive.");         // was "3/14 nodes positive."
        assertThat(back(second)).isEqualTo("Surgery on 3/14.");
        assertThat(filter.filter("9/27 nodes positive.", CTX).text()).isEqualTo(first);  // the history sent again
    }

    @Test
    void aDateReadOnlyInTheOutput_whoseTextAnEarlierMessageSentForAnotherDate_goesBehindAPlaceholder() {
        // the prompt's "9/27" is no date to the detector; in the output, with the hospital behind a placeholder, it
        // is read after "seen". Recorded as sent unchanged, "9/27" would stand both for itself and for "3/14": a
        // re-identifier would then shift this one back to "3/14"
        String first = filter.filter("Surgery on 3/14.", CTX).text();
        String text = " seen 2024 Mercy General Hospital 9/27";
        String second = filter.filter(text, CTX).text();

        assertThat(first).isEqualTo("Surgery on 9/27.");
        assertThat(second).doesNotContain("9/27").contains("<LOCATION_1>");
        assertThat(back(second)).isEqualTo(text);
        assertThat(back(first)).isEqualTo("Surgery on 3/14.");
        assertThat(back("On 9/27 she was seen.")).isEqualTo("On 3/14 she was seen.");
    }

    @Test
    void aShiftedDateReadOnlyWithContextFromTheLineBefore_goesBehindAPlaceholder() {
        // the detector reads " 9/27" as a date after "DOB: …" on the line before; a re-identifier reads the answer
        // line by line, where " 4/12" alone is no date: sent shifted, it would stay shifted
        String text = " DOB: 02/29/1952\n 9/27";
        String sent = filter.filter(text, CTX).text();

        assertThat(sent).doesNotContain("9/27").doesNotContain("4/12");
        assertThat(back(sent)).isEqualTo(text);
    }

    @Test
    void aDateReadAcrossALineBreak_goesBehindAPlaceholder_andAnotherMessagesSameTextIsReadAsItsOwnLinesAre() {
        // the detector reads "sun\n10/26/2025" as one date; a re-identifier reads line by line, whatever values the
        // conversation knows. Sent as "mon\n05/11/2026", that value moved the re-identifier's cut in every message
        // holding it: in the second, "05/11/2026" then ended a segment, read as a date there, and came back as
        // "10/26/2025"; the filter, which cuts the second message by its own values, could not see it
        String first = "Seen sun\n10/26/2025 in clinic";
        String second = "x ymon\n05/11/2026y";
        String sentFirst = filter.filter(first, CTX).text();
        String sentSecond = filter.filter(second, CTX).text();

        assertThat(sentFirst).isEqualTo("Seen <DATE_1> in clinic");
        assertThat(sentSecond).isEqualTo(second);                         // "05/11/2026y" is no date to the detector
        assertThat(back(sentSecond)).isEqualTo(second);                   // was "x ymon\n10/26/2025y"
        assertThat(back(sentFirst)).isEqualTo(first);
        assertThat(back("Seen mon\n05/11/2026.")).isEqualTo("Seen mon\n10/26/2025.");   // a model's own date still
    }

    @Test
    void textSentUnchangedAroundAQuotedPlaceholder_doesNotHideAnotherMessagesShiftedDates() {
        // the second message quotes a placeholder; its output reads "27 <EMAIL_1> September" as a date (the
        // placeholder blanked), recorded as sent unchanged. That text does not parse as a date on its own, so it used
        // to come back wherever it stood alone: inside the first message's output, where it hid both shifted dates
        String first = "on 3/14 a@example.org March 14, 2024";
        String sentFirst = filter.filter(first, CTX).text();
        String second = "27 <EMAIL_1> September";
        String sentSecond = filter.filter(second, CTX).text();

        assertThat(sentFirst).isEqualTo("on 9/27 <EMAIL_1> September 27, 2024");
        assertThat(sentSecond).isEqualTo(second);
        assertThat(back(sentFirst)).isEqualTo(first);   // was "on 9/27 a@example.org September 27, 2024"
    }
}
