package dev.phisafe.core.transform;

/**
 * Recognises the placeholder forms that models write back, at one position of a buffer that may still grow.
 *
 * <p>Syntax (fixed for issue 3; the vault issues the same): {@code <LABEL_n>}, LABEL one of {@link #LABELS},
 * {@code n} a positive decimal number of 1 to {@value #MAX_DIGITS} digits without leading zeros. Accepted forms:
 * <ul>
 *   <li><b>bracketed</b>: {@code '<'}, at most one ASCII space, the label in any letter case, {@code '_'}, the
 *       number, at most one ASCII space, {@code '>'} — {@code <NAME_1>}, {@code <name_1>}, {@code < Name_1 >};</li>
 *   <li><b>bare</b>: the same without brackets and spaces, as a whole word: the code point before it and the one
 *       after it are not letters, digits or {@code '_'} ({@code NAME_1's}, {@code **NAME_1**}); the caller accepts
 *       a bare form only when the resolver knows it, because without brackets it could be ordinary text.</li>
 * </ul>
 * Anything else around a placeholder (possessive {@code 's}, parentheses, punctuation, markdown) is not part of it
 * and so stays in the text.
 *
 * <p>Every method looks at no more than {@value #MAX_FORM_LENGTH} characters from the position (one more for a
 * bare form's following code point), so a scan over a text is linear. A result of {@link #NEED_MORE} means the
 * buffer ended before the decision and the text so far is a proper prefix of some placeholder form; it is only
 * returned when {@code atEnd} is false. This is what lets the streaming re-identifier hold back at most
 * {@value #MAX_HOLDBACK} characters.
 *
 * <p>One instance per scan (it keeps the fields of the last match); not thread-safe.
 */
final class PlaceholderScanner {

    /** The labels, in the order used for counts. */
    static final String[] LABELS = {
        "NAME", "LOCATION", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN_ID", "ACCOUNT",
        "LICENSE", "VEHICLE_ID", "DEVICE_ID", "URL", "IP", "BIOMETRIC", "PHOTO", "ID",
    };

    /** Most digits in a placeholder number. */
    static final int MAX_DIGITS = 6;

    /** Longest label ({@code HEALTH_PLAN_ID}). */
    static final int MAX_LABEL_LENGTH = 14;

    /** Longest accepted form: {@code "< HEALTH_PLAN_ID_999999 >"}. */
    static final int MAX_FORM_LENGTH = 1 + 1 + MAX_LABEL_LENGTH + 1 + MAX_DIGITS + 1 + 1;

    /**
     * Most characters that can be undecided at once: a longest form without its final {@code '>'}. A bare form
     * needs at most {@code 14 + 1 + 6} characters plus the high surrogate of the code point after it (22), less.
     */
    static final int MAX_HOLDBACK = MAX_FORM_LENGTH - 1;

    /** The text at the position is not a placeholder. */
    static final int NO_MATCH = 0;

    /** The buffer ends before a decision; more input could still complete a placeholder. */
    static final int NEED_MORE = -1;

    /** {@code LABELS[i] + "_"}, upper case: the scanner compares folded input characters against these. */
    private static final char[][] LABEL_UNDERSCORE = new char[LABELS.length][];

    private static final int ALL_LABELS = (1 << LABELS.length) - 1;

    static {
        for (int i = 0; i < LABELS.length; i++) {
            LABEL_UNDERSCORE[i] = (LABELS[i] + "_").toCharArray();
        }
    }

    /** Index into {@link #LABELS} of the last match. */
    int label;

    /** Number of the last match. */
    int number;

    /**
     * Tries the bracketed form at {@code p}, where {@code s.charAt(p) == '<'}.
     *
     * @return the length of the form, {@link #NO_MATCH} or {@link #NEED_MORE}
     */
    int bracketed(CharSequence s, int p, boolean atEnd) {
        int end = s.length();
        int i = p + 1;
        if (i < end && s.charAt(i) == ' ') {
            i++;
        }
        if (i >= end) {
            return atEnd ? NO_MATCH : NEED_MORE;
        }
        int j = labelAndNumber(s, i, atEnd);
        if (j <= 0) {
            return j;
        }
        if (j < end && s.charAt(j) == ' ') {
            j++;
        }
        if (j >= end) {
            return atEnd ? NO_MATCH : NEED_MORE;
        }
        return s.charAt(j) == '>' ? j + 1 - p : NO_MATCH;
    }

    /**
     * Tries the bare form at {@code p}; the caller has checked that the code point before {@code p} is not a word
     * character.
     *
     * @return the length of the form, {@link #NO_MATCH} or {@link #NEED_MORE}
     */
    int bare(CharSequence s, int p, boolean atEnd) {
        int end = s.length();
        int j = labelAndNumber(s, p, atEnd);
        if (j <= 0) {
            return j;
        }
        if (j == end) {
            return j - p; // labelAndNumber only returns the end when atEnd
        }
        char c = s.charAt(j);
        if (Character.isHighSurrogate(c) && j + 1 == end && !atEnd) {
            return NEED_MORE; // the following code point is not known yet
        }
        return isWordChar(Character.codePointAt(s, j)) ? NO_MATCH : j - p;
    }

    /**
     * Reads {@code LABEL_n} from {@code i}; sets {@link #label} and {@link #number}.
     *
     * @return the index after the last digit, {@link #NO_MATCH} or {@link #NEED_MORE}
     */
    private int labelAndNumber(CharSequence s, int i, boolean atEnd) {
        int end = s.length();
        int mask = ALL_LABELS;
        int k = 0;
        // the label, narrowed one character at a time so that a prefix no label has is rejected at once
        while (true) {
            if (i + k >= end) {
                return atEnd ? NO_MATCH : NEED_MORE;
            }
            char c = s.charAt(i + k);
            if (c >= '0' && c <= '9') {
                break;
            }
            char u;
            if (c >= 'a' && c <= 'z') {
                u = (char) (c - ('a' - 'A'));
            } else if ((c >= 'A' && c <= 'Z') || c == '_') {
                u = c;
            } else {
                return NO_MATCH;
            }
            for (int m = mask; m != 0; m &= m - 1) {
                int li = Integer.numberOfTrailingZeros(m);
                char[] l = LABEL_UNDERSCORE[li];
                if (k >= l.length || l[k] != u) {
                    mask &= ~(1 << li);
                }
            }
            if (mask == 0) {
                return NO_MATCH;
            }
            k++;
        }
        int found = -1;
        for (int m = mask; m != 0; m &= m - 1) {
            int li = Integer.numberOfTrailingZeros(m);
            if (LABEL_UNDERSCORE[li].length == k) {
                found = li; // no label followed by '_' is a prefix of another, so at most one
            }
        }
        int d = i + k;
        if (found < 0 || s.charAt(d) == '0') {
            return NO_MATCH;
        }
        int n = 0;
        int digits = 0;
        while (d < end) {
            char c = s.charAt(d);
            if (c < '0' || c > '9') {
                break;
            }
            if (digits == MAX_DIGITS) {
                return NO_MATCH;
            }
            n = n * 10 + (c - '0');
            digits++;
            d++;
        }
        if (d == end && !atEnd) {
            return NEED_MORE; // more digits, a space or the '>' may follow
        }
        label = found;
        number = n;
        return d;
    }

    /** @return the canonical form of the last match, e.g. {@code <NAME_1>} */
    String canonical() {
        return "<" + LABELS[label] + "_" + number + ">";
    }

    /** Word characters for the whole-word rule of the bare form: letters, digits (any script) and '_'. */
    static boolean isWordChar(int cp) {
        return cp == '_' || Character.isLetterOrDigit(cp);
    }
}
