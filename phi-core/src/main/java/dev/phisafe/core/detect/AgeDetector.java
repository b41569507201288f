package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds ages over 89 (45 CFR 164.514(b)(2)(i)(C): "all ages over 89 and all elements of dates (including year)
 * indicative of such age", which Safe Harbor lets be kept only as one category "90 or older"). Ages 0–89 are not
 * identifiers and are never reported.
 *
 * <p>Recognized: a number from 90 to 130, or one spelled out ({@code ninety-two}, {@code one hundred and one}),
 * <ul>
 *   <li>followed by an age unit: {@code 92-year-old}, {@code 92 year old}, {@code 92 years of age}, {@code 92 y/o},
 *       {@code 92 y.o.}, {@code 92yo}, {@code 92 yo}, {@code 92yoF}, {@code 92 yrs old};</li>
 *   <li>or after an age word: {@code age 91}, {@code age: 91}, {@code aged 95}, {@code age of 91},
 *       {@code Age 90+}, {@code turned 92};</li>
 *   <li>decades of a person: {@code in her 90s}, {@code his late nineties};</li>
 *   <li>the words {@code nonagenarian}, {@code centenarian}, {@code supercentenarian}.</li>
 * </ul>
 * The span covers the number and its unit words ({@code 92-year-old}), not the word "age" before it. Bounds such
 * as {@code over 90 years old} or {@code > 90 years} are not one person's age and are skipped.
 *
 * <p>Linear time: one pass over the shared {@link Tokens}, each step looking at most 8 tokens around. Immutable
 * and thread-safe.
 */
final class AgeDetector extends TokenDetector {

    private static final double UNIT = 0.9;
    private static final double AGE_WORD = 0.9;
    private static final double TURNED = 0.75;
    private static final double DECADE = 0.85;
    private static final double NOUN = 0.85;

    private static final int MIN_AGE = 90;
    private static final int MAX_AGE = 130;

    /** Creates the detector; it holds no state. */
    AgeDetector() {
    }

    @Override
    public String name() {
        return "age";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.AGE_OVER_89);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        new Scan(t).run(out, name());
    }

    /** One pass over one text; holds parse registers, so it is confined to the calling thread. */
    private static final class Scan {
        private final Tokens t;
        private final String s;
        private final int n;
        private int first;
        private int end;
        private double conf;
        private int spelledEnd;

        Scan(Tokens t) {
            this.t = t;
            this.s = t.text;
            this.n = t.size();
        }

        void run(List<PhiSpan> out, String detector) {
            int i = 0;
            while (i < n) {
                if (matchAt(i)) {
                    out.add(new PhiSpan(t.start(first), t.end(end), PhiType.AGE_OVER_89, conf, detector));
                    i = end + 1;
                } else {
                    i++;
                }
            }
        }

        private boolean matchAt(int i) {
            byte kind = t.kind(i);
            if (kind == Tokens.NUMBER) {
                int len = t.length(i);
                if (len < 2 || len > 3 || t.first(i) == '0' || !leftClear(i)) {
                    return false;
                }
                int v = num(i);
                if (v < MIN_AGE || v > MAX_AGE) {
                    return false;
                }
                if (t.joined(i) && t.isPunct(i + 1, '\'') && t.joined(i + 1) && eq(i + 2, "s")) {
                    return decade(i, i + 2);     // 90's
                }
                return number(i, i);
            }
            if (kind == Tokens.ALNUM) {
                return alnum(i);
            }
            if (kind == Tokens.WORD) {
                return word(i);
            }
            return false;
        }

        /** A number (tokens first..last) over 89: needs an age unit after it or an age word before it. */
        private boolean number(int firstTok, int last) {
            if (boundBefore(firstTok)) {
                return false;
            }
            int u = unitAfter(last + 1);
            if (u >= 0) {
                return found(firstTok, u, UNIT);
            }
            if (t.joined(last) && t.isPunct(last + 1, '-') && t.joined(last + 1)) {
                u = unitAfter(last + 2);   // 92-year-old, 92-yo
                if (u >= 0) {
                    return found(firstTok, u, UNIT);
                }
            }
            double ctx = ageWordBefore(firstTok);
            if (ctx > 0 && !quantityAfter(last + 1)) {
                int e = last;
                if (t.joined(e) && t.isPunct(e + 1, '+')) {
                    e++;          // Age 90+
                }
                int u2 = unitAfter(e + 1);
                if (u2 < 0 && (eq(e + 1, "years") || eq(e + 1, "yrs"))) {
                    u2 = e + 1;   // age 92 years
                }
                return found(firstTok, u2 >= 0 ? u2 : e, ctx);
            }
            return false;
        }

        /** "92yo", "92yoF", "92y/o", "92yr old", "90s". */
        private boolean alnum(int i) {
            int st = t.start(i);
            int e = t.end(i);
            int p = st;
            int v = 0;
            while (p < e && p - st < 3 && isDigit(s.charAt(p))) {
                v = v * 10 + s.charAt(p) - '0';
                p++;
            }
            if (p - st < 2 || s.charAt(st) == '0' || p == e || isDigit(s.charAt(p)) || v < MIN_AGE || v > MAX_AGE
                    || !leftClear(i) || boundBefore(i)) {
                return false;
            }
            int rest = e - p;
            if (rest == 1 && (s.charAt(p) == 's' || s.charAt(p) == 'S')) {
                return decade(i, i);
            }
            if (suffix(p, e, "yo") || suffix(p, e, "yof") || suffix(p, e, "yom") || suffix(p, e, "yoa")
                    || suffix(p, e, "yowf") || suffix(p, e, "yowm")) {
                return found(i, i, UNIT);
            }
            if (suffix(p, e, "y")) {
                int k = yoTail(i);
                if (k >= 0) {
                    return found(i, k, UNIT);
                }
            }
            if (suffix(p, e, "yr") || suffix(p, e, "yrs") || suffix(p, e, "year") || suffix(p, e, "years")) {
                int k = oldTail(i + 1, i);
                if (k >= 0) {
                    return found(i, k, UNIT);
                }
            }
            return false;
        }

        private boolean word(int i) {
            int len = t.length(i);
            if (len == 12 && eq(i, "nonagenarian") || len == 11 && eq(i, "centenarian")
                    || len == 16 && eq(i, "supercentenarian")) {
                return found(i, i, NOUN);
            }
            if (len == 8 && eq(i, "nineties")) {
                return decade(i, i);
            }
            if (eq(i, "ninety") || eq(i, "hundred") || (eq(i, "one") && eq(i + 1, "hundred"))) {
                int v = spelled(i);
                if (v >= MIN_AGE && v <= MAX_AGE) {
                    return number(i, spelledEnd);
                }
            }
            return false;
        }

        /** ninety, ninety-two, ninety two, (one) hundred (and) one/ten/twenty-five; sets spelledEnd. */
        private int spelled(int i) {
            if (eq(i, "ninety")) {
                spelledEnd = i;
                int k = i + 1;
                if (t.isPunct(k, '-') && t.joined(i) && t.joined(k)) {
                    k++;
                }
                int u = unit(k);
                if (u > 0) {
                    spelledEnd = k;
                    return 90 + u;
                }
                return 90;
            }
            int h = eq(i, "one") ? i + 1 : i;
            if (!eq(h, "hundred")) {
                return -1;
            }
            spelledEnd = h;
            int k = h + 1;
            if (eq(k, "and")) {
                k++;
            }
            int u = unit(k);
            if (u > 0) {
                spelledEnd = k;
                return 100 + u;
            }
            int teen = teen(k);
            if (teen > 0) {
                spelledEnd = k;
                return 100 + teen;
            }
            if (eq(k, "twenty") || eq(k, "thirty")) {
                int tens = eq(k, "twenty") ? 20 : 30;
                spelledEnd = k;
                int q = k + 1;
                if (t.isPunct(q, '-') && t.joined(k) && t.joined(q)) {
                    q++;
                }
                int u2 = unit(q);
                if (u2 > 0) {
                    spelledEnd = q;
                    return 100 + tens + u2;
                }
                return 100 + tens;
            }
            return 100;
        }

        private static final String[] UNITS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        private static final String[] TEENS = {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen"};

        private int unit(int k) {
            for (int u = 0; u < UNITS.length; u++) {
                if (eq(k, UNITS[u])) {
                    return u + 1;
                }
            }
            return 0;
        }

        private int teen(int k) {
            for (int u = 0; u < TEENS.length; u++) {
                if (eq(k, TEENS[u])) {
                    return u + 10;
                }
            }
            return 0;
        }

        /**
         * An age unit starting at token k: year(s) old, years of age, yr old,
         * y/o, y.o., yo, yoF. Returns its last token or -1.
         */
        private int unitAfter(int k) {
            if (k >= n || t.kind(k) != Tokens.WORD) {
                return -1;
            }
            if (eq(k, "yo") || eq(k, "yof") || eq(k, "yom") || eq(k, "yoa") || eq(k, "yrs") && eq(k + 1, "old")) {
                if (eq(k, "yrs")) {
                    return k + 1;
                }
                return t.joined(k) && t.isPunct(k + 1, '.') ? k + 1 : k;
            }
            if (eq(k, "y")) {
                return yoTail(k);
            }
            if (eq(k, "year") || eq(k, "years") || eq(k, "yr") || eq(k, "yrs")) {
                return oldTail(k + 1, k);
            }
            return -1;
        }

        /** After a "y" (token k, or glued to digits): "/o", ".o.", "o". */
        private int yoTail(int k) {
            if (t.joined(k) && (t.isPunct(k + 1, '/') || t.isPunct(k + 1, '.')) && t.joined(k + 1) && eq(k + 2, "o")) {
                return t.joined(k + 2) && t.isPunct(k + 3, '.') ? k + 3 : k + 2;
            }
            return -1;
        }

        /** After "year(s)" ending at token prev: "old", "-old", "of age". Returns the last token or -1. */
        private int oldTail(int k, int prev) {
            if (t.isPunct(k, '-') && t.joined(prev) && t.joined(k)) {
                k++;
            }
            if (eq(k, "old")) {
                return k;
            }
            if (eq(k, "of") && eq(k + 1, "age")) {
                return k + 1;
            }
            return -1;
        }

        /** "in her 90s", "his late nineties": a decade of a person's life (tokens i..last). */
        private boolean decade(int i, int last) {
            int p = i - 1;
            int startTok = i;
            if (t.isPunct(p, '-') && p > 0 && eq(p - 1, "mid") && t.joined(p - 1)) {
                startTok = p - 1;
                p -= 2;
            } else if (eq(p, "early") || eq(p, "mid") || eq(p, "late")) {
                startTok = p;
                p--;
            }
            if (eq(p, "her") || eq(p, "his") || eq(p, "their") || eq(p, "my") || eq(p, "your")) {
                return found(startTok, last, DECADE);
            }
            return false;
        }

        /** Confidence for an age word before token i: "age 91", "age: 91", "aged 95", "age of 91"; else 0. */
        private double ageWordBefore(int i) {
            int p = i - 1;
            if (t.isPunct(p, ':') || t.isPunct(p, '=')) {
                p--;
            }
            if (eq(p, "of") && eq(p - 1, "age")) {
                return AGE_WORD;
            }
            if (eq(p, "age") || eq(p, "aged")) {
                return AGE_WORD;
            }
            if (eq(p, "turned") || eq(p, "turns") || eq(p, "turning")) {
                return TURNED;
            }
            return 0;
        }

        /** "over 90 years old", "> 90": a bound on a group, not one person's age. */
        private boolean boundBefore(int i) {
            int p = i - 1;
            if (p < 0) {
                return false;
            }
            if (t.kind(p) == Tokens.PUNCT) {
                char c = t.first(p);
                return c == '>' || c == '<' || c == '\u2265' || c == '\u2264';
            }
            return eq(p, "over") || eq(p, "above") || eq(p, "under") || eq(p, "below") || eq(p, "than")
                    || eq(p, "to") && (eq(p - 1, "up") || p > 0 && t.kind(p - 1) == Tokens.NUMBER);
        }

        /** Words after a number that make it a measurement, not an age ("age 90 days", "turned 90 degrees"). */
        private boolean quantityAfter(int k) {
            if (k >= n) {
                return false;
            }
            if (t.kind(k) == Tokens.PUNCT) {
                char c = t.first(k);
                return c == '%' || c == '\u00B0' || c == '/' || c == '-' && t.joined(k - 1);
            }
            return eq(k, "days") || eq(k, "day") || eq(k, "weeks") || eq(k, "months") || eq(k, "degrees")
                    || eq(k, "percent") || eq(k, "mg") || eq(k, "minutes") || eq(k, "hours") || eq(k, "times");
        }

        /** No number glued before token i by a separator ("1.95", "3-92", "$95"). */
        private boolean leftClear(int i) {
            int p = i - 1;
            if (p < 0 || !t.joined(p)) {
                return true;
            }
            if (t.kind(p) != Tokens.PUNCT) {
                return false;
            }
            char c = t.first(p);
            if (c == '$' || c == '#' || c == '.' || c == ',') {
                return false;
            }
            if (c == '/' || c == '-' || c == ':') {
                int q = p - 1;
                return !(q >= 0 && t.joined(q) && (t.kind(q) == Tokens.NUMBER || t.kind(q) == Tokens.ALNUM));
            }
            return true;
        }

        private boolean suffix(int p, int e, String sfx) {
            return e - p == sfx.length() && s.regionMatches(true, p, sfx, 0, sfx.length());
        }

        private boolean found(int from, int to, double confidence) {
            first = from;
            end = to;
            conf = confidence;
            return true;
        }

        private boolean eq(int k, String word) {
            return k >= 0 && k < n && t.length(k) == word.length() && t.kind(k) == Tokens.WORD
                    && s.regionMatches(true, t.start(k), word, 0, word.length());
        }

        private int num(int k) {
            int st = t.start(k);
            int v = 0;
            for (int p = st; p < t.end(k); p++) {
                v = v * 10 + s.charAt(p) - '0';
            }
            return v;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
