package dev.phisafe.core.transform;

import static dev.phisafe.core.transform.MapResolver.CANARY_NAME;
import static dev.phisafe.core.transform.MapResolver.CANARY_SSN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch re-identification: every placeholder form models write, what is not a placeholder, unknown placeholders,
 * the new-PHI report, fail-closed resolver errors, canaries (originals never in toString or exceptions) and
 * megabyte hostile inputs (linear time; no timing assert).
 */
class ReidentifierTest {

    private static final Reidentifier REID = reidentifier(MapResolver.standard());

    private static Reidentifier reidentifier(PlaceholderResolver resolver) {
        return Reidentifier.builder().resolver(resolver).detector(PhiDetectors.defaults()).build();
    }

    private static String reid(String modelOutput) {
        return REID.reidentify(modelOutput).text();
    }

    @Test
    void exactPlaceholder_isReplacedByOriginal() {
        Reidentified r = REID.reidentify("Summary for <NAME_1>: stable.");
        assertThat(r.text()).isEqualTo("Summary for " + CANARY_NAME + ": stable.");
        assertThat(r.restoredCounts()).containsExactly(Map.entry("NAME", 1));
        assertThat(r.unknownPlaceholders()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<name_1>", "<Name_1>", "<nAmE_1>", "<NAME_1>"})
    void caseChangedLabel_isReplaced(String form) {
        assertThat(reid("Hi " + form + "!")).isEqualTo("Hi " + CANARY_NAME + "!");
    }

    @Test
    void possessive_keepsTheApostropheS() {
        assertThat(reid("<NAME_1>'s chart")).isEqualTo(CANARY_NAME + "'s chart");
        assertThat(reid("<NAME_1>\u2019s chart")).isEqualTo(CANARY_NAME + "\u2019s chart");
        assertThat(reid("NAME_1's chart")).isEqualTo(CANARY_NAME + "'s chart");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(<NAME_1>)|(%s)", "<NAME_1>.|%s.", "<NAME_1>,|%s,", "\"<NAME_1>\"|\"%s\"", "[<NAME_1>]|[%s]",
        "<NAME_1>:|%s:", "<NAME_1>?|%s?", "-<NAME_1>-|-%s-",
    })
    void punctuationAroundPlaceholder_staysInPlace(String modelOutput, String expected) {
        assertThat(reid(modelOutput)).isEqualTo(expected.formatted(CANARY_NAME));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "**<NAME_1>**|**%s**", "*<NAME_1>*|*%s*", "_<NAME_1>_|_%s_", "`<NAME_1>`|`%s`", "**NAME_1**|**%s**",
        "# <NAME_1>|# %s", "- <NAME_1>|- %s",
    })
    void markdownEmphasis_staysAroundOriginal(String modelOutput, String expected) {
        assertThat(reid(modelOutput)).isEqualTo(expected.formatted(CANARY_NAME));
    }

    @Test
    void bareKnownPlaceholder_asWholeWord_isReplaced() {
        Reidentified r = REID.reidentify("Call NAME_1 today; name_2 too. NAME_1");
        assertThat(r.text()).isEqualTo("Call " + CANARY_NAME + " today; Bob Jones too. " + CANARY_NAME);
        assertThat(r.restoredCounts()).containsExactly(Map.entry("NAME", 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"XNAME_1", "NAME_1x", "NAME_12", "_NAME_1", "NAME_1_", "9NAME_1", "NAME_1\u00e9",
        "\u00e9NAME_1", "\ud835\udc00NAME_1", "NAME_1\ud835\udc00", "NAME_01"})
    void bareForm_notAWholeWord_isLeftAlone(String text) {
        Reidentified r = REID.reidentify(text);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.restoredCounts()).isEmpty();
        assertThat(r.unknownPlaceholders()).isEmpty();
    }

    @Test
    void bareForm_nextToNonLetterSymbols_isReplaced() {
        assertThat(reid("\ud83d\ude00NAME_1\ud83d\ude00")).isEqualTo("\ud83d\ude00" + CANARY_NAME + "\ud83d\ude00");
        assertThat(reid("x=NAME_1;")).isEqualTo("x=" + CANARY_NAME + ";");
    }

    @Test
    void bareUnknownPlaceholder_isOrdinaryText_andNotReported() {
        Reidentified r = REID.reidentify("NAME_9 and DATE_2");
        assertThat(r.text()).isEqualTo("NAME_9 and DATE_2");
        assertThat(r.unknownPlaceholders()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"< NAME_1 >", "<NAME_1 >", "< NAME_1>", "< name_1 >"})
    void insertedSpace_insideBrackets_isReplaced(String form) {
        assertThat(reid("[" + form + "]")).isEqualTo("[" + CANARY_NAME + "]");
    }

    @Test
    void moreThanOneSpace_orOtherWhitespace_isNotAPlaceholder() {
        // the brackets stay; the bare form inside is still a whole word and is restored
        assertThat(reid("<  NAME_1>")).isEqualTo("<  " + CANARY_NAME + ">");
        assertThat(reid("<\tNAME_9>")).isEqualTo("<\tNAME_9>");
        assertThat(REID.reidentify("<\tNAME_9>").unknownPlaceholders()).isEmpty();
    }

    @Test
    void unknownBracketedPlaceholder_isLeftAsWritten_andReportedOnceCanonically() {
        Reidentified r = REID.reidentify("<NAME_9> met <name_9> and < DATE_7 > and <NAME_1>");
        assertThat(r.text()).isEqualTo("<NAME_9> met <name_9> and < DATE_7 > and " + CANARY_NAME);
        assertThat(r.unknownPlaceholders()).containsExactly("<NAME_9>", "<DATE_7>");
        assertThat(r.restoredCounts()).containsExactly(Map.entry("NAME", 1));
    }

    @Test
    void adjacentPlaceholders_areEachReplaced() {
        assertThat(reid("<NAME_1><NAME_2>")).isEqualTo(CANARY_NAME + "Bob Jones");
        assertThat(reid("<NAME_1>NAME_2")).isEqualTo(CANARY_NAME + "Bob Jones");
        assertThat(reid("<<NAME_1>>")).isEqualTo("<" + CANARY_NAME + ">");
        assertThat(reid("<NAME_1><NAME_9><NAME_2>")).isEqualTo(CANARY_NAME + "<NAME_9>Bob Jones");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<FOO_1>", "<NAME_01>", "<NAME_0>", "<NAME_1234567>", "<NAME_>", "<NAME1>", "<NAME-1>",
        "<NAME__1>", "<_NAME_1>", "<NAMES_1>", "a < b > c", "x<y", "<>", "< >", "<<<", "<NAME_1", "1 < 2",
        "<HEALTH_PLAN_1>", "<PLAN_ID_1>"})
    void notAPlaceholder_isLeftAlone_andNotReported(String text) {
        MapResolver nothingKnown = new MapResolver();
        Reidentified r = reidentifier(nothingKnown).reidentify(text);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.unknownPlaceholders()).isEmpty();
        assertThat(nothingKnown.lookups).as("lookups for bare forms only").isLessThanOrEqualTo(1);
    }

    @Test
    void truncatedBracket_isTreatedAsBareForm() {
        // "<NAME_1" at the end is not bracketed (no '>'), but NAME_1 is a whole word the resolver knows
        assertThat(reid("see <NAME_1")).isEqualTo("see <" + CANARY_NAME);
    }

    @Test
    void labelsContainingUnderscores_areReadWhole() {
        assertThat(reid("<HEALTH_PLAN_ID_12>, <vehicle_id_3>, <ID_5>, <LOCATION_123456>"))
                .isEqualTo("1EG4-TE5-MK72, 1HGCM82633A004352, P-5521, Springfield");
        // ID_5 is known but VEHICLE_ID_5 is not: the tail of a longer word is never taken for a bare ID_5
        Reidentified r = REID.reidentify("VEHICLE_ID_5 and <VEHICLE_ID_5>");
        assertThat(r.text()).isEqualTo("VEHICLE_ID_5 and <VEHICLE_ID_5>");
        assertThat(r.unknownPlaceholders()).containsExactly("<VEHICLE_ID_5>");
    }

    @Test
    void everyLabel_isRecognised() {
        MapResolver resolver = new MapResolver();
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (String label : PlaceholderScanner.LABELS) {
            resolver.with("<" + label + "_7>", "v-" + label);
            in.append('<').append(label.toLowerCase(java.util.Locale.ROOT)).append("_7> ");
            expected.append("v-").append(label).append(' ');
        }
        Reidentified r = reidentifier(resolver).reidentify(in.toString());
        assertThat(r.text()).isEqualTo(expected.toString());
        assertThat(r.restoredCounts()).hasSize(PlaceholderScanner.LABELS.length).allSatisfy((k, v) -> assertThat(v)
                .isEqualTo(1));
    }

    @Test
    void restoredCounts_arePerLabel_inLabelOrder() {
        Reidentified r = REID.reidentify("<DATE_1> <NAME_1> <name_2> <SSN_1> <NAME_1> <DATE_1>");
        assertThat(r.restoredCounts()).containsExactly(Map.entry("NAME", 3), Map.entry("DATE", 2),
                Map.entry("SSN", 1));
        assertThat(r.restoredTotal()).isEqualTo(6);
    }

    @Test
    void originalThatLooksLikeAPlaceholder_isNotExpandedAgain() {
        MapResolver resolver = new MapResolver().with("<NAME_1>", "<NAME_2>").with("<NAME_2>", "Bob");
        assertThat(reidentifier(resolver).reidentify("<NAME_1> <NAME_2>").text()).isEqualTo("<NAME_2> Bob");
    }

    @Test
    void textWithoutPlaceholders_isReturnedUnchanged() {
        String text = "Take 40 mg furosemide <b>twice</b> daily; HbA1c 7.5% (type 2). a<b, c>d, x_1, NAME, _ID_.";
        Reidentified r = REID.reidentify(text);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.restoredCounts()).isEmpty();
        assertThat(r.unknownPlaceholders()).isEmpty();
        assertThat(REID.reidentify("").text()).isEmpty();
    }

    @Test
    void ltAtEndOfText_isKept() {
        assertThat(reid("a <")).isEqualTo("a <");
        assertThat(reid("<")).isEqualTo("<");
        assertThat(reid("<NAME_1> <")).isEqualTo(CANARY_NAME + " <");
    }

    @Test
    void newPhiInModelOutput_isReported_withTypesAndModelOutputOffsets() {
        String out = "<NAME_1> should call (617) 555-0143 or write to jdoe@example.org about <DATE_1>.";
        Reidentified r = REID.reidentify(out);
        assertThat(r.newPhi()).extracting(PhiSpan::type).contains(PhiType.PHONE_NUMBER, PhiType.EMAIL_ADDRESS);
        for (PhiSpan s : r.newPhi()) {
            String found = s.textIn(out);
            assertThat(found).doesNotContain("<").doesNotContain("NAME_1").doesNotContain("DATE_1");
        }
        assertThat(r.newPhi()).anySatisfy(s -> assertThat(s.textIn(out)).contains("555-0143"));
        assertThat(r.newPhi()).anySatisfy(s -> assertThat(s.textIn(out)).isEqualTo("jdoe@example.org"));
    }

    @Test
    void placeholdersAndRestoredOriginals_areNotReportedAsNewPhi() {
        Reidentified r = REID.reidentify("Dr. <NAME_2> saw <NAME_1> (SSN <SSN_1>, DOB <DATE_1>), plan <ID_5>.");
        assertThat(r.text()).contains(CANARY_SSN).contains("03/14/1951");
        assertThat(r.newPhi()).isEmpty();
    }

    @Test
    void hallucinatedName_isReportedAsNewPhi() {
        String out = "<NAME_1> was referred to Dr. Gregory Whitfield at Lakeside Clinic.";
        Reidentified r = REID.reidentify(out);
        assertThat(r.newPhi()).anySatisfy(s -> {
            assertThat(s.type()).isEqualTo(PhiType.NAME);
            assertThat(s.textIn(out)).contains("Whitfield");
        });
    }

    @Test
    void builder_rejectsMissingRepeatedAndNullSettings() {
        assertThatThrownBy(() -> Reidentifier.builder().detector(PhiDetectors.defaults()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resolver");
        assertThatThrownBy(() -> Reidentifier.builder().resolver(p -> Optional.empty()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("detector");
        assertThatThrownBy(() -> Reidentifier.builder().resolver(p -> Optional.empty()).resolver(p -> Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resolver");
        assertThatThrownBy(() -> Reidentifier.builder().resolver(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> REID.reidentify(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void failingResolver_failsClosed_withoutQuotingItsMessage() {
        Reidentifier r = reidentifier(p -> {
            throw new IllegalStateException("vault broke while holding " + CANARY_NAME);
        });
        assertThatThrownBy(() -> r.reidentify("hello <NAME_1>"))
                .isInstanceOf(PhiProcessingException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY_NAME).doesNotContain("hello"));
        Reidentifier nulls = reidentifier(p -> null);
        assertThatThrownBy(() -> nulls.reidentify("<NAME_1>")).isInstanceOf(PhiProcessingException.class);
    }

    @Test
    void canary_originalsNeverAppearInToStringOrExceptions() {
        Reidentified r = REID.reidentify("<NAME_1> (SSN <SSN_1>) and <NAME_9>, phone 617-555-0143");
        assertThat(r.text()).contains(CANARY_NAME, CANARY_SSN);
        assertThat(r.toString()).doesNotContain(CANARY_NAME).doesNotContain(CANARY_SSN).doesNotContain("Zebulon")
                .doesNotContain("555-0143").contains("NAME=1").contains("<NAME_9>");
        assertThat(REID.toString()).doesNotContain(CANARY_NAME);

        StreamingReidentifier s = REID.streaming();
        s.accept("<NAME_1> and <SS");
        assertThat(s.toString()).doesNotContain(CANARY_NAME).doesNotContain("<SS");
        s.accept("N_1>");
        s.finish();
        assertThat(s.toString()).doesNotContain(CANARY_NAME).doesNotContain(CANARY_SSN);
        assertThatThrownBy(() -> s.accept("x")).satisfies(e -> assertThat(e.getMessage())
                .doesNotContain(CANARY_NAME).doesNotContain(CANARY_SSN));
    }

    @Test
    void megabyteOfLtSigns_finishesUnchanged() {
        String text = "<".repeat(1 << 20);
        assertThat(reid(text)).isEqualTo(text);
        assertThat(StreamingReidentifierTest.streamInChunks(REID, text, 7)).isEqualTo(text);
    }

    @Test
    void megabyteOfUnfinishedPlaceholders_finishesUnchanged() {
        String text = "<NAME_".repeat((1 << 20) / 6);
        assertThat(reid(text)).isEqualTo(text);
        assertThat(StreamingReidentifierTest.streamInChunks(REID, text, 7)).isEqualTo(text);
        String bare = "NAME_1_".repeat((1 << 20) / 7);
        assertThat(reid(bare)).isEqualTo(bare);
    }
}
