package dev.phisafe.core.transform;

import java.util.Locale;

/**
 * Generalizes an age over 89 to the one category Safe Harbor allows (45 CFR 164.514(b)(2)(i)(C): "all ages over
 * 89 ... except that such ages and elements may be aggregated into a single category of age 90 or older"),
 * replacing the number only, so that the phrase stays readable:
 * <ul>
 *   <li>{@code "92-year-old"} → {@code "90+-year-old"}, {@code "92 y/o"} → {@code "90+ y/o"},
 *       {@code "92yoF"} → {@code "90+yoF"}, {@code "age 95"} → {@code "age 90+"}, {@code "Age 90+"} → {@code
 *       "Age 90+"};</li>
 *   <li>spelled numbers: {@code "ninety-two years old"} → {@code "90+ years old"}, {@code "one hundred and two
 *       year old"} → {@code "90+ year old"};</li>
 *   <li>decades ({@code "90s"}, {@code "mid-90s"}, {@code "late nineties"}) become {@code "90+"} as a whole — "in
 *       her 90s" would still tell 90–99 from 100 and over;</li>
 *   <li>the nouns {@code nonagenarian}, {@code centenarian}, {@code supercentenarian} become {@code "person aged
 *       90+"}.</li>
 * </ul>
 * A number below 90 is no identifier under Safe Harbor and is left as it is; text in which no age can be found is
 * replaced by {@link #CATEGORY} as a whole (fail closed). Linear in the length of the text.
 *
 * <p>Immutable and thread-safe; holds no state.
 */
public final class AgeGeneralizer {

    /** The Safe Harbor category, as written in the output. */
    public static final String CATEGORY = "90+";

    private static final int SAFE_HARBOR_AGE = 90;
    private static final AgeGeneralizer STANDARD = new AgeGeneralizer();

    private AgeGeneralizer() {
    }

    /** @return the generalizer */
    public static AgeGeneralizer standard() {
        return STANDARD;
    }

    /**
     * @param ageText the text of one age span
     * @return the text with every age of 90 or more replaced by {@link #CATEGORY}
     */
    public String generalize(String ageText) {
        String lower = ageText.toLowerCase(Locale.ROOT);
        if (lower.contains("nonagenarian") || lower.contains("centenarian")) {
            return replaceWord(ageText, lower);
        }
        if (lower.contains("nineties") || decade(ageText)) {
            return CATEGORY;
        }
        StringBuilder sb = new StringBuilder(ageText.length() + 4);
        boolean found = false;
        int i = 0;
        int len = ageText.length();
        while (i < len) {
            char c = ageText.charAt(i);
            if (c >= '0' && c <= '9') {
                int st = i;
                while (i < len && ageText.charAt(i) >= '0' && ageText.charAt(i) <= '9') {
                    i++;
                }
                found = true;
                // more than three digits is no age below 90 either way; fail towards the category
                if (i - st > 3 || atLeast90(ageText, st, i)) {
                    sb.append(CATEGORY);
                    if (i < len && ageText.charAt(i) == '+') {
                        i++;   // "90+" stays "90+", not "90++"
                    }
                } else {
                    sb.append(ageText, st, i);
                }
                continue;
            }
            if (isLetter(c)) {
                int st = i;
                int[] end = new int[1];
                int v = spelledNumber(lower, i, end);
                if (v > 0) {
                    found = true;
                    sb.append(v >= SAFE_HARBOR_AGE ? CATEGORY : ageText.substring(st, end[0]));
                    i = end[0];
                    continue;
                }
                while (i < len && isLetter(ageText.charAt(i))) {
                    i++;
                }
                sb.append(ageText, st, i);
                continue;
            }
            sb.append(c);
            i++;
        }
        return found ? sb.toString() : CATEGORY;
    }

    private static boolean atLeast90(String s, int st, int e) {
        int v = 0;
        for (int i = st; i < e; i++) {
            v = v * 10 + s.charAt(i) - '0';
        }
        return v >= SAFE_HARBOR_AGE;
    }

    /** "90s", "90's", "mid-90s": a run of digits followed by s or 's, and then no letter. */
    private static boolean decade(String s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) >= '0' && s.charAt(i) <= '9' && (i + 1 == len || s.charAt(i + 1) < '0'
                    || s.charAt(i + 1) > '9')) {
                int j = i + 1;
                if (j < len && (s.charAt(j) == '\'' || s.charAt(j) == '\u2019')) {
                    j++;
                }
                if (j < len && (s.charAt(j) == 's' || s.charAt(j) == 'S') && (j + 1 == len || !isLetter(s.charAt(j + 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String replaceWord(String text, String lower) {
        String[] words = {"supercentenarian", "centenarian", "nonagenarian"};
        for (String w : words) {
            int at = lower.indexOf(w);
            if (at >= 0) {
                int end = at + w.length();
                if (end < lower.length() && lower.charAt(end) == 's') {
                    return text.substring(0, at) + "people aged " + CATEGORY + text.substring(end + 1);
                }
                return text.substring(0, at) + "person aged " + CATEGORY + text.substring(end);
            }
        }
        return CATEGORY;
    }

    /**
     * A spelled cardinal at i ("ninety-two", "ninety two", "one hundred and two"), up to 199; returns its value
     * and sets end[0], or returns -1.
     */
    private static int spelledNumber(String lower, int i, int[] end) {
        int[] w = new int[2];
        int v = cardinalWord(lower, i, w);
        if (v < 0) {
            return -1;
        }
        int pos = w[1];
        int total = v;
        if (v < 10) {
            // "one hundred [and] two"
            int p = skipSpace(lower, pos);
            if (lower.startsWith("hundred", p) && boundary(lower, p + 7)) {
                total = v * 100;
                pos = p + 7;
                int q = skipSpace(lower, pos);
                if (lower.startsWith("and", q) && boundary(lower, q + 3)) {
                    q = skipSpace(lower, q + 3);
                }
                int r = below100(lower, q, w);
                if (r > 0) {
                    total += r;
                    pos = w[1];
                }
            }
        } else if (v >= 20 && v % 10 == 0) {
            int r = tensUnit(lower, pos, w);
            if (r > 0) {
                total += r;
                pos = w[1];
            }
        }
        end[0] = pos;
        return total;
    }

    private static int below100(String lower, int i, int[] w) {
        int v = cardinalWord(lower, i, w);
        if (v >= 20 && v % 10 == 0) {
            int r = tensUnit(lower, w[1], w);
            return r > 0 ? v + r : v;
        }
        return v;
    }

    /** After a tens word at pos: "-two" or " two"; returns the unit and sets w[1], or -1. */
    private static int tensUnit(String lower, int pos, int[] w) {
        int p = pos < lower.length() && lower.charAt(pos) == '-' ? pos + 1 : skipSpace(lower, pos);
        int end = wordEnd(lower, p);
        if (end == p) {
            return -1;
        }
        int u = Spelled.unit(lower.substring(p, end));
        if (u < 0) {
            return -1;
        }
        w[1] = end;
        return u;
    }

    /** One number word at i (one..nineteen, twenty..ninety); sets w[1] to its end. */
    private static int cardinalWord(String lower, int i, int[] w) {
        int end = wordEnd(lower, i);
        if (end == i || end - i > 9) {
            return -1;
        }
        String x = lower.substring(i, end);
        int v = Spelled.unit(x);
        if (v < 0) {
            v = Spelled.teen(x);
        }
        if (v < 0) {
            v = Spelled.tens(x);
        }
        w[1] = end;
        return v;
    }

    private static int wordEnd(String s, int i) {
        int e = i;
        while (e < s.length() && isLetter(s.charAt(e))) {
            e++;
        }
        return e;
    }

    private static int skipSpace(String s, int i) {
        int p = i;
        while (p < s.length() && s.charAt(p) == ' ') {
            p++;
        }
        return p;
    }

    private static boolean boundary(String s, int i) {
        return i >= s.length() || !isLetter(s.charAt(i));
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    @Override
    public String toString() {
        return "AgeGeneralizer{90 or older -> " + CATEGORY + "}";
    }
}
