package dev.phisafe.core.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token diff statistics with bounded cost: common prefix and suffix are trimmed in linear time, then Myers' greedy
 * O((N+M)·D) algorithm runs while its steps stay under {@link #WORK_BUDGET} and D under {@link #MAX_EDITS}; past either
 * bound the counts come from a linear multiset comparison. Time is O(N + M + WORK_BUDGET), memory O(N + M +
 * MAX_EDITS²) — no quadratic blow-up on huge texts.
 */
final class TextDiff {
    static final String EXACT = "myers-token@1";
    static final String MULTISET = "token-multiset@1";
    static final int MAX_EDITS = 1_000;
    static final long WORK_BUDGET = 20_000_000L;

    private TextDiff() {
    }

    static DiffStats diff(String original, String edited) {
        Tokens a = Tokens.of(original);
        Tokens b = Tokens.of(edited);
        Map<String, Integer> ids = new HashMap<>();
        int[] x = a.ids(ids);
        int[] y = b.ids(ids);
        int lo = 0;
        while (lo < x.length && lo < y.length && x[lo] == y[lo]) {
            lo++;
        }
        int hx = x.length;
        int hy = y.length;
        while (hx > lo && hy > lo && x[hx - 1] == y[hy - 1]) {
            hx--;
            hy--;
        }
        boolean[] delX = new boolean[x.length];
        boolean[] insY = new boolean[y.length];
        boolean exact = myers(x, lo, hx, y, lo, hy, delX, insY);
        if (!exact) {
            multiset(x, lo, hx, y, lo, hy, ids.size(), delX, insY);
        }
        long ic = 0;
        long dc = 0;
        long iw = 0;
        long dw = 0;
        for (int i = lo; i < hx; i++) {
            if (delX[i]) {
                dc += a.chars.get(i);
                dw += a.word.get(i) ? 1 : 0;
            }
        }
        for (int j = lo; j < hy; j++) {
            if (insY[j]) {
                ic += b.chars.get(j);
                iw += b.word.get(j) ? 1 : 0;
            }
        }
        return new DiffStats(exact ? EXACT : MULTISET, exact, ic, dc, iw, dw,
                original.codePointCount(0, original.length()), edited.codePointCount(0, edited.length()));
    }

    /** Myers' greedy forward search with a saved V per D for the backtrack; false if a bound was hit. */
    private static boolean myers(int[] x, int x0, int x1, int[] y, int y0, int y1, boolean[] delX, boolean[] insY) {
        int n = x1 - x0;
        int m = y1 - y0;
        if (n == 0 || m == 0) {
            for (int i = x0; i < x1; i++) {
                delX[i] = true;
            }
            for (int j = y0; j < y1; j++) {
                insY[j] = true;
            }
            return true;
        }
        int max = Math.min(n + m, MAX_EDITS);
        int off = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        long work = 0;
        for (int d = 0; d <= max; d++) {
            trace.add(java.util.Arrays.copyOfRange(v, off - d - 1, off + d + 2));   // V before step d, k in [-d-1, d+1]
            for (int k = -d; k <= d; k += 2) {
                int i = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
                int j = i - k;
                while (i < n && j < m && x[x0 + i] == y[y0 + j]) {
                    i++;
                    j++;
                    work++;
                }
                work++;
                v[off + k] = i;
                if (i >= n && j >= m) {
                    backtrack(trace, d, n, m, x0, y0, delX, insY);
                    return true;
                }
            }
            if (work > WORK_BUDGET) {
                return false;
            }
        }
        return false;
    }

    private static void backtrack(List<int[]> trace, int dEnd, int n, int m, int x0, int y0,
                                  boolean[] delX, boolean[] insY) {
        int i = n;
        int j = m;
        for (int d = dEnd; d > 0; d--) {
            int[] v = trace.get(d);
            int base = d + 1;
            int k = i - j;
            boolean down = k == -d || (k != d && v[base + k - 1] < v[base + k + 1]);
            int pk = down ? k + 1 : k - 1;
            int pi = v[base + pk];
            int pj = pi - pk;
            if (down) {
                insY[y0 + pj] = true;   // move down: y[pj] inserted
            } else {
                delX[x0 + pi] = true;   // move right: x[pi] deleted
            }
            i = pi;
            j = pj;
        }
    }

    private static void multiset(int[] x, int x0, int x1, int[] y, int y0, int y1, int kinds, boolean[] delX,
                                 boolean[] insY) {
        int[] count = new int[kinds];
        for (int j = y0; j < y1; j++) {
            count[y[j]]++;
        }
        for (int i = x0; i < x1; i++) {
            if (count[x[i]] > 0) {
                count[x[i]]--;
            } else {
                delX[i] = true;
            }
        }
        int[] left = new int[kinds];
        for (int i = x0; i < x1; i++) {
            left[x[i]]++;
        }
        for (int j = y0; j < y1; j++) {
            if (left[y[j]] > 0) {
                left[y[j]]--;
            } else {
                insY[j] = true;
            }
        }
    }

    /** Text split into words, whitespace runs and single other code points. */
    static final class Tokens {
        final List<String> text = new ArrayList<>();
        final List<Integer> chars = new ArrayList<>();
        final List<Boolean> word = new ArrayList<>();

        static Tokens of(String s) {
            Tokens t = new Tokens();
            int i = 0;
            while (i < s.length()) {
                int start = i;
                int cp = s.codePointAt(i);
                int kind = kind(cp);
                int n = 0;
                do {
                    i += Character.charCount(cp);
                    n++;
                    if (i >= s.length() || kind == 2) {
                        break;
                    }
                    cp = s.codePointAt(i);
                } while (kind(cp) == kind);
                t.text.add(s.substring(start, i));
                t.chars.add(n);
                t.word.add(kind == 0);
            }
            return t;
        }

        private static int kind(int cp) {
            if (Character.isLetterOrDigit(cp)) {
                return 0;
            }
            return Character.isWhitespace(cp) ? 1 : 2;
        }

        int[] ids(Map<String, Integer> dict) {
            int[] out = new int[text.size()];
            for (int i = 0; i < out.length; i++) {
                Integer id = dict.get(text.get(i));
                if (id == null) {
                    id = dict.size();
                    dict.put(text.get(i), id);
                }
                out[i] = id;
            }
            return out;
        }
    }
}
