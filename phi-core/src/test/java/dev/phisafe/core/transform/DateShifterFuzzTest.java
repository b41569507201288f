package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.time.LocalDate;
import java.util.Set;

/**
 * Properties of {@link DateShifter} on any input: whatever the date detector reports as a DATE either shifts and
 * reads back as the original plus the offset (in the original's precision), or fails with a
 * {@link PhiProcessingException} — never another exception; and any string at all does the same.
 *
 * <p>In the normal build only the committed seeds in {@code DateShifterFuzzTestInputs/<method>/} run. Fuzz with
 * {@code JAZZER_FUZZ=1 mvn -o -pl phi-core test -Dtest='DateShifterFuzzTest#detectedDate_shiftsByTheOffsetOrFailsClosed'}.
 */
class DateShifterFuzzTest {

    /** The suite reduced to dates; built once (the default suite loads its dictionaries once). */
    private static final PhiDetectors DATES = PhiDetectors.builder().only(PhiType.DATE).build();

    private static final Set<String> FIXED_MESSAGES = Set.of(
        "the date text is not in a supported date format",
        "the shifted date cannot be written unambiguously in its format",
        "the shifted date is outside the supported calendar range",
        "the shifted day range would span two months",
        "the shifted year has no four-digit form",
        "the shifted year has no spelled form (1800-2099 only)",
        "the shifted year leaves the two-digit year window 1950-2049");

    @FuzzTest(maxDuration = "2m")
    void detectedDate_shiftsByTheOffsetOrFailsClosed(FuzzedDataProvider data) {
        int days = offset(data);
        String text = data.consumeRemainingAsString();
        for (PhiSpan s : DATES.detect(text)) {
            if (s.type() == PhiType.DATE) {
                check(s.textIn(text), days);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void anyText_shiftsByTheOffsetOrFailsClosed(FuzzedDataProvider data) {
        int days = offset(data);
        check(data.consumeRemainingAsString(), days);
    }

    private static int offset(FuzzedDataProvider data) {
        int days = data.consumeInt(-DateShifter.MAX_MAX_SHIFT_DAYS, DateShifter.MAX_MAX_SHIFT_DAYS);
        return days == 0 ? 1 : days;
    }

    /** Shift, then read both back: the result must mean the original moved by {@code days}. */
    private static void check(String dateText, int days) {
        String out;
        try {
            out = DateShifter.shiftBy(dateText, days);
        } catch (PhiProcessingException e) {
            // names no value: the message is one of the fixed texts, whatever the input
            assertThat(e.getMessage()).isIn(FIXED_MESSAGES);
            return;
        }
        DateText o = DateText.parse(dateText, DateText.ORDER_NONE);
        assertThat(o).as("a shifted text was readable").isNotNull();
        DateText s = DateText.parse(out, o.order);
        assertThat(s).as("the result reads back").isNotNull();
        LocalDate base = LocalDate.of(o.hasYear() ? o.year : DateText.REFERENCE_YEAR, o.month,
                o.hasDay() ? o.day : DateText.REPRESENTATIVE_DAY);
        LocalDate expected = base.plusDays(days);
        assertThat(s.month).isEqualTo(expected.getMonthValue());
        assertThat(s.year).isEqualTo(o.hasYear() ? expected.getYear() : 0);
        assertThat(s.day).isEqualTo(o.hasDay() ? expected.getDayOfMonth() : 0);
        if (o.hasYear() && o.hasDay()) {
            assertThat(LocalDate.of(s.year, s.month, s.day)).isEqualTo(LocalDate.of(o.year, o.month, o.day)
                    .plusDays(days));
            if (o.weekday >= 0) {
                assertThat(s.weekday).isEqualTo(expected.getDayOfWeek().getValue() - 1);
            }
        } else if (o.weekday >= 0) {
            assertThat(s.weekday).isEqualTo(Math.floorMod(o.weekday + days, 7));
        }
        assertThat(s.rangeEndDay == 0).isEqualTo(o.rangeEndDay == 0);
    }
}
