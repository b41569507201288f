package dev.phisafe.core.transform;

/**
 * English number words for dictated dates and ages ("january fifth, nineteen sixty-one", "ninety-two years old"):
 * reading them back to values and writing values in the same style. Words are lower case; callers apply case.
 */
final class Spelled {

    private static final String[] UNITS = {"", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine"};
    private static final String[] TEENS = {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
        "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};
    /** Ordinals 1–19; 20 and 30 are "twentieth" and "thirtieth", other days compound ("twenty-first"). */
    private static final String[] ORDINALS = {"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
        "seventeenth", "eighteenth", "nineteenth"};

    private Spelled() {
    }

    /** @return 1–9 for "one".."nine", else -1 */
    static int unit(String w) {
        return indexOf(UNITS, w, 1);
    }

    /** @return 10–19 for "ten".."nineteen", else -1 */
    static int teen(String w) {
        int i = indexOf(TEENS, w, 0);
        return i < 0 ? -1 : 10 + i;
    }

    /** @return 20, 30, ... 90 for "twenty".."ninety", else -1 */
    static int tens(String w) {
        int i = indexOf(TENS, w, 2);
        return i < 0 ? -1 : i * 10;
    }

    /** @return the value of a one-word ordinal day ("first".."nineteenth", "twentieth", "thirtieth"), else -1 */
    static int ordinal(String w) {
        if (w.equals("twentieth")) {
            return 20;
        }
        if (w.equals("thirtieth")) {
            return 30;
        }
        return indexOf(ORDINALS, w, 1);
    }

    /** @return 1–9 for "first".."ninth", else -1 */
    static int unitOrdinal(String w) {
        int v = indexOf(ORDINALS, w, 1);
        return v >= 1 && v <= 9 ? v : -1;
    }

    /**
     * @param v      1–99
     * @param hyphen whether compounds are written "sixty-one" (else "sixty one")
     * @return the cardinal words
     */
    static String cardinal(int v, boolean hyphen) {
        if (v < 10) {
            return UNITS[v];
        }
        if (v < 20) {
            return TEENS[v - 10];
        }
        return v % 10 == 0 ? TENS[v / 10] : TENS[v / 10] + (hyphen ? "-" : " ") + UNITS[v % 10];
    }

    /**
     * @param v      a day of month, 1–31
     * @param hyphen whether compounds are written "twenty-first" (else "twenty first")
     * @return the ordinal words
     */
    static String ordinalWords(int v, boolean hyphen) {
        if (v < 20) {
            return ORDINALS[v];
        }
        if (v % 10 == 0) {
            return v == 20 ? "twentieth" : "thirtieth";
        }
        return TENS[v / 10] + (hyphen ? "-" : " ") + ORDINALS[v % 10];
    }

    /**
     * Writes a year the way it is dictated.
     *
     * @param y        the year
     * @param thousand "two thousand (and) five" style, possible for 2000–2099 only; other years fall back to the
     *                 paired style
     * @param and      whether the thousand style says "and"
     * @param hyphen   compound style
     * @param oh       the word for a zero decade ("oh" or "o": "nineteen oh five")
     * @return the words, or null when the year has no dictated form here (outside 1800–2099)
     */
    static String year(int y, boolean thousand, boolean and, boolean hyphen, String oh) {
        if (thousand && y >= 2000 && y <= 2099) {
            int r = y - 2000;
            return r == 0 ? "two thousand" : "two thousand " + (and ? "and " : "") + cardinal(r, hyphen);
        }
        int c = y / 100;
        int r = y % 100;
        if (y < 1800 || y > 2099) {
            return null;
        }
        if (c == 20 && r == 0) {
            return "two thousand";
        }
        String cw = c == 18 ? "eighteen" : c == 19 ? "nineteen" : "twenty";
        if (r == 0) {
            return cw + " hundred";
        }
        if (r < 10) {
            return cw + " " + oh + " " + UNITS[r];
        }
        return cw + " " + cardinal(r, hyphen);
    }

    private static int indexOf(String[] words, String w, int from) {
        for (int i = from; i < words.length; i++) {
            if (words[i].equals(w)) {
                return i;
            }
        }
        return -1;
    }
}
