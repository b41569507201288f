package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The restorer skips ahead to the next {@code '_'}-and-digit pair, since every placeholder form holds one near its
 * start. These tests hold it to a plain scan that tries every position, on texts dense in placeholder fragments.
 */
class PlaceholderRestorerTest {

    private static final String[] PIECES = {
        "<", ">", " ", "_", "NAME", "name", "Name", "DATE", "HEALTH_PLAN_ID", "HEALTH_PLAN", "ID", "1", "12", "0",
        "123456", "1234567", "x", "é", "\uD83D\uDE00", "\n", "'s", "**", "<NAME_1>", "< NAME_2 >", "NAME_1",
        "<DATE_1", "SSN_1", "_1", "LOCATION_", "VEHICLE_ID_3", "a_1", "\uD83D",
    };

    @Test
    void restore_matchesAScanOfEveryPosition_batchAndStreaming() {
        Random random = new Random(20261127L);
        for (int n = 0; n < 30_000; n++) {
            StringBuilder b = new StringBuilder();
            int pieces = random.nextInt(40);
            for (int i = 0; i < pieces; i++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = b.toString();
            int from = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            for (boolean atEnd : new boolean[] {true, false}) {
                StringBuilder out = new StringBuilder();
                StringBuilder masked = new StringBuilder();
                PlaceholderRestorer restorer = new PlaceholderRestorer(MapResolver.standard());
                int consumed = restorer.restore(text, from, atEnd, out, masked);

                StringBuilder refOut = new StringBuilder();
                StringBuilder refMasked = new StringBuilder();
                List<String> refUnknown = new ArrayList<>();
                int refConsumed = everyPosition(text, from, atEnd, refOut, refMasked, refUnknown);

                assertThat(consumed).as("consumed of %s", text).isEqualTo(refConsumed);
                assertThat(out.toString()).as("output of %s", text).isEqualTo(refOut.toString());
                assertThat(masked.toString()).as("masked of %s", text).isEqualTo(refMasked.toString());
                assertThat(restorer.unknownPlaceholders()).as("unknown in %s", text)
                        .containsExactlyElementsOf(refUnknown.stream().distinct().toList());
            }
        }
    }

    @Test
    void restore_findsFormsFarApart_andLeavesLongTextWithoutThemAsItIs() {
        String filler = "no placeholder here, just words and 42 numbers_ and under_scores ".repeat(50);
        String text = filler + "<NAME_1> and NAME_2's chart " + filler + "< date_1 >";
        StringBuilder out = new StringBuilder();
        StringBuilder masked = new StringBuilder();
        PlaceholderRestorer restorer = new PlaceholderRestorer(MapResolver.standard());

        assertThat(restorer.restore(text, 0, true, out, masked)).isEqualTo(text.length());
        assertThat(out.toString()).isEqualTo(filler + MapResolver.CANARY_NAME + " and Bob Jones's chart " + filler
                + "03/14/1951");
        assertThat(masked.toString()).isEqualTo(filler + "         and       's chart " + filler + "          ");
        assertThat(restorer.restoredCounts()).containsEntry("NAME", 2).containsEntry("DATE", 1);
    }

    /** The restorer's loop as it was before it skipped: every position is tried. */
    private static int everyPosition(String s, int from, boolean atEnd, StringBuilder out, StringBuilder masked,
            List<String> unknown) {
        MapResolver resolver = MapResolver.standard();
        PlaceholderScanner scanner = new PlaceholderScanner();
        int end = s.length();
        int p = from;
        int copied = from;
        while (p < end) {
            char c = s.charAt(p);
            int r;
            boolean bracketed = c == '<';
            if (bracketed) {
                r = scanner.bracketed(s, p, atEnd);
            } else if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                    && (p == 0 || !PlaceholderScanner.isWordChar(Character.codePointBefore(s, p)))) {
                r = scanner.bare(s, p, atEnd);
            } else {
                p++;
                continue;
            }
            if (r == PlaceholderScanner.NEED_MORE) {
                end = p;
                break;
            }
            if (r == PlaceholderScanner.NO_MATCH) {
                p++;
                continue;
            }
            String canonical = scanner.canonical();
            Optional<String> original = resolver.resolve(canonical);
            if (original.isEmpty() && !bracketed) {
                p += r;
                continue;
            }
            out.append(s, copied, p);
            masked.append(s, copied, p).append(" ".repeat(r));
            if (original.isPresent()) {
                out.append(original.get());
            } else {
                out.append(s, p, p + r);
                unknown.add(canonical);
            }
            p += r;
            copied = p;
        }
        if (!atEnd && end > copied && end == s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        out.append(s, copied, end);
        masked.append(s, copied, end);
        return end;
    }
}
