package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ShiftedDateRestorer#readsNothing}, the filter's shortcut past its date pass, against a fresh reading of the
 * same output: where it answers "no date", no segment of the output holds one.
 */
class ShiftedDateRestorerTest {

    private static final PhiDetectors ALL = PhiDetectors.defaults();
    private static final PhiDetectors DATES = ALL.toBuilder().only(PhiType.DATE).build();

    /** Pieces that read as names, dates, parts of dates, numbers and context words next to one another. */
    private static final String[] PIECES = {
        "Anna Kowalczyk", "John Smith", "Boston", "May", "March", "Monday", "on", "seen", "DOB", "born", "3", "14",
        "2020", "1999", "/", "-", ".", ",", "3/14", "14 March", "March 14, 2020", "2020-03-14", "5 mg", "Dr.", "at",
        "of", "the", "patient", "(", ")", "'", "12:30", "\n", "Mercy General Hospital", "age 92", "MRN 4471920",
    };

    @Test
    void readsNothing_answersNoDate_onlyWhereAFreshReadingOfEachSegmentFindsNone() {
        Random random = new Random(20261127);
        int answered = 0;
        int notAnswered = 0;
        int withDates = 0;
        for (int c = 0; c < 3000; c++) {
            StringBuilder b = new StringBuilder();
            for (int k = 1 + random.nextInt(12); k > 0; k--) {
                b.append(PIECES[random.nextInt(PIECES.length)]).append(random.nextInt(5) == 0 ? "" : " ");
            }
            String text = b.toString();
            PhiDetectors.Pass pass = ALL.detectPass(text);
            // as the filter writes it: each value behind a placeholder (marked blanked), dates too or left as they are
            boolean keepDates = random.nextBoolean();
            StringBuilder out = new StringBuilder();
            List<int[]> edits = new ArrayList<>();
            int at = 0;
            int n = 0;
            for (PhiSpan s : pass.spans()) {
                out.append(text, at, s.start());
                if (keepDates && s.type() == PhiType.DATE) {
                    out.append(text, s.start(), s.end());
                } else {
                    int from = out.length();
                    out.append('<').append(s.type().name()).append('_').append(++n).append('>');
                    edits.add(new int[] {from, out.length(), s.start(), s.end(), 1});
                }
                at = s.end();
            }
            out.append(text, at, text.length());
            String output = out.toString();

            boolean none = ShiftedDateRestorer.readsNothing(output, true, DATES, pass, edits);
            List<int[]> fresh = new ArrayList<>();
            ShiftedDateRestorer.forEachDate(output, true, DATES, p -> Optional.empty(), Map::of, null, null, edits,
                    (start, end) -> fresh.add(new int[] {start, end}));
            if (none) {
                assertThat(fresh).as("dates in %s", output).isEmpty();
                answered++;
            } else {
                notAnswered++;
            }
            withDates += fresh.isEmpty() ? 0 : 1;
        }
        // the generator reaches every case: answered, not answered, and outputs that do hold dates
        assertThat(answered).isGreaterThan(300);
        assertThat(notAnswered).isGreaterThan(300);
        assertThat(withDates).isGreaterThan(300);
    }
}
