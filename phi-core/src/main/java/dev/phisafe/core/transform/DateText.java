package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One date expression, read into its values (year, month, day, weekday) and its format (which characters are which
 * field, in which style), so that it can be written back with other values in exactly its own format.
 *
 * <p>Reads the shapes that {@code DateDetector} reports (see its Javadoc): numeric {@code m/d/yyyy},
 * {@code mm/dd/yy}, {@code d.m.yyyy}, {@code m-d-yyyy}, ISO {@code yyyy-mm-dd} and {@code yyyy/mm/dd}, partial
 * {@code mm/yyyy}, {@code yyyy-mm}, {@code m/d}, {@code m/yy}; month names and abbreviations in any case with
 * cardinal, ordinal or spelled days and four-digit, {@code '23} or spelled years, day first or month first,
 * {@code 17-Feb-2023}, {@code the 3rd of May}, {@code May of 2023}, day ranges {@code May 5-7, 2023}; an optional
 * leading weekday; an optional trailing time of day, which is validated and then kept as it is.
 *
 * <p>Everything that is not a field (separators, spaces, commas, "of", "the", the time) is literal text and is
 * copied unchanged; fields are rewritten in their style: zero padding, month-name length and case, ordinal suffix
 * (recomputed) and its case, two-digit years, spelled words and hyphenation.
 *
 * <p>Ambiguities, resolved the same way on read and on write:
 * <ul>
 *   <li>numeric day/month order: a first number above 12 is a day, a second above 12 is a day; otherwise
 *       {@code .} means day first (European) and {@code /} or {@code -} month first (US);</li>
 *   <li>two-digit years: 00–49 are 2000–2049, 50–99 are 1950–1999 ({@link #PIVOT}, a fixed window as in
 *       RFC 5280, so that a result never depends on the clock);</li>
 *   <li>{@code 4/10}: month and day when the second number is a day of that month, else month and two-digit year
 *       ({@code 5/61});</li>
 *   <li>dates without a year are read in the leap {@link #REFERENCE_YEAR} so that February 29 is valid.</li>
 * </ul>
 *
 * <p>Bounded: texts over {@link #MAX_LENGTH} characters are refused; everything else is a few passes over at most
 * that many tokens. Not thread-safe (a parse result); package-private.
 */
final class DateText {

    /** Longest date text read; a detector's date span is far shorter, longer text is something else. */
    static final int MAX_LENGTH = 256;
    /** Two-digit years below this are 20yy, the others 19yy. */
    static final int PIVOT = 50;
    /** The year in which dates without a year are read and shifted (a leap year, so that Feb 29 reads). */
    static final int REFERENCE_YEAR = 2000;
    /** The day that stands for a month-precision date ({@code May 2023}) when it is shifted. */
    static final int REPRESENTATIVE_DAY = 15;

    /** Numeric order: no numeric month/day pair, month first, day first. */
    static final int ORDER_NONE = 0;
    static final int MDY = 1;
    static final int DMY = 2;

    private static final int YEAR4 = 1;
    private static final int YEAR2 = 2;
    private static final int YEAR_SPELLED = 3;
    private static final int MONTH_NUM = 4;
    private static final int MONTH_NAME = 5;
    private static final int DAY_NUM = 6;
    private static final int DAY_ORD = 7;
    private static final int DAY_SPELLED = 8;
    private static final int WEEKDAY = 9;

    private static final int FULL = 0;
    private static final int ABBR = 1;
    private static final int ABBR_SEPT = 2;

    private static final int LOWER = 0;
    private static final int UPPER = 1;
    private static final int CAP_FIRST = 2;
    private static final int CAP_EACH = 3;
    /** One word in no regular case ("JuL"): each letter takes the case of the letter at its position. */
    private static final int MIXED = 4;

    private static final int PAD_NO = 0;
    private static final int PAD_YES = 1;
    private static final int PAD_UNKNOWN = 2;

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"};
    private static final String[][] WEEKDAY_ABBREVIATIONS = {{"mon"}, {"tue", "tues"}, {"wed", "weds"},
        {"thu", "thur", "thurs"}, {"fri"}, {"sat"}, {"sun"}};
    private static final String[] TIME_ZONES = {"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "UTC",
        "GMT", "CET", "BST"};
    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private static final byte D = 0;
    private static final byte L = 1;
    private static final byte P = 2;

    /** A rewritable part of the text, with the style it is written in. */
    private static final class Field {
        final int kind;
        final int start;
        final int end;
        final boolean rangeEnd;
        int pad = PAD_NO;
        int nameStyle = FULL;
        int caseStyle = CAP_EACH;
        boolean hyphen = true;
        boolean thousand;
        boolean and;
        String oh = "oh";
        boolean suffixUpper;

        Field(int kind, int start, int end, boolean rangeEnd) {
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.rangeEnd = rangeEnd;
        }
    }

    final String text;
    /** The year, or 0 when the text has none. */
    int year;
    int month;
    /** The day of month, or 0 for a month-precision date. */
    int day;
    /** The last day of a day range ({@code May 5-7}), or 0. */
    int rangeEndDay;
    /** 0 = Monday .. 6 = Sunday, or -1 when no weekday is written. */
    int weekday = -1;
    /** {@link #MDY}, {@link #DMY} or {@link #ORDER_NONE}. */
    int order;
    private final List<Field> fields = new ArrayList<>(6);

    // tokens: ASCII digit runs, ASCII letter runs, single other characters; whitespace sets spaceBefore
    private int n;
    private byte[] kinds;
    private int[] starts;
    private int[] ends;
    private boolean[] spaceBefore;
    private boolean lastDaySpelled;
    /** Whether an ambiguous two-digit number is zero-padded: all-numeric dates and {@code 17-Feb-2023}. */
    private boolean paddedByDefault;
    private boolean lastDayCardinal;

    private DateText(String text) {
        this.text = text;
    }

    /**
     * Reads a date text.
     *
     * @param text      the text of one date span
     * @param orderHint {@link #MDY} or {@link #DMY} to read an ambiguous numeric date in that order (used to read a
     *                  shifted date back in the order of its original), or {@link #ORDER_NONE}
     * @return the date, or null when the text is not one date in a supported format
     */
    static DateText parse(String text, int orderHint) {
        if (text.length() > MAX_LENGTH) {
            return null;
        }
        DateText d = new DateText(text);
        d.tokenize();
        return d.parseAll(orderHint) ? d : null;
    }

    /** @return whether the text names a year */
    boolean hasYear() {
        return year > 0;
    }

    /** @return whether the text names a day (else it is month and year only) */
    boolean hasDay() {
        return day > 0;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes this date's format with other values.
     *
     * @param date        the new year, month and day (the year is ignored when the text has none; the day when it
     *                    has none)
     * @param newWeekday  0 = Monday .. 6, used when the text has a weekday
     * @param newRangeEnd the new last day of a day range, used when the text has one
     * @return the text with every field rewritten and everything else unchanged
     * @throws PhiProcessingException if a value has no form in this format (a year outside the two-digit window)
     */
    String render(LocalDate date, int newWeekday, int newRangeEnd) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        int pos = 0;
        for (Field f : fields) {
            sb.append(text, pos, f.start);
            sb.append(renderField(f, date, newWeekday, newRangeEnd));
            pos = f.end;
        }
        sb.append(text, pos, text.length());
        return sb.toString();
    }

    private String renderField(Field f, LocalDate date, int newWeekday, int newRangeEnd) {
        int y = date.getYear();
        switch (f.kind) {
            case YEAR4:
                if (y < 1000 || y > 9999) {
                    throw new PhiProcessingException("the shifted year has no four-digit form");
                }
                return Integer.toString(y);
            case YEAR2:
                // the two-digit form must read back as the same year through the fixed pivot window
                if (y < 1900 + PIVOT || y >= 2000 + PIVOT) {
                    throw new PhiProcessingException("the shifted year leaves the two-digit year window "
                            + (1900 + PIVOT) + "-" + (1999 + PIVOT));
                }
                return twoDigits(y % 100);
            case YEAR_SPELLED: {
                String w = Spelled.year(y, f.thousand, f.and, f.hyphen, f.oh);
                if (w == null) {
                    throw new PhiProcessingException("the shifted year has no spelled form (1800-2099 only)");
                }
                return applyCase(w, f.caseStyle);
            }
            case MONTH_NUM:
                return number(date.getMonthValue(), f.pad);
            case MONTH_NAME: {
                String name = MONTHS[date.getMonthValue() - 1];
                if (f.nameStyle == ABBR_SEPT && date.getMonthValue() == 9) {
                    name = "sept";
                } else if (f.nameStyle != FULL) {
                    name = name.substring(0, 3);
                }
                return f.caseStyle == MIXED ? caseLike(name, f.start, f.end) : applyCase(name, f.caseStyle);
            }
            case DAY_NUM:
                return number(f.rangeEnd ? newRangeEnd : date.getDayOfMonth(), f.pad);
            case DAY_ORD: {
                int v = f.rangeEnd ? newRangeEnd : date.getDayOfMonth();
                String suffix = suffix(v);
                return number(v, f.pad) + (f.suffixUpper ? suffix.toUpperCase(Locale.ROOT) : suffix);
            }
            case DAY_SPELLED:
                return applyCase(Spelled.ordinalWords(f.rangeEnd ? newRangeEnd : date.getDayOfMonth(), f.hyphen),
                        f.caseStyle);
            case WEEKDAY: {
                String name = WEEKDAYS[newWeekday];
                String w = f.nameStyle == FULL ? name : name.substring(0, 3);
                return f.caseStyle == MIXED ? caseLike(w, f.start, f.end) : applyCase(w, f.caseStyle);
            }
            default:
                throw new IllegalStateException("unknown field kind " + f.kind);
        }
    }

    private static String number(int v, int pad) {
        return pad == PAD_YES ? twoDigits(v) : Integer.toString(v);
    }

    private static String twoDigits(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    /** English ordinal suffix: 1st 2nd 3rd 4th, but 11th 12th 13th. */
    static String suffix(int v) {
        if (v % 100 >= 11 && v % 100 <= 13) {
            return "th";
        }
        switch (v % 10) {
            case 1:
                return "st";
            case 2:
                return "nd";
            case 3:
                return "rd";
            default:
                return "th";
        }
    }

    private static String applyCase(String lower, int style) {
        switch (style) {
            case LOWER:
                return lower;
            case UPPER:
                return lower.toUpperCase(Locale.ROOT);
            case CAP_FIRST:
                return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
            case MIXED:     // only month and weekday names are rendered so, by caseLike; other words by words
            default: {
                char[] c = lower.toCharArray();
                for (int i = 0; i < c.length; i++) {
                    if (i == 0 || c[i - 1] == ' ') {
                        c[i] = Character.toUpperCase(c[i]);
                    }
                }
                return new String(c);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    private void tokenize() {
        int len = text.length();
        kinds = new byte[len];
        starts = new int[len];
        ends = new int[len];
        spaceBefore = new boolean[len];
        boolean space = false;
        int i = 0;
        while (i < len) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
                i++;
                continue;
            }
            int st = i;
            byte k;
            if (c >= '0' && c <= '9') {
                k = D;
                do {
                    i++;
                } while (i < len && text.charAt(i) >= '0' && text.charAt(i) <= '9');
            } else if (asciiLetter(c)) {
                k = L;
                do {
                    i++;
                } while (i < len && asciiLetter(text.charAt(i)));
            } else {
                k = P;
                i++;
            }
            kinds[n] = k;
            starts[n] = st;
            ends[n] = i;
            spaceBefore[n] = space;
            space = false;
            n++;
        }
    }

    private boolean parseAll(int hint) {
        if (n == 0) {
            return false;
        }
        int q = 0;
        if (weekdayAt(q)) {
            q++;
            if (isP(q, '.') && joined(q - 1)) {
                q++;
            }
            if (isP(q, ',')) {
                q++;
            }
        }
        if (word(q, "the")) {
            q++;
        }
        int mark = fields.size();
        int e = numeric(q, hint);
        if (e < 0) {
            reset(mark);
            e = monthFirst(q);
        }
        if (e < 0) {
            reset(mark);
            e = dayFirst(q);
        }
        if (e < 0 || !timeTail(e)) {
            return false;
        }
        if (month < 1 || month > 12) {
            return false;
        }
        if (day > 0) {
            int y = year > 0 ? year : REFERENCE_YEAR;
            if (!validDay(month, day, y)) {
                return false;
            }
            if (rangeEndDay > 0 && (rangeEndDay <= day || !validDay(month, rangeEndDay, y))) {
                return false;
            }
        } else if (year == 0 || weekday >= 0) {
            return false;   // a month alone is no date; a weekday needs a day
        }
        resolvePadding();
        resolveMay();
        return true;
    }

    private void reset(int mark) {
        while (fields.size() > mark) {
            fields.remove(fields.size() - 1);
        }
        year = 0;
        month = 0;
        day = 0;
        rangeEndDay = 0;
        order = ORDER_NONE;
        paddedByDefault = false;
    }

    /** {@code m/d/y}, {@code d.m.y}, {@code y-m-d}, {@code m/yyyy}, {@code yyyy-mm}, {@code m/d}, {@code m/yy}. */
    private int numeric(int q, int hint) {
        if (!isD(q)) {
            return -1;
        }
        paddedByDefault = true;
        int la = len(q);
        if (la == 3 || la > 4) {
            return -1;
        }
        int a = val(q);
        char sep = sepAt(q + 1);
        int j = q + 2;
        if (sep == 0 || !isD(j) || len(j) > 4) {
            return -1;
        }
        int lb = len(j);
        int b = val(j);
        if (sepAt(j + 1) == sep && j + 2 < n) {
            int k = j + 2;
            if (!isD(k)) {
                return -1;
            }
            int lc = len(k);
            if (la == 4) {
                if (lb > 2 || lc > 2 || a < 1000) {
                    return -1;
                }
                year = a;
                month = b;
                day = val(k);
                add(YEAR4, q);
                add(MONTH_NUM, j);
                add(DAY_NUM, k);
                return k + 1;
            }
            if (lb > 2 || (lc != 2 && lc != 4)) {
                return -1;
            }
            int c = val(k);
            int ord = hint != ORDER_NONE ? hint : a > 12 ? DMY : b > 12 ? MDY : sep == '.' ? DMY : MDY;
            order = ord;
            if (ord == MDY) {
                month = a;
                day = b;
                add(MONTH_NUM, q);
                add(DAY_NUM, j);
            } else {
                day = a;
                month = b;
                add(DAY_NUM, q);
                add(MONTH_NUM, j);
            }
            if (lc == 4) {
                if (c < 1000) {
                    return -1;
                }
                year = c;
                add(YEAR4, k);
            } else {
                year = pivot(c);
                add(YEAR2, k);
            }
            return k + 1;
        }
        if (la == 4) {
            if (lb > 2 || a < 1000) {
                return -1;
            }
            year = a;
            month = b;
            add(YEAR4, q);
            add(MONTH_NUM, j);
            return j + 1;
        }
        if (lb == 4) {
            if (b < 1000) {
                return -1;
            }
            month = a;
            year = b;
            add(MONTH_NUM, q);
            add(YEAR4, j);
            return j + 1;
        }
        if (lb == 3) {
            return -1;
        }
        int ord = hint != ORDER_NONE ? hint : a > 12 ? DMY : MDY;
        if (ord == MDY && a >= 1 && a <= 12 && validDay(a, b, REFERENCE_YEAR)) {
            order = MDY;
            month = a;
            day = b;
            add(MONTH_NUM, q);
            add(DAY_NUM, j);
            return j + 1;
        }
        if (ord == DMY && b >= 1 && b <= 12 && validDay(b, a, REFERENCE_YEAR)) {
            order = DMY;
            day = a;
            month = b;
            add(DAY_NUM, q);
            add(MONTH_NUM, j);
            return j + 1;
        }
        if (lb == 2 && a >= 1 && a <= 12) {
            month = a;
            year = pivot(b);
            add(MONTH_NUM, q);
            add(YEAR2, j);
            return j + 1;
        }
        return -1;
    }

    /** {@code May 5}, {@code May 5th, 2023}, {@code Jan. 9th '23}, {@code Feb-17-2023}, {@code May of 2023}. */
    private int monthFirst(int q) {
        Field mf = monthAt(q);
        if (mf == null) {
            return -1;
        }
        int e = q + 1;
        if (isP(e, '.') && joined(q)) {
            if (mf.nameStyle == FULL && len(q) != 3) {
                return -1;
            }
            if (mf.nameStyle == FULL) {
                mf.nameStyle = ABBR;   // "May." is the abbreviation style
            }
            e++;
        }
        int k = e;
        if (isP(k, '-') && joined(k - 1) && joined(k) && isD(k + 1)) {
            k++;
            glued(mf, q);   // Feb-17-2023
        }
        int de = dayAt(k, false);
        if (de >= 0) {
            if (!lastDaySpelled && (isP(de, '-') || isP(de, '\u2013')) && joined(de - 1) && joined(de)) {
                int mark = fields.size();
                int re = dayAt(de + 1, true);
                if (re >= 0 && !lastDaySpelled) {
                    de = re;
                } else {
                    reset(mark, true);
                }
            }
            int p = de;
            if (isP(p, ',')) {
                p++;
            } else if (isP(p, '-') && joined(p - 1) && joined(p)) {
                p++;
            }
            int ye = yearAt(p);
            return ye >= 0 ? ye : de;
        }
        int p = e;
        if (isP(p, ',') || word(p, "of")) {
            p++;
        } else if ((isP(p, '-') || isP(p, '/')) && joined(p - 1) && joined(p)) {
            p++;
            glued(mf, q);   // Jan-2023, Feb/2023
        }
        return yearAt(p);
    }

    /** A three-letter month glued to a separator is written in the abbreviated style ("May-2023" as "Jun-2023"). */
    private void glued(Field mf, int k) {
        if (mf.nameStyle == FULL && len(k) == 3) {
            mf.nameStyle = ABBR;
        }
    }

    private void reset(int mark, boolean rangeOnly) {
        while (fields.size() > mark) {
            fields.remove(fields.size() - 1);
        }
        if (rangeOnly) {
            rangeEndDay = 0;
        }
    }

    /** {@code 5 May 2023}, {@code 11th March}, {@code 5th of May}, {@code fifth of may}, {@code 17-Feb-2023}. */
    private int dayFirst(int q) {
        int de = dayAt(q, false);
        if (de < 0) {
            return -1;
        }
        int k = de;
        char sep = 0;
        if (lastDayCardinal && joined(de - 1) && sepAt(k) != 0 && joined(k)) {
            sep = sepAt(k);
            k++;
        } else if (word(k, "of")) {
            k++;
        }
        Field mf = monthAt(k);
        if (mf == null) {
            return -1;
        }
        int me = k + 1;
        if (sep != 0) {
            // 17-Feb-2023, 17/Feb/23: the same separator on both sides, then a two- or four-digit year
            if (mf.nameStyle == FULL && len(k) != 3 || !(isP(me, sep) && joined(k) && joined(me) && isD(me + 1))) {
                return -1;
            }
            glued(mf, k);
            paddedByDefault = true;
            int y = me + 1;
            int v = val(y);
            if (len(y) == 4 && v >= 1000) {
                year = v;
                add(YEAR4, y);
            } else if (len(y) == 2) {
                year = pivot(v);
                add(YEAR2, y);
            } else {
                return -1;
            }
            return y + 1;
        }
        if (isP(me, '.') && joined(k) && (mf.nameStyle != FULL || len(k) == 3)) {
            if (mf.nameStyle == FULL) {
                mf.nameStyle = ABBR;
            }
            me++;
        }
        int p = me;
        if (isP(p, ',')) {
            p++;
        }
        int ye = yearAt(p);
        return ye >= 0 ? ye : me;
    }

    /** A day of month at token k: 5, 05, 5th, fifth, twenty-first. Adds its field; returns the next token or -1. */
    private int dayAt(int k, boolean rangeEnd) {
        if (k >= n) {
            return -1;
        }
        if (isD(k)) {
            if (len(k) > 2) {
                return -1;
            }
            int v = val(k);
            if (v < 1 || v > 31) {
                return -1;
            }
            if (joined(k) && isL(k + 1)) {
                String sx = lower(k + 1);
                if (!(sx.equals("st") || sx.equals("nd") || sx.equals("rd") || sx.equals("th"))) {
                    return -1;
                }
                Field f = add(DAY_ORD, starts[k], ends[k + 1], rangeEnd);
                f.suffixUpper = Character.isUpperCase(text.charAt(starts[k + 1]));
                f.pad = len(k) == 1 ? PAD_NO : text.charAt(starts[k]) == '0' ? PAD_YES : PAD_UNKNOWN;
                setDay(v, rangeEnd);
                lastDaySpelled = false;
                lastDayCardinal = false;
                return k + 2;
            }
            add(DAY_NUM, starts[k], ends[k], rangeEnd);
            setDay(v, rangeEnd);
            lastDaySpelled = false;
            lastDayCardinal = true;
            return k + 1;
        }
        if (!isL(k) || len(k) > 11) {
            return -1;
        }
        String w = lower(k);
        int v = Spelled.ordinal(w);
        int last = k;
        boolean hyphen = true;
        if (v < 0 && (w.equals("twenty") || w.equals("thirty"))) {
            int q = k + 1;
            hyphen = isP(q, '-') && joined(k) && joined(q);
            if (hyphen) {
                q++;
            }
            int u = isL(q) ? Spelled.unitOrdinal(lower(q)) : -1;
            int total = (w.equals("twenty") ? 20 : 30) + u;
            if (u < 0 || total > 31) {
                return -1;
            }
            v = total;
            last = q;
        }
        if (v < 0) {
            return -1;
        }
        Field f = add(DAY_SPELLED, starts[k], ends[last], rangeEnd);
        f.hyphen = hyphen;
        f.caseStyle = caseOf(starts[k], ends[last]);
        setDay(v, rangeEnd);
        lastDaySpelled = true;
        lastDayCardinal = false;
        return last + 1;
    }

    private void setDay(int v, boolean rangeEnd) {
        if (rangeEnd) {
            rangeEndDay = v;
        } else {
            day = v;
        }
    }

    /** A year at token p: 2023, '23, nineteen sixty-one, two thousand and five. Returns the next token or -1. */
    private int yearAt(int p) {
        if (p >= n) {
            return -1;
        }
        if (isD(p)) {
            int v = val(p);
            if (len(p) != 4 || v < 1000) {
                return -1;
            }
            year = v;
            add(YEAR4, p);
            return p + 1;
        }
        if ((isP(p, '\'') || isP(p, '\u2019')) && joined(p) && isD(p + 1) && len(p + 1) == 2) {
            year = pivot(val(p + 1));
            add(YEAR2, p + 1);
            return p + 2;
        }
        return isL(p) ? spelledYear(p) : -1;
    }

    /** nineteen sixty-one, nineteen oh five, eighteen hundred, twenty twenty-one, two thousand (and) five. */
    private int spelledYear(int p) {
        String w = lower(p);
        boolean thousand = false;
        boolean and = false;
        String oh = "oh";
        int value;
        int last;
        int[] below = new int[3];
        if (w.equals("two") && word(p + 1, "thousand")) {
            thousand = true;
            last = p + 1;
            value = 2000;
            int q = p + 2;
            if (word(q, "and") && below100(q + 1, below)) {
                and = true;
                q++;
            }
            if (below100(q, below)) {
                value += below[0];
                last = below[1];
            }
        } else {
            int century = w.equals("eighteen") ? 18 : w.equals("nineteen") ? 19 : w.equals("twenty") ? 20 : 0;
            if (century == 0) {
                return -1;
            }
            int q = p + 1;
            if (word(q, "hundred") && century < 20) {
                value = century * 100;
                last = q;
            } else if ((word(q, "oh") || word(q, "o")) && isL(q + 1) && Spelled.unit(lower(q + 1)) > 0) {
                oh = lower(q);
                value = century * 100 + Spelled.unit(lower(q + 1));
                last = q + 1;
            } else if (below100(q, below) && below[0] >= 10) {
                value = century * 100 + below[0];
                last = below[1];
            } else {
                return -1;
            }
        }
        year = value;
        Field f = add(YEAR_SPELLED, starts[p], ends[last], false);
        f.thousand = thousand;
        f.and = and;
        f.oh = oh;
        f.hyphen = below[2] != 2;
        f.caseStyle = caseOf(starts[p], ends[last]);
        return last + 1;
    }

    /**
     * 1–99 spelled at token q (five, fifteen, sixty-one, sixty one). Fills out: value, last token, 1 = hyphen,
     * 2 = space between tens and unit, 0 = one word.
     */
    private boolean below100(int q, int[] out) {
        if (!isL(q) || len(q) > 9) {
            return false;
        }
        String x = lower(q);
        int v = Spelled.unit(x);
        if (v < 0) {
            v = Spelled.teen(x);
        }
        if (v > 0) {
            out[0] = v;
            out[1] = q;
            out[2] = 0;
            return true;
        }
        int tens = Spelled.tens(x);
        if (tens < 0) {
            return false;
        }
        out[0] = tens;
        out[1] = q;
        out[2] = 0;
        int r = q + 1;
        boolean hyphen = isP(r, '-') && joined(q) && joined(r);
        if (hyphen) {
            r++;
        }
        int u = isL(r) ? Spelled.unit(lower(r)) : -1;
        if (u > 0) {
            out[0] = tens + u;
            out[1] = r;
            out[2] = hyphen ? 1 : 2;
        }
        return true;
    }

    /** A month name or abbreviation at token k, as a field with its style; null if none. Sets month. */
    private Field monthAt(int k) {
        if (!isL(k) || len(k) < 3 || len(k) > 9) {
            return null;
        }
        String w = lower(k);
        for (int m = 0; m < 12; m++) {
            String name = MONTHS[m];
            int style;
            if (w.equals(name)) {
                style = FULL;
            } else if (w.length() == 3 && name.startsWith(w)) {
                style = ABBR;
            } else if (m == 8 && w.equals("sept")) {
                style = ABBR_SEPT;
            } else {
                continue;
            }
            month = m + 1;
            Field f = add(MONTH_NAME, starts[k], ends[k], false);
            f.nameStyle = style;
            f.caseStyle = caseOf(starts[k], ends[k]);
            return f;
        }
        return null;
    }

    private boolean weekdayAt(int k) {
        if (!isL(k) || len(k) < 3 || len(k) > 9) {
            return false;
        }
        String w = lower(k);
        for (int d = 0; d < 7; d++) {
            boolean full = w.equals(WEEKDAYS[d]);
            boolean abbr = false;
            for (String a : WEEKDAY_ABBREVIATIONS[d]) {
                abbr |= w.equals(a);
            }
            if (full || abbr) {
                weekday = d;
                Field f = add(WEEKDAY, starts[k], ends[k], false);
                f.nameStyle = full ? FULL : ABBR;
                f.caseStyle = caseOf(starts[k], ends[k]);
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ time

    /** The tokens from p on are empty or one time of day: ", at 3:45 pm", " 12:45:18", "T14:11:22Z". */
    private boolean timeTail(int p) {
        if (p >= n) {
            return true;
        }
        int k = p;
        if (isL(k) && len(k) == 1 && (text.charAt(starts[k]) == 'T' || text.charAt(starts[k]) == 't')
                && joined(k - 1) && joined(k)) {
            k++;   // ISO 8601 "2020-06-20T14:11"
        } else {
            if (isP(k, ',')) {
                k++;
            }
            if (word(k, "at") || isP(k, '@')) {
                k++;
            }
        }
        return timeAt(k) == n;
    }

    private int timeAt(int k) {
        if (!isD(k) || len(k) > 2) {
            return -1;
        }
        int h = val(k);
        if (h > 24) {
            return -1;
        }
        int e = k + 1;
        boolean minutes = false;
        if (gluedNumber(e, ':', 2, 2) && val(e + 1) <= 59) {
            minutes = true;
            e += 2;
            if (gluedNumber(e, ':', 2, 2) && val(e + 1) <= 60) {
                e += 2;
                if (gluedNumber(e, '.', 1, 9)) {
                    e += 2;
                }
            }
            if (isL(e) && len(e) == 1 && (text.charAt(starts[e]) == 'Z' || text.charAt(starts[e]) == 'z')
                    && joined(e - 1)) {
                e++;
            } else if ((gluedNumber(e, '+', 2, 2) || gluedNumber(e, '-', 2, 2) || gluedNumber(e, '+', 4, 4)
                    || gluedNumber(e, '-', 4, 4))) {
                e += 2;
                if (len(e - 1) == 2 && gluedNumber(e, ':', 2, 2)) {
                    e += 2;
                }
            }
        }
        int ap = ampm(e);
        if (ap >= 0) {
            if (!minutes && (h < 1 || h > 12)) {
                return -1;
            }
            e = ap;
        } else if (!minutes) {
            return -1;
        }
        if (isL(e) && len(e) == 3) {
            for (String z : TIME_ZONES) {
                if (text.regionMatches(starts[e], z, 0, 3)) {
                    return e + 1;
                }
            }
        }
        return e;
    }

    /** Token e is the punctuation c glued to the token before it and to a number of min..max digits after it. */
    private boolean gluedNumber(int e, char c, int min, int max) {
        return isP(e, c) && joined(e - 1) && joined(e) && isD(e + 1) && len(e + 1) >= min && len(e + 1) <= max;
    }

    /** am / pm / a.m. / p.m. at token k, glued or spaced; returns the next token or -1. */
    private int ampm(int k) {
        if (!isL(k)) {
            return -1;
        }
        if (word(k, "am") || word(k, "pm")) {
            return k + 1;
        }
        if ((word(k, "a") || word(k, "p")) && isP(k + 1, '.') && joined(k) && joined(k + 1) && word(k + 2, "m")) {
            return isP(k + 3, '.') && joined(k + 2) ? k + 4 : k + 3;
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ styles

    /** Resolves "12" (padded or not?) from the other numeric field of the same date; default padded. */
    private void resolvePadding() {
        int known = PAD_UNKNOWN;
        for (Field f : fields) {
            if (f.kind == MONTH_NUM || f.kind == DAY_NUM) {
                String s = text.substring(f.start, f.end);
                f.pad = s.length() == 1 ? PAD_NO : s.charAt(0) == '0' ? PAD_YES : PAD_UNKNOWN;
                if (f.pad != PAD_UNKNOWN) {
                    known = f.pad;
                }
            }
        }
        for (Field f : fields) {
            if (f.pad == PAD_UNKNOWN) {
                boolean numeric = f.kind == MONTH_NUM || f.kind == DAY_NUM;
                // "12/25/2023" and "17-Feb-2023" read as zero-padded unless a partner field says otherwise;
                // "May 12" and "12th" as unpadded: days before or after a spaced month name are rarely padded
                f.pad = !numeric ? PAD_NO : known != PAD_UNKNOWN ? known : paddedByDefault ? PAD_YES : PAD_NO;
            }
        }
    }

    /** "Sat, May 11": with an abbreviated weekday, the month that cannot show its style ("May") is abbreviated. */
    private void resolveMay() {
        Field wd = null;
        for (Field f : fields) {
            if (f.kind == WEEKDAY) {
                wd = f;
            } else if (f.kind == MONTH_NAME && f.nameStyle == FULL && f.end - f.start == 3 && wd != null
                    && wd.nameStyle == ABBR) {
                f.nameStyle = ABBR;
            }
        }
    }

    private int caseOf(int start, int end) {
        boolean anyUpper = false;
        boolean anyLower = false;
        boolean eachCap = true;
        boolean restLower = true;
        boolean wordStart = true;
        boolean first = true;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!asciiLetter(c)) {
                wordStart = c == ' ' || wordStart && c != '-';
                continue;
            }
            boolean up = c <= 'Z';
            anyUpper |= up;
            anyLower |= !up;
            if (wordStart) {
                eachCap &= up;
            } else if (up) {
                restLower = false;
            }
            if (first && !up) {
                restLower = false;   // first letter lower: not a capitalized style
            }
            first = false;
            wordStart = false;
        }
        if (!anyUpper) {
            return LOWER;
        }
        if (!anyLower && end - start > 1) {
            return UPPER;
        }
        if (!restLower && !first && oneWord(start, end)) {
            return MIXED;   // kept as it was: two spellings of one month must not shift to the same text
        }
        return eachCap && restLower ? CAP_EACH : CAP_FIRST;
    }

    private boolean oneWord(int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!asciiLetter(c)) {
                return false;
            }
        }
        return true;
    }

    /** The case of {@code text[start, end)} laid over {@code lower}, letter by letter (the last one repeats). */
    private String caseLike(String lower, int start, int end) {
        char[] c = lower.toCharArray();
        for (int i = 0; i < c.length; i++) {
            char o = text.charAt(Math.min(start + i, end - 1));
            c[i] = o <= 'Z' ? Character.toUpperCase(c[i]) : c[i];
        }
        return new String(c);
    }

    // ------------------------------------------------------------------------------------------------ tokens

    private Field add(int kind, int token) {
        return add(kind, starts[token], ends[token], false);
    }

    private Field add(int kind, int start, int end, boolean rangeEnd) {
        Field f = new Field(kind, start, end, rangeEnd);
        fields.add(f);
        return f;
    }

    private boolean isD(int k) {
        return k >= 0 && k < n && kinds[k] == D;
    }

    private boolean isL(int k) {
        return k >= 0 && k < n && kinds[k] == L;
    }

    private boolean isP(int k, char c) {
        return k >= 0 && k < n && kinds[k] == P && text.charAt(starts[k]) == c;
    }

    /** No whitespace between token k and token k + 1. */
    private boolean joined(int k) {
        return k >= 0 && k + 1 < n && !spaceBefore[k + 1];
    }

    private int len(int k) {
        return ends[k] - starts[k];
    }

    private boolean word(int k, String w) {
        return isL(k) && len(k) == w.length() && text.regionMatches(true, starts[k], w, 0, w.length());
    }

    private String lower(int k) {
        return text.substring(starts[k], ends[k]).toLowerCase(Locale.ROOT);
    }

    private char sepAt(int k) {
        if (k >= n || kinds[k] != P) {
            return 0;
        }
        char c = text.charAt(starts[k]);
        return c == '/' || c == '-' || c == '.' ? c : 0;
    }

    /** Value of a digit token of at most 4 digits (longer ones are never fields), else -1. */
    private int val(int k) {
        if (!isD(k) || len(k) > 4) {
            return -1;
        }
        int v = 0;
        for (int i = starts[k]; i < ends[k]; i++) {
            v = v * 10 + text.charAt(i) - '0';
        }
        return v;
    }

    static int pivot(int yy) {
        return yy < PIVOT ? 2000 + yy : 1900 + yy;
    }

    private static boolean asciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Month 1–12 and a day that fits it; February 29 only in leap years. */
    static boolean validDay(int month, int day, int year) {
        if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) {
            return false;
        }
        return month != 2 || day < 29 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    }
}
