package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Puts the dates of a model answer back into the patient's real time frame, and its surrogates back to the
 * originals, before placeholders are restored.
 *
 * <p>Two ways, in this order: a surrogate the filter emitted is replaced by the original text it stood for wherever it
 * stands alone; then each date the detector finds is replaced by the original text of a date the filter emitted
 * exactly so (a "shifted string": echoed dates come back byte for byte), left as it is if the filter sent it
 * unchanged, or else shifted back by the patient's offset (the model may write "May 2, 2024" for the "05/02/2024" it
 * was given). Known dates come back only where the detector reads them as dates: the same characters may stand in
 * another message of the conversation where they are no date ("9/27 nodes positive"), or part of another date, and
 * must come back as they are.
 *
 * <p>The batch and the streaming re-identifier must agree for every chunking, yet the date detector looks at
 * context. So the text is cut into segments by its content alone — after each line break, else at the first
 * whitespace once a segment is {@value #SEGMENT} characters long that is unlikely to split a date (not after a digit
 * or comma, not before a digit or capital), else at {@value #HARD_SEGMENT} characters — and each segment is handled
 * on its own, in batch exactly as in streaming. (Only that hard cut, in 800 characters without a line break or
 * such a space, can split a date.)
 * A known value that straddles a cut (it may hold a line break) moves the cut past it, unless it reads as a date and
 * comes back only where read (then the cut stays, so that what is read never depends on what the conversation
 * knows). The cost is the streaming hold-back: with date shifting on, up to about one segment
 * ({@link #MAX_HOLDBACK}) instead of one placeholder.
 */
final class ShiftedDateRestorer {
    static final int SEGMENT = 400;
    static final int HARD_SEGMENT = 2 * SEGMENT;
    /** The most characters a streaming re-identifier with date shifting holds back, this stage and placeholders. */
    /** Known values longer than this are not restored exactly (they would stretch the hold-back). */
    static final int MAX_KNOWN_VALUE = 256;
    /** How often a cut moves past a value that straddles it (overlapping occurrences); then it stays. */
    static final int MAX_MOVES = 4;
    /** A segment, the values it may be stretched over, the look-ahead that decides them, and a placeholder form. */
    static final int MAX_HOLDBACK = HARD_SEGMENT + 1 + (MAX_MOVES + 1) * (MAX_KNOWN_VALUE + 2)
            + PlaceholderScanner.MAX_HOLDBACK;

    private final PlaceholderResolver resolver;
    private final PhiDetector detector;
    private final UnaryOperator<String> unshift;
    private final String[] shifted;
    /** Length of the longest known value: how far past a cut one may reach. */
    private final int longest;
    private final Map<String, String> originals;
    /** Ranges [start, end) of the input that were replaced, in input offsets, when the caller asked for them. */
    private final List<int[]> replaced;
    /** If not null, receives what each range of {@link #replaced} was replaced by, in the same order. */
    private List<String> replacedBy;
    /** If not null, the dates already found in each segment, so that they are not looked for again. */
    private Readings readings;
    private int base;
    /** Per known value, made when first found: 1 if it comes back only where read as a date ({@link #readOnly}). */
    private byte[] readOnly;

    /**
     * @param unshift  shifts a detected date back; null when dates are not shifted (then only {@code exact} is used)
     * @param exact    shifted string or surrogate, as the filter emitted it, to the original text; may be empty
     * @param replaced if not null, receives the replaced input ranges (batch: dates so explained are not new PHI)
     */
    ShiftedDateRestorer(PlaceholderResolver resolver, PhiDetector detector, UnaryOperator<String> unshift,
            Map<String, String> exact, List<int[]> replaced) {
        this.resolver = resolver;
        this.detector = detector;
        this.unshift = unshift;
        this.originals = exact;
        // real mappings before text that passed through unchanged (which maps to itself), then longest first: an
        // unchanged stretch must never hide a shifted date or surrogate it happens to overlap
        this.shifted = exact.keySet().stream().filter(k -> !k.isEmpty() && k.length() <= MAX_KNOWN_VALUE)
                .sorted(Comparator.comparing((String k) -> k.equals(exact.get(k)))
                        .thenComparing(Comparator.comparingInt(String::length).reversed())
                        .thenComparing(Comparator.naturalOrder()))
                .toArray(String[]::new);
        int max = 0;
        for (String k : shifted) {
            max = Math.max(max, k.length());
        }
        this.longest = max;
        this.replaced = replaced;
    }

    /**
     * A restorer that takes the dates of a segment from {@code readings} where it holds that segment (the filter has
     * just looked for them, with the same detector), and reports what it replaced each range with.
     */
    static ShiftedDateRestorer simulating(PlaceholderResolver resolver, PhiDetector detector,
            UnaryOperator<String> unshift, Map<String, String> exact, Readings readings,
            List<int[]> replaced, List<String> replacedBy) {
        ShiftedDateRestorer r = new ShiftedDateRestorer(resolver, detector, unshift, exact, replaced);
        r.readings = readings;
        r.replacedBy = replacedBy;
        return r;
    }

    /**
     * Handles the complete segments of {@code s[from, s.length())}, appending them, dates restored, to {@code out}.
     *
     * @param atEnd whether no more text follows (the last, incomplete segment is then handled too)
     * @return the index up to which {@code s} was consumed
     */
    int restore(CharSequence s, int from, boolean atEnd, StringBuilder out) {
        int p = from;
        while (p < s.length()) {
            int end = segmentEnd(s, p);
            if (end < 0) {
                if (!atEnd) {
                    break;
                }
                end = s.length();
            }
            end = overKnownValues(s, p, end, atEnd);
            if (end < 0) {
                break; // a known value may straddle the cut: wait for the text that decides it
            }
            segment(s.subSequence(p, end).toString(), base + p, out);
            p = end;
        }
        return p;
    }

    /**
     * Moves a segment's end past any known value that straddles it (an emitted value may hold a line break: a
     * surrogate address), so that it is restored whole. Never past a value that comes back only where read as a date
     * ({@link #readOnly}): where the cuts fall decides what the detector reads, and must not depend on the values
     * other messages of the conversation emitted ("Sun\n10/26/2025" shifted to "Mon\n05/11/2026" in one message must
     * not stretch the segment of another that holds "...ymon\n05/11/2026y" unchanged, so that "05/11/2026" ends it and
     * reads as a date). A date the filter emits across a cut is read in pieces, and the filter writes a placeholder
     * there instead.
     *
     * @return the end, moved or not; -1 when the text after the cut is too short to decide yet
     */
    private int overKnownValues(CharSequence s, int p, int end, boolean atEnd) {
        if (shifted.length == 0 || (atEnd && end >= s.length())) {
            return end;
        }
        if (!atEnd && s.length() < end + longest + 2) {
            return -1;
        }
        for (int moved = 0; moved < MAX_MOVES; moved++) { // each move goes past a whole value
            int next = end;
            for (int i = 0; i < shifted.length; i++) {
                String k = shifted[i];
                for (int st = Math.max(p, end - k.length() + 1); st < end && next == end; st++) {
                    if (st + k.length() <= s.length() && regionEquals(s, st, k) && !readOnly(i)) {
                        next = st + k.length();
                    }
                }
                if (next != end) {
                    break;
                }
            }
            if (next == end) {
                return end;
            }
            end = next;
            if (atEnd && end >= s.length()) {
                return end;
            }
            if (!atEnd && s.length() < end + longest + 2) {
                return -1;
            }
        }
        return end;
    }

    private static boolean regionEquals(CharSequence s, int at, String k) {
        for (int i = 0; i < k.length(); i++) {
            if (s.charAt(at + i) != k.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Moves the offset origin: the caller dropped {@code n} consumed characters from the front of its buffer. */
    void dropped(int n) {
        base += n;
    }

    /** End (exclusive) of the segment starting at {@code p}, or -1 when it is not complete yet. */
    static int segmentEnd(CharSequence s, int p) {
        int n = s.length();
        int limit = Math.min(n, p + HARD_SEGMENT);
        int from = p;
        if (s instanceof String) {
            // before SEGMENT characters only a line break cuts: find it at once
            int nl = ((String) s).indexOf('\n', p);
            if (nl >= 0 && nl < Math.min(limit, p + SEGMENT)) {
                return nl + 1;
            }
            from = Math.min(limit, p + SEGMENT);
        }
        for (int i = from; i < limit; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (i - p >= SEGMENT && Character.isWhitespace(c) && i + 1 < n
                    && cutsNoDate(s.charAt(i - 1), s.charAt(i + 1))) {
                return i + 1;
            }
        }
        if (limit == p + HARD_SEGMENT) {
            // no whitespace: cut, but never between the halves of a surrogate pair
            return Character.isHighSurrogate(s.charAt(limit - 1)) && limit < n ? limit + 1 : limit;
        }
        return -1;
    }

    /**
     * Whether a cut at a whitespace between these two characters is unlikely to split a date: not after a digit or a
     * comma ("27, | 2024", "14 | Mar"), not before a digit or a capital ("May | 2", "of | March").
     */
    private static boolean cutsNoDate(char before, char after) {
        return !Character.isDigit(before) && before != ',' && !Character.isWhitespace(before)
                && !Character.isDigit(after) && !Character.isUpperCase(after) && !Character.isWhitespace(after);
    }

    private void segment(String seg, int offset, StringBuilder out) {
        List<int[]> hits = new ArrayList<>();   // {start, end, index into shifted or -1 for a detected date}
        boolean[] taken = null;
        for (int k = 0; k < shifted.length; k++) {
            String sh = shifted[k];
            for (int at = seg.indexOf(sh); at >= 0; at = seg.indexOf(sh, at + 1)) {
                if (readOnly(k)) {
                    break;  // comes back only where read as a date, below: no exact hit anywhere
                }
                int e = at + sh.length();
                if (!standsAlone(seg, at, e)) {
                    continue;
                }
                if (taken == null) {
                    taken = new boolean[seg.length()];
                }
                if (free(taken, at, e)) {
                    Arrays.fill(taken, at, e, true);
                    hits.add(new int[] {at, e, k});
                }
            }
        }
        List<PhiSpan> read = readings == null ? null : readings.get(offset, offset + seg.length());
        for (PhiSpan d : unshift == null ? List.<PhiSpan>of() : read != null ? read : dates(seg)) {
            if (taken == null || free(taken, d.start(), d.end())) {
                hits.add(new int[] {d.start(), d.end(), -1});
            }
        }
        if (hits.isEmpty()) {
            out.append(seg);
            return;
        }
        hits.sort(Comparator.comparingInt(h -> h[0]));
        int at = 0;
        for (int[] h : hits) {
            String value = seg.substring(h[0], h[1]);
            String back;
            if (h[2] >= 0) {
                back = originals.get(shifted[h[2]]);
            } else if (originals.containsKey(value)) {
                // a date read exactly as a known value (a shifted string; or one that did not stand alone,
                // "0/March/2029/"): the value's own original (itself, for text sent unchanged), not a shift back
                // that may differ
                back = originals.get(value);
            } else {
                try {
                    back = unshift.apply(value);
                } catch (PhiProcessingException e) {
                    continue; // a date that cannot be read back stays as written and is reported as new PHI
                }
            }
            out.append(seg, at, h[0]).append(back);
            at = h[1];
            if (replaced != null) {
                replaced.add(new int[] {offset + h[0], offset + h[1]});
                if (replacedBy != null) {
                    replacedBy.add(back);
                }
            }
        }
        out.append(seg, at, seg.length());
    }

    /**
     * Whether known value {@code k} comes back only where the detector reads it as a date: when dates are shifted
     * back, a value that reads as a date (a shifted date), or text sent unchanged (which stands for itself, and which
     * the filter records only where it reads a date).
     * Written elsewhere, the same characters are not that date: another message of the conversation may hold them
     * unchanged ("9/27 nodes positive", while "3/14" was shifted to "9/27"), or as part of a longer date ("27 Sep"
     * sent unchanged once, inside "27 Sep 2024" shifted later), and the detector reads them otherwise there.
     */
    private boolean readOnly(int k) {
        if (unshift == null) {
            return false;
        }
        if (readOnly == null) {
            readOnly = new byte[shifted.length];
        }
        if (readOnly[k] == 0) {
            String key = shifted[k];
            // text sent unchanged is recorded only where the filter read it as a date, and may not parse as one on
            // its own ("27 <EMAIL_1> December", read with the placeholder blanked): it comes back only so, too
            readOnly[k] = (byte) (key.equals(originals.get(key)) || DateText.parse(key, DateText.ORDER_NONE) != null
                    ? 1 : 2);
        }
        return readOnly[k] == 1;
    }

    /**
     * Calls {@code sink} with start and end of each date the detector finds in {@code text}, segment by segment exactly
     * as {@link #restore} looks for them: the filter uses it to tell which dates of its own output a re-identifier
     * would find.
     *
     * @param blanked  whether the edits marked as blanked ({@code edits} entries with a fifth value of 1) are exactly
     *                 the placeholders a re-identifier would blank (the filter knows where it wrote them); if not,
     *                 each segment is scanned for them
     * @param readings if not null, receives the dates found in each segment
     * @param before   if not null, the detection of the prompt that {@code text} was written from, with
     *                 {@code edits}: a segment is then read by {@link PhiDetectors#detectEdited}, which finds the
     *                 same dates at a fraction of the cost
     * @param edits    where {@code text} differs from the prompt: {outStart, outEnd, inStart, inEnd, 1 if blanked},
     *                 in order
     */
    static void forEachDate(String text, boolean blanked, PhiDetector detector, PlaceholderResolver resolver,
            java.util.function.Supplier<Map<String, Boolean>> known, Readings readings,
            PhiDetectors.Pass before, List<int[]> edits, java.util.function.BiConsumer<Integer, Integer> sink) {
        String masked = null;   // the text with the blanked edits blanked, made where a segment is read from it
        ShiftedDateRestorer cuts = null;
        boolean asked = false;
        int[] segments = new int[2];    // {start, end} of each
        int count = 0;
        for (int p = 0; p < text.length(); ) {
            int end = segmentEnd(text, p);
            if (end < 0) {
                end = text.length();
            }
            if (end < text.length()) {
                if (!asked) {
                    // the same cuts as a re-identifier that knows these values: a cut moves past a value that
                    // straddles it (asked only when the text is cut at all)
                    asked = true;
                    Map<String, Boolean> values = known.get();
                    if (!values.isEmpty()) {
                        Map<String, String> keys = new java.util.HashMap<>();
                        for (Map.Entry<String, Boolean> k : values.entrySet()) {
                            keys.put(k.getKey(), k.getValue() ? k.getKey() : "\u0000"); // identity or not is all
                        }
                        // dates shifted back (the reading is asked for only then): values that read as dates move
                        // no cut, as in a re-identifier
                        cuts = new ShiftedDateRestorer(resolver, detector, UnaryOperator.identity(), keys, null);
                    }
                }
                if (cuts != null) {
                    end = cuts.overKnownValues(text, p, end, true);
                }
            }
            if (count == segments.length) {
                segments = Arrays.copyOf(segments, 2 * count);
            }
            segments[count++] = p;
            segments[count++] = end;
            p = end;
        }
        if (readings != null) {
            readings.segments(segments, count / 2);
        }
        // where the prompt's detection tells that no segment holds a date, none is read
        boolean none = toldNothing(text, count == segments.length ? segments : Arrays.copyOf(segments, count),
                blanked, detector, before, edits);
        for (int k = 0; k < count; k += 2) {
            int p = segments[k];
            int end = segments[k + 1];
            List<PhiSpan> found;
            if (none) {
                found = List.of();
            } else if (!blanked || inBlank(edits, p) || inBlank(edits, end)) {
                found = dates(text.substring(p, end), detector, resolver);
            } else if (before != null && detector instanceof PhiDetectors) {
                List<PhiSpan> all;
                try {
                    all = ((PhiDetectors) detector).detectEdited(before, text, p, end, edits);
                } catch (PhiProcessingException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw failed(detector, e);
                }
                found = onlyDates(all, detector);
            } else {
                if (masked == null) {
                    masked = blank(text, edits);
                }
                found = dates(masked.substring(p, end), detector);
            }
            if (readings != null) {
                readings.found(k / 2, found);
            }
            for (int d = 0; d < found.size(); d++) {
                sink.accept(p + found.get(d).start(), p + found.get(d).end());
            }
        }
    }

    /**
     * Whether {@link #forEachDate} would find no date in {@code text}, told by the prompt's detection without reading
     * the text: it is one segment, its blanked edits are exactly its placeholders, and
     * {@link PhiDetectors#findsNothing} answers for it. False when that cannot be told this way (the caller then reads
     * the text).
     */
    static boolean readsNothing(String text, boolean blanked, PhiDetector detector, PhiDetectors.Pass before,
            List<int[]> edits) {
        if (text.isEmpty()) {
            return false;
        }
        int end = segmentEnd(text, 0);     // one segment: no cut before the end
        return (end < 0 || end == text.length())
                && toldNothing(text, new int[] {0, text.length()}, blanked, detector, before, edits);
    }

    /**
     * Whether the prompt's detection tells that none of {@code segments} ({start, end} pairs) of {@code text} holds
     * a date: a segment's own scan masks what the blanked edits blank, unless a cut goes through a blanked
     * placeholder (then the scan, seeing only part of it, decides, and this cannot tell).
     */
    private static boolean toldNothing(String text, int[] segments, boolean blanked, PhiDetector detector,
            PhiDetectors.Pass before, List<int[]> edits) {
        if (!blanked || before == null || !(detector instanceof PhiDetectors)) {
            return false;
        }
        for (int k = 0; k < segments.length; k += 2) {
            if (inBlank(edits, segments[k]) || inBlank(edits, segments[k + 1])) {
                return false;
            }
        }
        try {
            return ((PhiDetectors) detector).findsNothing(before, text, segments, edits);
        } catch (RuntimeException e) {
            throw failed(detector, e);
        }
    }

    /** Whether a cut at {@code x} falls between two blanked characters (inside a placeholder, or between two). */
    private static boolean inBlank(List<int[]> edits, int x) {
        return x > 0 && blankedAt(edits, x - 1) && blankedAt(edits, x);
    }

    /** Whether character {@code i} lies in an edit marked as blanked. */
    private static boolean blankedAt(List<int[]> edits, int i) {
        int lo = 0;
        int hi = edits.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] r = edits.get(mid);
            if (r[1] <= i) {
                lo = mid + 1;
            } else if (r[0] > i) {
                hi = mid - 1;
            } else {
                return r.length > 4 && r[4] == 1;
            }
        }
        return false;
    }

    /** {@code text} with each edit marked as blanked made spaces. */
    private static String blank(String text, List<int[]> edits) {
        char[] m = text.toCharArray();
        for (int[] r : edits) {
            if (r.length > 4 && r[4] == 1) {
                Arrays.fill(m, r[0], r[1], ' ');
            }
        }
        return new String(m);
    }

    private List<PhiSpan> dates(String seg) {
        return dates(seg, detector, resolver);
    }

    /** The dates the detector finds in the segment, with placeholders blanked so that they do not read as dates. */
    private static List<PhiSpan> dates(String seg, PhiDetector detector, PlaceholderResolver resolver) {
        StringBuilder masked = new StringBuilder(seg.length());
        new PlaceholderRestorer(resolver).restore(seg, 0, true, new StringBuilder(seg.length()), masked);
        return dates(masked.toString(), detector);
    }

    /** The dates the detector finds in a segment whose placeholders are blanked already. */
    private static List<PhiSpan> dates(String masked, PhiDetector detector) {
        return dates(() -> detector.detect(masked), detector);
    }

    /** The dates among what {@code detection} finds. */
    private static List<PhiSpan> dates(java.util.function.Supplier<List<PhiSpan>> detection, PhiDetector detector) {
        List<PhiSpan> found;
        try {
            found = detection.get();
        } catch (PhiProcessingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(detector, e);
        }
        return onlyDates(found, detector);
    }

    /** The failure of a detector on model output: its name and the kind of error, never the text. */
    private static PhiProcessingException failed(PhiDetector detector, RuntimeException e) {
        return new PhiProcessingException("detector '" + detector.name() + "' failed ("
                + e.getClass().getSimpleName() + ") on model output; the output must be treated as PHI");
    }

    /** The dates among {@code found}. */
    private static List<PhiSpan> onlyDates(List<PhiSpan> found, PhiDetector detector) {
        int kept = 0;
        for (PhiSpan s : found) {
            kept += s.type() == PhiType.DATE ? 1 : 0;
        }
        if (kept == 0) {
            return List.of();
        }
        if (kept == found.size() && detector instanceof PhiDetectors) {
            return found; // a date-only suite: a fresh list, no one else's
        }
        List<PhiSpan> dates = new ArrayList<>(kept);
        for (PhiSpan s : found) {
            if (s.type() == PhiType.DATE) {
                dates.add(s);
            }
        }
        return dates;
    }

    /**
     * Whether {@code s[start, end)} stands alone: no letter or digit next to it, nor a separator of its own kind that
     * continues into a digit ("9/27" inside "2/9/27/1924" is not the date "9/27"; "Oct 3" in "Oct 3-5" is).
     */
    static boolean standsAlone(String s, int start, int end) {
        if (start > 0) {
            int before = Character.codePointBefore(s, start);
            if (Character.isLetterOrDigit(before) || (continues(s, start, end, before) && start > 1
                    && Character.isDigit(s.charAt(start - 2)))) {
                return false;
            }
        }
        if (end < s.length()) {
            int after = Character.codePointAt(s, end);
            return !Character.isLetterOrDigit(after)
                    && !(continues(s, start, end, after) && end + 1 < s.length()
                    && Character.isDigit(s.charAt(end + 1)));
        }
        return true;
    }

    /** A separator the value {@code s[start, end)} itself uses, next to it, would make it part of a longer one. */
    private static boolean continues(String s, int start, int end, int c) {
        if (!isSeparator(c)) {
            return false;
        }
        int at = s.indexOf(c, start);
        return at >= 0 && at < end;
    }

    private static boolean isSeparator(int c) {
        return c == '/' || c == '-' || c == '.' || c == ':';
    }

    private static boolean free(boolean[] taken, int start, int end) {
        for (int i = start; i < end; i++) {
            if (taken[i]) {
                return false;
            }
        }
        return true;
    }
}
