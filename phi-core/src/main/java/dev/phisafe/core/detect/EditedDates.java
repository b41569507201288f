package dev.phisafe.core.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the dates of an edited copy of a traced text from the trace alone, without tokenizing the copy, where every
 * edit in the part read only blanks text (as the filter blanks its placeholders before it reads its output).
 *
 * <p>The copy's tokens are then the text's tokens less those inside the blanked values; a kept token may differ
 * only in whether a space precedes it (right after a blank, or at the part's start). The date scan over the copy
 * makes the traced scan's attempts, in the same order and with the same outcomes, as long as none of them read a
 * removed token or past the part's edges, none read where the previous finding ended, and none read the space
 * before a token where it changed. (An attempt reads the space before token {@code k} only after it read token
 * {@code k - 1}: see {@link DateDetector#canStart}; so a changed token an attempt read first is no hindrance.) Where
 * an attempt did, the trace cannot tell, and the caller tokenizes the copy and scans it.
 */
final class EditedDates {
    private EditedDates() {
    }

    /**
     * The dates the date detector finds in {@code edited[from, to)}, or null when the trace cannot tell.
     *
     * @param base     the traced text's tokens
     * @param trace    the date detector's trace of {@code base}
     * @param edited   the edited text
     * @param from     start of the part to read
     * @param to       end of the part to read
     * @param edits    {outStart, outEnd, inStart, inEnd, ...}, in order, not overlapping, checked by the caller; a
     *                 fifth value of 1 marks an edit read as spaces, whatever the edited text holds there
     * @param detector the detector name the findings carry
     * @return the findings, relative to {@code from}, as the scan returns them (not yet resolved); or null
     */
    static List<PhiSpan> read(Tokens base, DateDetector.Trace trace, String edited, int from, int to,
            List<int[]> edits, String detector) {
        int n = base.size();
        if (trace.size != n || from >= to) {
            return null;
        }
        // the edits before the part, then those in it: each in it must only blank text (and a blank of nothing must
        // not join two tokens), and none may cross an edge
        int first = 0;
        int delta = 0;
        for (; first < edits.size() && edits.get(first)[0] < from; first++) {
            int[] r = edits.get(first);
            if (r[1] > from) {
                return null;
            }
            delta += shift(r);
        }
        int inFrom = from - delta;
        int last = first;
        for (; last < edits.size() && edits.get(last)[0] < to; last++) {
            int[] r = edits.get(last);
            if (r[1] > to || !blanked(r) && !blank(edited, r[0], r[1])
                    || r[0] == r[1] && !boundary(edited, r[0], from, to)) {
                return null;
            }
            if (r[0] == r[1] && last > first && edits.get(last - 1)[1] == r[0]
                    || r[0] == r[1] && last + 1 < edits.size() && edits.get(last + 1)[0] == r[0]) {
                return null;    // an edit of nothing next to another: its neighbours are not the text's
            }
            delta += shift(r);
        }
        int inTo = to - delta;
        // the part's tokens in the traced text, none cut by its edges; and per edit, the tokens it removes (none cut)
        int b0 = base.firstAtOrAfter(inFrom, 0);
        int b1 = base.firstAtOrAfter(inTo, b0);
        if (b0 > 0 && base.end(b0 - 1) > inFrom || b1 > 0 && base.end(b1 - 1) > inTo) {
            return null;
        }
        int count = last - first;
        int[] cuts = new int[2 * count];
        for (int x = 0, k = b0; x < count; x++) {
            int[] r = edits.get(first + x);
            int s = base.firstAtOrAfter(r[2], k);
            int m = base.firstAtOrAfter(r[3], s);
            if (s > b0 && base.end(s - 1) > r[2] || m > s && base.end(m - 1) > r[3]) {
                return null;
            }
            cuts[2 * x] = s;
            cuts[2 * x + 1] = m;
            k = m;
        }
        // the kept tokens whose space before changed: only the part's first, and one right after an edit, can
        int[] changed = new int[count + 1];
        int changes = 0;
        int sh = from - inFrom;
        for (int x = 0, c = b0; c < b1; ) {
            while (x < count && edits.get(first + x)[3] <= base.start(c)) {
                sh += shift(edits.get(first + x++));
            }
            if (x < count && edits.get(first + x)[2] <= base.start(c)) {
                c = cuts[2 * x + 1];    // removed; the next candidate is the token after the edit
                continue;
            }
            int at = base.start(c) + sh;
            int[] previous = x > 0 ? edits.get(first + x - 1) : null;
            boolean spaced = at > from && (previous != null && previous[1] == at && previous[1] > previous[0]
                    && blanked(previous) || Tokens.gap(edited.codePointBefore(at)));
            if (spaced != base.has(c, Tokens.SPACE_BEFORE)) {
                changed[changes++] = c;
            }
            if (x == count) {
                break;
            }
            c = Math.max(c + 1, cuts[2 * x + 1]);
        }
        // where no attempt found a date, the copy holds none as long as no attempt read across an edge of the part,
        // into a removed token or the space before a changed one: each would have read across that token's start
        if (trace.failedIn(b0, b1) && (b0 == 0 || b0 == n || !trace.crossed(b0)) && (b1 == n || !trace.crossed(b1))) {
            boolean clean = true;
            for (int x = 0; clean && x < count; x++) {
                int s = cuts[2 * x];
                int m = cuts[2 * x + 1];
                clean = m == s || (s == 0 || !trace.crossed(s)) && (m == n || !trace.crossed(m));
            }
            for (int k = 0; clean && k < changes; k++) {
                clean = !trace.crossed(changed[k]);
            }
            if (clean) {
                return List.of();
            }
        }
        // the scan, attempt by attempt, from the trace
        List<PhiSpan> out = null;
        sh = from - inFrom;
        for (int x = 0, i = b0; i < b1; ) {
            while (x < count && edits.get(first + x)[3] <= base.start(i)) {
                sh += shift(edits.get(first + x++));
            }
            if (x < count && edits.get(first + x)[2] <= base.start(i)) {
                i = cuts[2 * x + 1];    // not in the copy
                continue;
            }
            if (!DateDetector.canStart(base.kind(i))) {
                i++;
                continue;
            }
            byte status = trace.status(i);
            if (status != DateDetector.Trace.FAILED && status != DateDetector.Trace.MATCHED) {
                return null;    // not tried there (inside a finding), or it read where the previous one ended
            }
            int lo = trace.lo(i);
            int hi = trace.hi(i);
            if (lo < b0 && !(lo == -1 && b0 == 0) || hi >= b1 && b1 < n) {
                return null;    // it read past an edge of the part, where the text goes on
            }
            for (int y = x - 1; y >= 0 && cuts[2 * y + 1] > lo; y--) {
                if (cuts[2 * y + 1] > cuts[2 * y]) {
                    return null;    // it read a removed token before it
                }
            }
            for (int y = x; y < count && cuts[2 * y] <= hi; y++) {
                if (cuts[2 * y + 1] > cuts[2 * y]) {
                    return null;    // or after it
                }
            }
            int c = java.util.Arrays.binarySearch(changed, 0, changes, lo + 1);
            c = c >= 0 ? c : -c - 1;    // the first changed token after lo
            if (c < changes && changed[c] <= hi) {
                return null;    // it may have read the space before a token where that changed
            }
            if (status == DateDetector.Trace.MATCHED) {
                int end = trace.last(i);
                int endShift = sh;
                for (int y = x; y < count && edits.get(first + y)[3] <= base.start(end); y++) {
                    endShift += shift(edits.get(first + y));
                }
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(new PhiSpan(base.start(i) + sh - from, base.end(end) + endShift - from, PhiType.DATE,
                        trace.conf(i), detector));
                i = end + 1;
            } else {
                i++;
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * Whether no part of {@code edited} holds a date, as the trace tells without reading the parts: the traced text
     * holds none, the whole copy is read from the trace (so every attempt made there keeps its outcome), and no
     * attempt read across an edge of a part (so one made in a part alone reads the same tokens). False when that
     * cannot be told.
     *
     * @param parts {from, to} of each part, in order, checked by the caller
     * @param edits as for {@link #read}, checked by the caller
     */
    static boolean none(Tokens base, DateDetector.Trace trace, String edited, int[] parts, List<int[]> edits) {
        int n = base.size();
        if (trace.size != n || !trace.failedIn(0, n)
                || read(base, trace, edited, 0, edited.length(), edits, "") == null) {
            return false;
        }
        int e = 0;
        int delta = 0;
        for (int k = 0; k < parts.length; k++) {
            int x = parts[k];
            if (x == 0 || x == edited.length()) {
                continue;
            }
            for (; e < edits.size() && edits.get(e)[1] < x; e++) {
                delta += shift(edits.get(e));
            }
            for (int f = e; f < edits.size() && edits.get(f)[0] <= x; f++) {
                int[] r = edits.get(f);
                if (r[0] < x && x < r[1] || r[0] == r[1]) {
                    return false;   // inside an edit, or where one inserted or deleted text
                }
            }
            int d = delta;
            for (int f = e; f < edits.size() && edits.get(f)[1] == x; f++) {
                d += shift(edits.get(f));  // an edit that ends at the edge
            }
            int in = x - d;
            int b = base.firstAtOrAfter(in, 0);
            if (b > 0 && base.end(b - 1) > in || b < n && trace.crossed(b)) {
                return false;   // inside a token, or an attempt read across the edge
            }
        }
        return true;
    }

    /** How much longer the edit made the text. */
    private static int shift(int[] r) {
        return (r[1] - r[0]) - (r[3] - r[2]);
    }

    /** Whether the edit is marked as blanked (read as spaces whatever the text holds). */
    private static boolean blanked(int[] r) {
        return r.length > 4 && r[4] == 1;
    }

    /** Whether {@code s[from, to)} is all space, as the tokenizer takes it. */
    private static boolean blank(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c != ' ' && (Character.isSurrogate(c) || !Tokens.gap(c))) {
                return false;
            }
        }
        return true;
    }

    /** Whether no token of {@code s[from, to)} can reach over {@code x}. */
    private static boolean boundary(String s, int x, int from, int to) {
        if (x <= from || x >= to) {
            return true;
        }
        int before = s.codePointBefore(x);
        int at = s.codePointAt(x);
        // a space ends a token; punctuation is a token of its own, but an apostrophe may join two letters
        return Tokens.gap(before) || Tokens.gap(at)
                || !Tokens.wordChar(before) && !Tokens.apostrophe((char) before)
                || !Tokens.wordChar(at) && !Tokens.apostrophe((char) at);
    }
}
