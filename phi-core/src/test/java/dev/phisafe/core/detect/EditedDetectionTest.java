package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PhiDetectors#detectEdited} must find exactly what {@link PhiDetectors#detect} finds in the edited text, and
 * {@link Tokens#edited} must give exactly the tokens {@link Tokens#of} gives: the filter relies on both to read its
 * own output for dates without reading again what it did not change.
 */
class EditedDetectionTest {
    private static final PhiDetectors ALL = PhiDetectors.defaults();
    private static final PhiDetectors DATES = ALL.toBuilder().only(PhiType.DATE).build();
    private static final String[] PIECES = {"March 14, 2024", "3/14", "on 3/14", " 2024-03-14", "03/14/2024", "14 Mar 2024",
        "Jan 9th", "1/2/24", "3.4.23", "12/31/1999", "DOB: 02/29/1952", "Feb 2023", "admitted 11/03/2024", "4/21/2023-4/25/2023",
        "Monday, April 12th, 2023 at 3:45 pm", "the 3rd of May", "May of 2023", "january fifth, nineteen sixty-one",
        "2020-06-20T14:11:22Z", "seen", "dob", "since", "mg", "tabs", "-", "/", ".", ",", " ", "  ", "\n", "\n\n", "'s",
        "O'Brien", "Anna Kowalczyk", "2024", "2/7", "8/22", "September 27", "Sept", "may", "MAY", "x", "7", "12",
        "\u2019", "\uD83D\uDE00", "\u0000", "\t", "\u00A0", "\u2028", "é", "1\u0301", "?", "!", "\"", "]", ">"};

    @Test
    void editedTokens_equalAFreshScan_andCopyWhatNoEditTouches() {
        String before = "Seen on 3/14 by Dr. Smith; dob 02/29/1952. Next visit May 5, 2024 at 10:30 am.";
        String after = before.replace("3/14", "9/27").replace("Smith", "     ").replace("02/29/1952", "08/15/1952");
        List<int[]> edits = List.of(new int[] {8, 12, 8, 12}, new int[] {20, 25, 20, 25}, new int[] {31, 41, 31, 41});
        Tokens t = Tokens.edited(after, 0, after.length(), Tokens.of(before), edits);

        assertSame(t, Tokens.of(after));
        int copied = 0;
        for (int i = 0; i < t.size(); i++) {
            copied += t.source()[i] >= 0 ? 1 : 0;
        }
        // scanned again: the runs the edits touch, "9/27" (3 tokens), ";" (1) and "08/15/1952." (6)
        assertThat(copied).isEqualTo(t.size() - 10);
        assertThat(DATES.detectEdited(ALL.detectPass(before), after, 0, after.length(), edits))
                .isEqualTo(DATES.detect(after)).hasSize(3);
    }

    @Test
    void blankedValues_areReadFromTheTraceAlone_unlessAnAttemptReadThem() {
        String before = "Seen by Dr. Smith, 45, on 3/14 at Mercy.\nPhone 555-0100 since May 5, 2024";
        PhiDetectors.Pass pass = ALL.detectPass(before);
        DateDetector.Trace trace = pass.dateTrace();
        // "Smith" and "Mercy" blanked: no attempt read them, and the "," after "Smith" is read only where it stands
        String after = before.replace("Smith", "     ").replace("Mercy", "     ");
        List<int[]> edits = List.of(new int[] {12, 17, 12, 17}, new int[] {34, 39, 34, 39});
        List<PhiSpan> read = EditedDates.read(pass.tokens(), trace, after, 0, after.length(), edits, "date");

        assertThat(read).isNotNull();
        assertThat(DATES.detectEdited(pass, after, 0, after.length(), edits)).isEqualTo(DATES.detect(after))
                .hasSize(2);
        // a placeholder marked as blanked reads as spaces, for a suite of any detectors too
        String shown = before.replace("Smith", "<N_1>").replace("Mercy", "<L_1>");
        List<int[]> marked = List.of(new int[] {12, 17, 12, 17, 1}, new int[] {34, 39, 34, 39, 1});
        assertThat(DATES.detectEdited(pass, shown, 0, shown.length(), marked)).isEqualTo(DATES.detect(after));
        assertThat(ALL.detectEdited(pass, shown, 0, shown.length(), marked)).isEqualTo(ALL.detect(after));
        String joinedBefore = "Seen on March Smith 5, 2024.";
        List<int[]> join = List.<int[]>of(new int[] {14, 19, 14, 19, 1});
        String joinedRead = "Seen on March       5, 2024.";
        assertThat(ALL.detectEdited(ALL.detectPass(joinedBefore), "Seen on March <N_1> 5, 2024.", 0, 28, join))
                .isEqualTo(ALL.detect(joinedRead)).isNotEqualTo(ALL.detect("Seen on March <N_1> 5, 2024."));
        // the second line alone, as a re-identifier reads it: its first token now starts the text
        int line = after.indexOf('\n') + 1;
        assertThat(EditedDates.read(pass.tokens(), trace, after, line, after.length(), edits, "date")).isNotNull();
        assertThat(DATES.detectEdited(pass, after, line, after.length(), edits))
                .isEqualTo(DATES.detect(after.substring(line)));
        // "5, 2024" blanked: the attempt at "May" read it, so the trace cannot tell
        String cut = before.replace("5, 2024", "       ");
        List<int[]> cutEdits = List.<int[]>of(new int[] {66, 73, 66, 73});
        assertThat(EditedDates.read(pass.tokens(), trace, cut, 0, cut.length(), cutEdits, "date")).isNull();
        assertThat(DATES.detectEdited(pass, cut, 0, cut.length(), cutEdits)).isEqualTo(DATES.detect(cut));
        // a shifted date is new text, which the trace cannot read
        String shifted = before.replace("3/14", "9/27");
        List<int[]> shiftEdits = List.<int[]>of(new int[] {26, 30, 26, 30});
        assertThat(EditedDates.read(pass.tokens(), trace, shifted, 0, shifted.length(), shiftEdits, "date")).isNull();
    }

    @Test
    void partsWithoutDates_areToldFromTheTrace_unlessAnAttemptReadAcrossAnEdge() {
        String before = "Seen by Dr. Smith at Mercy.\nPhone 555-0100, call Ann\nseen 3 times";
        PhiDetectors.Pass pass = ALL.detectPass(before);
        String shown = before.replace("Smith", "<N_1>").replace("Ann", "<N>");
        int ann = before.indexOf("Ann");
        List<int[]> edits = List.of(new int[] {12, 17, 12, 17, 1}, new int[] {ann, ann + 3, ann, ann + 3, 1});
        int second = before.indexOf('\n') + 1;
        int third = before.lastIndexOf('\n') + 1;
        int[] lines = {0, second, second, third, third, before.length()};

        assertThat(DATES.findsNothing(pass, shown, lines, edits)).isTrue();
        assertThat(DATES.findsNothing(pass, shown, new int[] {0, before.length()}, edits)).isTrue();
        // a part that starts inside a token, inside a placeholder, or in a text with a date: not told
        assertThat(DATES.findsNothing(pass, shown, new int[] {0, 2, 2, before.length()}, edits)).isFalse();
        assertThat(DATES.findsNothing(pass, shown, new int[] {0, 14, 14, before.length()}, edits)).isFalse();
        String dated = "Seen by Dr. Smith on 3/14.";
        assertThat(DATES.findsNothing(ALL.detectPass(dated), dated.replace("Smith", "<N_1>"),
                new int[] {0, dated.length()}, List.<int[]>of(new int[] {12, 17, 12, 17, 1}))).isFalse();
        // a suite of more than the date detector: not told
        assertThat(ALL.findsNothing(pass, shown, lines, edits)).isFalse();
        assertThatThrownBy(() -> DATES.findsNothing(pass, shown, new int[] {5, 2}, edits))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hugeTextsWithManyEdits_areReadInLinearTime(boolean datesWritten) {
        // 10,000 lines, each with a value blanked (as a marked placeholder; the "," after it now has a space before
        // it) and, if asked, on every other line a date written anew: one part, read whole, from the trace or
        // tokenized (linear time; no timing assert: a quadratic reading would not finish)
        String line = "Seen by Ann Lee, 45, on 3/14 at Mercy.\n";
        StringBuilder before = new StringBuilder();
        StringBuilder shown = new StringBuilder();
        StringBuilder read = new StringBuilder();
        List<int[]> edits = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            int at = before.length();
            before.append(line);
            String date = k % 2 == 0 || !datesWritten ? "3/14" : "9/27";
            edits.add(new int[] {at + 8, at + 15, at + 8, at + 15, 1});
            if (k % 2 == 1 && datesWritten) {
                edits.add(new int[] {at + 24, at + 28, at + 24, at + 28});
            }
            shown.append("Seen by <NAME1>, 45, on ").append(date).append(" at Mercy.\n");
            read.append("Seen by        , 45, on ").append(date).append(" at Mercy.\n");
        }
        PhiDetectors.Pass pass = ALL.detectPass(before);

        assertThat(DATES.detectEdited(pass, shown.toString(), 0, shown.length(), edits))
                .isEqualTo(DATES.detect(read)).hasSize(10_000);
        // and line by line, as the filter reads its output: each part costs what the part is, not the text
        int found = 0;
        for (int at = 0; at < shown.length(); at += line.length()) {
            List<PhiSpan> part = DATES.detectEdited(pass, shown.toString(), at, at + line.length(), edits);
            assertThat(part).isEqualTo(DATES.detect(read.substring(at, at + line.length())));
            found += part.size();
        }
        assertThat(found).isEqualTo(10_000);
    }

    @Test
    void aContextWordWrittenBeforeWhereTheTextStarted_isRead() {
        // the prompt's "3.4.23" reads no context back to where the text starts, and is no date; the output has
        // "since" before it (with the same tokens in between), so there it is one: the attempt is made again
        String before = " . x 3.4.23";
        String after = "since. . x 3.4.23";
        List<int[]> edits = List.<int[]>of(new int[] {0, 6, 0, 0});

        assertThat(DATES.detect(before)).isEmpty();
        assertThat(DATES.detectEdited(ALL.detectPass(before), after, 0, after.length(), edits))
                .isEqualTo(DATES.detect(after)).hasSize(1);
    }

    @Test
    void randomEdits_detectExactlyAsAFreshDetection() {
        Random r = new Random(20261127L);
        for (int n = 0; n < 20_000; n++) {
            check(r.nextLong(), r);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void anyEdits_detectExactlyAsAFreshDetection(FuzzedDataProvider data) {
        long seed = data.consumeLong();
        String extra = data.consumeRemainingAsString();
        Random r = new Random(seed);
        check(seed, r, extra);
    }

    @Test
    void badEdits_areRejected_withoutText() {
        PhiDetectors.Pass pass = ALL.detectPass("seen on 3/14");
        assertThatThrownBy(() -> DATES.detectEdited(pass, "seen on 3/14", 0, 99, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DATES.detectEdited(pass, "seen on 3/14 and more", 0, 5, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("seen");
        assertThatThrownBy(() -> DATES.detectEdited(pass, "seen on 9/27", 0, 5,
                List.of(new int[] {8, 12, 8, 12}, new int[] {0, 2, 0, 2})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DATES.detectEdited(pass, "seen on 9/27", 0, 12, List.of(new int[] {8, 12, 8, 12})))
                .isEqualTo(DATES.detect("seen on 9/27"));
        assertThat(pass.toString()).doesNotContain("seen");
    }

    private static void check(long seed, Random r) {
        check(seed, r, "");
    }

    private static void check(long seed, Random r, String extra) {
        String before = text(r, extra);
        StringBuilder after = new StringBuilder();   // the edited text, as read
        StringBuilder shown = new StringBuilder();   // as passed: a blanked edit may hold a placeholder
        List<int[]> edits = new ArrayList<>();
        int at = 0;
        while (at < before.length()) {
            int next = at == 0 && r.nextInt(4) == 0 ? 0 : at + r.nextInt(Math.max(1, before.length() - at) + 1);
            next = Math.min(next, before.length());
            after.append(before, at, next);
            shown.append(before, at, next);
            at = next;
            boolean insideAPair = at > 0 && at < before.length() && Character.isLowSurrogate(before.charAt(at));
            if (r.nextInt(6) == 0 && !insideAPair) {
                // an insertion: text where the prompt had none (at its start too), so that an unedited stretch
                // moves to other token numbers and has more text before it than the trace saw
                String with = PIECES[r.nextInt(PIECES.length)] + (r.nextBoolean() ? " " : "");
                edits.add(new int[] {after.length(), after.length() + with.length(), at, at});
                after.append(with);
                shown.append(with);
                if (at >= before.length()) {
                    break;
                }
                continue;
            }
            if (r.nextInt(3) == 0 || at >= before.length()) {
                if (r.nextBoolean() && at < before.length()) {
                    int end = Math.min(before.length(), at + 1 + r.nextInt(12));
                    if (Character.isLowSurrogate(before.charAt(end - 1)) || end < before.length()
                            && Character.isLowSurrogate(before.charAt(end))) {
                        end = Math.min(before.length(), end + 1);
                    }
                    String with = replacement(r, end - at);
                    // a blank may come as a placeholder marked as blanked, as the filter passes its output
                    boolean marked = !with.isEmpty() && with.isBlank() && with.indexOf(' ') >= 0 && r.nextBoolean();
                    edits.add(marked ? new int[] {after.length(), after.length() + with.length(), at, end, 1}
                            : new int[] {after.length(), after.length() + with.length(), at, end});
                    after.append(with);
                    shown.append(marked ? filler(with.length()) : with);
                    at = end;
                }
            }
        }
        String edited = after.toString();
        PhiDetectors.Pass pass = ALL.detectPass(before);
        assertThat(pass.spans()).isEqualTo(ALL.detect(before));
        if (before.isEmpty()) {
            return;
        }
        int from = r.nextInt(4) == 0 ? cut(edited, r.nextInt(edited.length() + 1)) : 0;
        int to = r.nextInt(4) == 0 ? cut(edited, from + r.nextInt(edited.length() - from + 1)) : edited.length();
        if (to < from) {
            to = from;
        }
        String part = edited.substring(from, to);
        assertSame(Tokens.edited(edited, from, to, Tokens.of(before), edits), Tokens.of(part));
        assertThat(DATES.detectEdited(pass, shown.toString(), from, to, edits)).as("seed %d", seed)
                .isEqualTo(DATES.detect(part));
        // parts read together: when the prompt's detection tells that none holds a date, none does
        int[] parts = new int[2 * (1 + r.nextInt(4))];
        int p = 0;
        for (int k = 0; k < parts.length; k += 2) {
            parts[k] = p;
            p = k + 2 == parts.length ? edited.length() : cut(edited, p + r.nextInt(edited.length() - p + 1));
            parts[k + 1] = p;
        }
        if (DATES.findsNothing(pass, shown.toString(), parts, edits)) {
            for (int k = 0; k < parts.length; k += 2) {
                assertThat(DATES.detect(edited.substring(parts[k], parts[k + 1]))).as("seed %d", seed).isEmpty();
            }
        }
        checkWritten(seed, r, before, pass);
    }

    /**
     * Dates written over the dates found, as the filter writes shifted dates (digits changed, or another date), next
     * to blanked values: read exactly as a fresh detection reads them.
     */
    private static void checkWritten(long seed, Random r, String before, PhiDetectors.Pass pass) {
        StringBuilder after = new StringBuilder();
        StringBuilder shown = new StringBuilder();
        List<int[]> edits = new ArrayList<>();
        int at = 0;
        for (PhiSpan d : DATES.detect(before)) {
            if (d.start() < at || r.nextInt(3) == 0) {
                continue;
            }
            // maybe blank a stretch before it (a placeholder the filter wrote)
            if (r.nextBoolean() && d.start() - at > 2) {
                int s = at + r.nextInt(d.start() - at - 1);
                int e = Math.min(d.start(), s + 1 + r.nextInt(6));
                if (!Character.isLowSurrogate(before.charAt(s)) && (e == before.length()
                        || !Character.isLowSurrogate(before.charAt(e)))) {
                    after.append(before, at, s);
                    shown.append(before, at, s);
                    edits.add(new int[] {after.length(), after.length() + (e - s), s, e, 1});
                    after.append(" ".repeat(e - s));
                    shown.append(filler(e - s));
                    at = e;
                }
            }
            after.append(before, at, d.start());
            shown.append(before, at, d.start());
            String value = before.substring(d.start(), d.end());
            String with;
            if (r.nextInt(4) == 0) {
                with = PIECES[r.nextInt(19)].strip();  // another date, of another format perhaps
            } else {
                StringBuilder v = new StringBuilder(value);
                for (int k = 0; k < v.length(); k++) {
                    if (v.charAt(k) >= '0' && v.charAt(k) <= '9' && r.nextBoolean()) {
                        v.setCharAt(k, (char) ('0' + r.nextInt(10)));
                    }
                }
                with = v.toString();
            }
            if (with.isEmpty()) {
                with = value;
            }
            edits.add(new int[] {after.length(), after.length() + with.length(), d.start(), d.end()});
            after.append(with);
            shown.append(with);
            at = d.end();
        }
        after.append(before, at, before.length());
        shown.append(before, at, before.length());
        String edited = after.toString();
        int from = r.nextInt(3) == 0 ? cut(edited, r.nextInt(edited.length() + 1)) : 0;
        int to = r.nextInt(3) == 0 ? cut(edited, from + r.nextInt(edited.length() - from + 1)) : edited.length();
        if (to < from) {
            to = from;
        }
        assertThat(DATES.detectEdited(pass, shown.toString(), from, to, edits)).as("seed %d (written)", seed)
                .isEqualTo(DATES.detect(edited.substring(from, to)));
    }


    /** A placeholder-like text of that length ("<" and ">" around letters, or fewer characters). */
    private static String filler(int length) {
        return length >= 3 ? "<" + "N".repeat(length - 2) + ">" : "N".repeat(length);
    }

    private static int cut(String s, int x) {
        return x > 0 && x < s.length() && Character.isLowSurrogate(s.charAt(x)) ? x - 1 : x;
    }

    private static String text(Random r, String extra) {
        StringBuilder b = new StringBuilder();
        int pieces = r.nextInt(14);
        for (int i = 0; i < pieces; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
            if (r.nextInt(3) > 0) {
                b.append(' ');
            }
        }
        if (!extra.isEmpty()) {
            b.insert(r.nextInt(b.length() + 1), extra);
        }
        return b.toString();
    }

    private static String replacement(Random r, int length) {
        switch (r.nextInt(4)) {
            case 0:
                return " ".repeat(length); // a placeholder, blanked
            case 1:
                return PIECES[r.nextInt(PIECES.length)];
            case 2:
                return "";
            default:
                return PIECES[r.nextInt(PIECES.length)] + PIECES[r.nextInt(PIECES.length)];
        }
    }

    private static void assertSame(Tokens a, Tokens b) {
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(new int[] {a.start(i), a.end(i), a.kind(i), a.flags(i), a.foldHash(i)}).as("token %d", i)
                    .containsExactly(b.start(i), b.end(i), b.kind(i), b.flags(i), b.foldHash(i));
            if (a.source()[i] >= 0) {
                assertThat(a.text(i)).isEqualTo(b.text(i));
            }
        }
        assertThat(a.words()).isEqualTo(b.words());
        assertThat(a.lowerWords()).isEqualTo(b.lowerWords());
    }
}
