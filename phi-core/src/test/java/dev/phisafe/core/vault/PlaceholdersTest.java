package dev.phisafe.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.detect.PhiType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void everyType_hasADistinctLabel_andRoundTrips() {
        Set<String> labels = new HashSet<>();
        for (PhiType t : PhiType.values()) {
            String p = Placeholders.of(t, 42);
            assertThat(labels.add(Placeholders.label(t))).as("label of %s is unique", t).isTrue();
            assertThat(Placeholders.match(p, 0)).isEqualTo(p.length());
            assertThat(Placeholders.type(p)).isEqualTo(t);
            assertThat(Placeholders.number(p)).isEqualTo(42);
            assertThat(p.length()).isLessThanOrEqualTo(Placeholders.maxLength());
        }
        assertThat(Placeholders.of(PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, 1)).isEqualTo("<HEALTH_PLAN_ID_1>");
        assertThat(Placeholders.of(PhiType.GEOGRAPHIC_LOCATION, 3)).isEqualTo("<LOCATION_3>");
        assertThat(Placeholders.of(PhiType.UNIQUE_IDENTIFIER, 7)).isEqualTo("<ID_7>");
    }

    @Test
    void maxLength_isTheLongestLabelWithTheLargestNumber() {
        String longest = Placeholders.of(PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, Placeholders.MAX_NUMBER);
        assertThat(Placeholders.maxLength()).isEqualTo(longest.length()).isEqualTo(26);
    }

    @Test
    void match_findsPlaceholderInsideText_withPunctuationAndPossessive() {
        String s = "Ask <NAME_1>'s wife (<PHONE_12>).";
        assertThat(Placeholders.match(s, 4)).isEqualTo(12);
        assertThat(s.substring(4, 12)).isEqualTo("<NAME_1>");
        assertThat(Placeholders.match(s, 21)).isEqualTo(s.indexOf(')'));
        assertThat(Placeholders.match(s, 0)).isEqualTo(-1);
        assertThat(Placeholders.match(s, 5)).isEqualTo(-1);
        assertThat(Placeholders.match(s, s.length())).isEqualTo(-1);
    }

    @Test
    void match_rejectsMalformedPlaceholders() {
        for (String bad : new String[] {"<NAME_0>", "<NAME_01>", "<NAME_>", "<NAME1>", "<_1>", "<NAMES_1>",
                "<NAME_1", "<NAME__1>", "<name_1>", "<NAME_1234567890>", "< NAME_1>", "<NAME_1 >", "<HEALTH_PLAN_1>",
                "<HEALTH_PLAN_ID_ID_1>", "<NAME_-1>", "<NAME_１>", "<>", "<", ""}) {
            assertThat(Placeholders.match(bad, 0)).as(bad).isEqualTo(-1);
        }
        assertThat(Placeholders.match("<NAME_999999999>", 0)).isEqualTo(16);
    }

    @Test
    void matchIgnoreCase_acceptsCaseChanges_andCanonicalFoldsThem() {
        String s = "see <Name_2> and <health_plan_id_3>";
        int end = Placeholders.matchIgnoreCase(s, 4);
        assertThat(Placeholders.canonical(s, 4, end)).isEqualTo("<NAME_2>");
        int from = s.indexOf("<health");
        assertThat(Placeholders.canonical(s, from, Placeholders.matchIgnoreCase(s, from)))
                .isEqualTo("<HEALTH_PLAN_ID_3>");
        assertThat(Placeholders.match(s, 4)).isEqualTo(-1);
        assertThat(Placeholders.type("<ssn_1>")).isEqualTo(PhiType.SOCIAL_SECURITY_NUMBER);
    }

    @Test
    void match_onHostileInput_looksAtMostMaxLengthCharacters() {
        String hostile = "<" + "A".repeat(1_000_000);
        assertThat(Placeholders.match(hostile, 0)).isEqualTo(-1);
        String manyOpens = "<".repeat(1_000_000);
        for (int i = 0; i <= manyOpens.length(); i++) {
            assertThat(Placeholders.match(manyOpens, i)).isEqualTo(-1);
        }
        String digits = "<NAME_" + "9".repeat(1_000_000) + ">";
        assertThat(Placeholders.match(digits, 0)).isEqualTo(-1);
    }

    @Test
    void of_andParsing_rejectBadArguments_withoutEchoingThem() {
        assertThatThrownBy(() -> Placeholders.of(PhiType.NAME, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Placeholders.type("John Smith <NAME_1>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("John");
        assertThatThrownBy(() -> Placeholders.match("x", 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
