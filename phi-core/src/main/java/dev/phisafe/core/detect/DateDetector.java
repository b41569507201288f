package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds calendar dates (45 CFR 164.514(b)(2)(i)(C): "all elements of dates (except year) for dates directly related
 * to an individual"). Each finding is one span over the whole expression, punctuation, an attached weekday and an
 * attached time of day included ({@code "Monday, April 12th, 2023 at 3:45 pm"}).
 *
 * <p>Recognized shapes, all validated (month 1–12, day fitting the month, four-digit years 1800–2199):
 * <ul>
 *   <li>numeric: {@code m/d/yyyy}, {@code mm/dd/yy}, {@code d.m.yyyy}, {@code m-d-yyyy}, ISO {@code yyyy-mm-dd} and
 *       {@code yyyy/mm/dd}, with an optional time ({@code 2018-02-24 12:45:18}, {@code 2020-06-20T14:11:22Z});</li>
 *   <li>month names and abbreviations in any case: {@code May 5}, {@code May 5, 2023}, {@code Jan. 9th '23},
 *       {@code 5 May 2023}, {@code 17-Feb-2023}, {@code the 3rd of May}, {@code May of 2023}, {@code May 2023};
 *       spelled-out ordinals and years, as in dictated transcripts ({@code january fifth, nineteen sixty-one});</li>
 *   <li>partial numeric dates: month/year with a four-digit year ({@code 03/2021}); month/day and month/two-digit
 *       year ({@code 4/10}, {@code 5/23}) only after a date context word ({@code on}, {@code dob}, {@code seen},
 *       {@code admitted}...).</li>
 * </ul>
 *
 * <p>Never reported on their own: bare years ({@code since 1998} — a year alone is not a Safe Harbor date element),
 * weekdays, month names without a day or a year ({@code "May I"}, {@code "April"}), relative dates
 * ({@code "last week"}), ratios and blood pressures ({@code 120/80}), scores ({@code 3/5}), decimals, versions,
 * ranges ({@code 5-10}), SSNs and phone numbers (their groups fail the validation above).
 *
 * <p>Runs in linear time: one left-to-right pass over the shared {@link Tokens}; every attempt looks at a bounded
 * number of tokens ahead (at most about 20) and behind (at most 5). Immutable and thread-safe.
 */
final class DateDetector extends TokenDetector {

    /** Full dates (day, month and year, or month and day with a month name). */
    private static final double FULL = 0.95;
    /** Well-formed numeric dates with a four-digit year. */
    private static final double NUMERIC = 0.9;
    /** Numeric dates with a two-digit year, no context word. */
    private static final double NUMERIC_SHORT_YEAR = 0.75;
    /** Month name and day without year. */
    private static final double MONTH_DAY = 0.85;
    /** Month name and year without day ({@code May 2023}): a date element under Safe Harbor. */
    private static final double MONTH_YEAR = 0.8;
    /** Partial numeric forms, well formed but without a context word ({@code 03/2021}). */
    private static final double PARTIAL = 0.75;
    /** Any ambiguous form after a date context word. */
    private static final double CONTEXT = 0.9;

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun"};
    private static final int[][] MONTHS_BY_INITIAL = new int[27][];
    private static final String[][] WEEKDAYS_BY_INITIAL = new String[27][];
    private static final String[] TIME_ZONES = {"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "UTC",
        "GMT", "CET", "BST"};
    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    /** Words that, just before an ambiguous numeric form, say it is a date. */
    private static final Set<String> CONTEXT_WORDS = Set.of("dob", "born", "birth", "birthday", "birthdate",
        "admitted", "admission", "admit", "discharged", "discharge", "seen", "date", "dated", "dates", "visit",
        "visited", "died", "deceased", "death", "expired", "surgery", "dos", "doa", "dod", "procedure", "performed",
        "scheduled", "appointment", "appt", "since", "until", "effective");

    /**
     * Words that, right after a number, make it a quantity rather than a date ({@code "on 1/2 tab"},
     * {@code "May 5 patients"}).
     */
    private static final Set<String> QUANTITY_WORDS = Set.of("mg", "mcg", "g", "kg", "ml", "l", "mm", "cm", "in",
        "units", "unit", "u", "iu", "times", "x", "tab", "tabs", "tablet", "tablets", "cap", "caps", "capsule",
        "capsules", "pill", "pills", "dose", "doses", "puff", "puffs", "drops", "day", "days", "week", "weeks",
        "month", "months", "year", "years", "yr", "yrs", "hour", "hours", "hr", "hrs", "minute", "minutes", "min",
        "mins", "percent", "mmhg", "lb", "lbs", "pounds", "oz", "patients", "people", "persons", "cases", "scale",
        "strength", "murmur", "pain", "score", "ratio", "dilution", "of", "out", "grade", "beats", "bpm",
        "breaths", "degrees", "meq", "mmol", "mol", "ng", "pg", "dl", "ul", "cells", "copies", "servings",
        "glasses", "cups", "cup", "steps", "floors", "miles", "blocks", "points");

    private static final Map<String, Integer> ORDINAL_WORDS = new HashMap<>();
    private static final Map<String, Integer> UNIT_ORDINALS = new HashMap<>();
    private static final Map<String, Integer> UNITS = new HashMap<>();
    private static final Map<String, Integer> TEENS = new HashMap<>();
    private static final Map<String, Integer> TENS = new HashMap<>();

    static {
        for (int m = 0; m < 12; m++) {
            int c = MONTHS[m].charAt(0) - 'a';
            int[] old = MONTHS_BY_INITIAL[c];
            int[] now = old == null ? new int[1] : java.util.Arrays.copyOf(old, old.length + 1);
            now[now.length - 1] = m;
            MONTHS_BY_INITIAL[c] = now;
        }
        for (String d : WEEKDAYS) {
            int c = d.charAt(0) - 'a';
            String[] old = WEEKDAYS_BY_INITIAL[c];
            String[] now = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            now[now.length - 1] = d;
            WEEKDAYS_BY_INITIAL[c] = now;
        }
        String[] unitOrd = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"};
        for (int k = 0; k < unitOrd.length; k++) {
            UNIT_ORDINALS.put(unitOrd[k], k + 1);
            ORDINAL_WORDS.put(unitOrd[k], k + 1);
        }
        String[] teenOrd = {"tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth"};
        for (int k = 0; k < teenOrd.length; k++) {
            ORDINAL_WORDS.put(teenOrd[k], k + 10);
        }
        ORDINAL_WORDS.put("twentieth", 20);
        ORDINAL_WORDS.put("thirtieth", 30);
        String[] units = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        for (int k = 0; k < units.length; k++) {
            UNITS.put(units[k], k + 1);
        }
        String[] teens = {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen"};
        for (int k = 0; k < teens.length; k++) {
            TEENS.put(teens[k], k + 10);
        }
        String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int k = 0; k < tens.length; k++) {
            TENS.put(tens[k], (k + 2) * 10);
        }
    }

    /**
     * Whether a date may start at a token of this kind: not at punctuation, whatever surrounds it (an attempt there
     * reads nothing else). {@link EditedDates} relies on it, and on the scan reading no token flag but a token's own
     * case flags and, through {@code joined}, whether a space precedes it.
     */
    static boolean canStart(byte kind) {
        return kind != Tokens.PUNCT;
    }

    /** Creates the detector; it holds no state. */
    DateDetector() {
    }

    @Override
    public String name() {
        return "date";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.DATE);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        new Scan(t, null).run(out, name(), null, null);
    }

    /** As {@link #detect(Tokens, List)}, recording into {@code trace} what each attempt read and found. */
    void detect(Tokens t, List<PhiSpan> out, Trace trace) {
        new Scan(t, trace).run(out, name(), null, null);
    }

    /**
     * As {@link #detect(Tokens, List)} over {@code edited}, tokens of an edited copy of the text {@code before}
     * traced, built by {@link Tokens#edited}: the outcome of each attempt that reads only tokens copied unchanged is
     * taken from the trace. Finds exactly what a scan of its own finds.
     */
    void detectEdited(Tokens edited, List<PhiSpan> out, Trace before) {
        new Scan(edited, null).run(out, name(), before, edited.source());
    }

    /**
     * What one scan did at each token: not tried (inside a finding), failed or found a date, the range of tokens
     * the attempt read (below 0 or at the end: it read where the text starts or ends), and whether it read where
     * the previous finding ended. An attempt that reads the same tokens has the same outcome.
     */
    static final class Trace {
        static final byte FAILED = 1;
        static final byte MATCHED = 2;
        /** Read where the previous finding ended, or read too far from its token to be recorded: never reused. */
        static final byte CONTEXTUAL = 3;

        /**
         * Per token: status (with {@link #CROSSED}), then how far back and ahead the attempt read and where its
         * finding ended, a byte each.
         */
        private final int[] attempts;
        /** Per token, the confidence of the finding made there; made at the first finding. */
        private double[] conf;
        /** The first and the last token where an attempt was {@link #CONTEXTUAL}, or -1. */
        private int firstContextual = -1;
        private int lastContextual = -1;
        final int size;

        /** Flag on a token's status: some attempt (of any token) read both it and the token before it. */
        private static final int CROSSED = 0x80;

        Trace(int size) {
            this.size = size;
            attempts = new int[size];
        }

        void record(int i, boolean found, int from, int to, boolean readLastEnd, int end, double confidence) {
            int back = i - from;
            int ahead = to - i;
            int last = found ? end - i : 0;
            int crossed = attempts[i] & CROSSED;    // (set by attempts made before this one)
            if (readLastEnd || back > 255 || ahead > 255 || last > 255) {
                attempts[i] = CONTEXTUAL | crossed;
                if (firstContextual < 0) {
                    firstContextual = i;
                }
                lastContextual = i;
                return;
            }
            attempts[i] = (found ? MATCHED : FAILED) | crossed | back << 8 | ahead << 16 | last << 24;
            for (int k = Math.max(from, 0) + 1, e = Math.min(to, size - 1); k <= e; k++) {
                attempts[k] |= CROSSED;
            }
            if (found) {
                if (conf == null) {
                    conf = new double[size];
                }
                conf[i] = confidence;
            }
        }

        /**
         * Whether every attempt made in {@code [from, to)} failed, none of them {@link #CONTEXTUAL}: then an attempt
         * there keeps its outcome unless it read a token whose {@link #crossed} flag is set.
         */
        boolean failedIn(int from, int to) {
            return conf == null && (lastContextual < from || firstContextual >= to);
        }

        /**
         * Whether some attempt read both token {@code k} and token {@code k - 1} (with that, whether a space comes
         * before token {@code k}), of any attempt recorded as {@link #FAILED} or {@link #MATCHED}.
         */
        boolean crossed(int k) {
            return (attempts[k] & CROSSED) != 0;
        }

        /** What the attempt at token {@code i} did: 0 (none made), {@link #FAILED}, {@link #MATCHED} or {@link #CONTEXTUAL}. */
        byte status(int i) {
            return (byte) (attempts[i] & 0x7F);
        }

        /** The first token the attempt read (below 0: it read where the text starts). */
        int lo(int i) {
            return i - (attempts[i] >>> 8 & 0xFF);
        }

        /** The last token the attempt read (at the size or beyond: it read where the text ends). */
        int hi(int i) {
            return i + (attempts[i] >>> 16 & 0xFF);
        }

        /** The last token of the finding made there. */
        int last(int i) {
            return i + (attempts[i] >>> 24);
        }

        /** The confidence of the finding made there. */
        double conf(int i) {
            return conf[i];
        }

        /**
         * Whether the attempt at token {@code b} of the traced text can stand for the one at token {@code j} of the
         * edited text: it was made, without reading the previous end, and every token it read is token
         * {@code k + (j - b)} of the edited text copied from token {@code k} (where it read the start or the end of
         * the text, the edited text starts or ends there too).
         *
         * @return {@code b}, or -1
         */
        int reusable(int b, int j, int[] source, int editedSize) {
            byte st = status(b);
            if (st != FAILED && st != MATCHED) {
                return -1;
            }
            int d = j - b;
            int from = lo(b);
            int to = hi(b);
            if (from < 0 && d != 0) {
                return -1;
            }
            if (to >= size && editedSize - size != d) {
                return -1;
            }
            for (int k = Math.max(from, 0), e = Math.min(to, size - 1); k <= e; k++) {
                int x = k + d;
                if (x < 0 || x >= editedSize || source[x] != k) {
                    return -1;
                }
            }
            return b;
        }
    }

    /** One pass over one text; holds the parse registers, so it is confined to the calling thread. */
    private static final class Scan {
        private final Tokens t;
        private final String s;
        private final int n;

        // result of a successful match: last token (inclusive) and confidence
        private int end;
        // last token of the previous finding, or -1
        private int lastEnd = -1;
        private double conf;
        // result of monthAt
        private boolean monthAbbreviated;
        // result of dayAt
        private int dayValue;
        private int dayEnd;
        private int dayKind;   // DAY_CARDINAL, DAY_ORDINAL, DAY_SPELLED
        // result of yearAt
        private int yearValue;
        private int yearEnd;
        // result of spelled number parsing
        private int spelledEnd;

        private static final int DAY_CARDINAL = 0;
        private static final int DAY_ORDINAL = 1;
        private static final int DAY_SPELLED = 2;

        // the trace being recorded (or null), and the current attempt's reach: tokens lo..hi, the previous end
        private final Trace trace;
        private int lo;
        private int hi;
        private boolean readLastEnd;

        Scan(Tokens t, Trace trace) {
            this.t = t;
            this.s = t.text;
            this.n = t.size();
            this.trace = trace;
        }

        /**
         * Scans the tokens left to right, trying a date at each token not inside the previous finding. Given the
         * trace of a text these tokens are an edited copy of ({@code before}, with {@code source}; else both null),
         * an attempt that would read only tokens copied unchanged from that text, in the same order, and not where
         * the previous finding ended, takes its outcome from the trace instead of being made again.
         */
        void run(List<PhiSpan> out, String detector, Trace before, int[] source) {
            int i = 0;
            while (i < n) {
                int b = before != null && source[i] >= 0 ? before.reusable(source[i], i, source, n) : -1;
                boolean found;
                if (b >= 0) {
                    found = before.status(b) == Trace.MATCHED;
                    if (found) {
                        end = before.last(b) + (i - b);
                        conf = before.conf(b);
                    }
                } else {
                    if (trace != null) {
                        lo = i;
                        hi = i;
                        readLastEnd = false;
                    }
                    found = matchAt(i);
                    if (trace != null) {
                        trace.record(i, found, lo, hi, readLastEnd, end, conf);
                    }
                }
                if (found) {
                    out.add(new PhiSpan(t.start(i), t.end(end), PhiType.DATE, conf, detector));
                    lastEnd = end;
                    i = end + 1;
                } else {
                    i++;
                }
            }
        }

        // ---------------------------------------------------------------- token access, traced

        /** Records that the current attempt depends on token {@code k} (or, out of range, on where the text ends). */
        private void see(int k) {
            if (trace != null) {
                if (k < lo) {
                    lo = k;
                }
                if (k > hi) {
                    hi = k;
                }
            }
        }

        private boolean exists(int k) {
            see(k);
            return k >= 0 && k < n;
        }

        private boolean lastEndIs(int q) {
            readLastEnd = true;
            return q == lastEnd;
        }

        private byte kind(int k) {
            see(k);
            return t.kind(k);
        }

        private int length(int k) {
            see(k);
            return t.length(k);
        }

        private boolean joined(int k) {
            // whether a space precedes token k + 1 is read only once token k was (EditedDates relies on it)
            assert trace == null || k >= lo : "joined(" + k + ") before token " + k + " was read";
            see(k + 1);
            return t.joined(k);
        }

        private boolean isNumber(int k) {
            see(k);
            return t.isNumber(k);
        }

        private boolean isWord(int k) {
            see(k);
            return t.isWord(k);
        }

        private boolean isPunct(int k, char c) {
            see(k);
            return t.isPunct(k, c);
        }

        private String lower(int k) {
            see(k);
            return t.lower(k);
        }

        private int startOf(int k) {
            see(k);
            return t.start(k);
        }

        private int endOf(int k) {
            see(k);
            return t.end(k);
        }

        private char first(int k) {
            see(k);
            return t.first(k);
        }

        private boolean has(int k, int flag) {
            assert (flag & ~(Tokens.LOWER | Tokens.ALL_CAPS)) == 0 : "EditedDates compares no other flag";
            see(k);
            return t.has(k, flag);
        }

        private boolean matchAt(int i) {
            byte k = kind(i);
            if (!canStart(k)) {
                return false;
            }
            if (k == Tokens.NUMBER) {
                return numeric(i) || dayFirst(i);
            }
            if (k == Tokens.ALNUM) {
                return dayFirst(i);
            }
            if (k == Tokens.WORD) {
                return monthFirst(i) || weekdayFirst(i) || dayFirst(i);
            }
            return false;
        }

        // ---------------------------------------------------------------- numeric forms

        /** {@code m/d/y}, {@code y-m-d}, {@code d.m.y}, partial {@code m/yyyy}, {@code m/d} with context. */
        private boolean numeric(int i) {
            int len1 = length(i);
            if (len1 == 3 || len1 > 4 || !leftClear(i)) {
                return false;
            }
            int a = num(i);
            int s1 = i + 1;
            char sep = separator(s1);
            if (sep == 0) {
                return false;
            }
            boolean tight = joined(i) && joined(s1);
            boolean spaced = !joined(i) && !joined(s1);
            if (!tight && !spaced) {
                return false;
            }
            int j = s1 + 1;
            if (!isNumber(j) || length(j) > 4) {
                return false;
            }
            int len2 = length(j);
            int b = num(j);
            int s2 = j + 1;
            boolean third = separator(s2) == sep && (tight ? joined(j) && joined(s2)
                    : !joined(j) && !joined(s2)) && exists(s2 + 1);
            if (third) {
                int k = s2 + 1;
                if (len1 == 4) {
                    return isoDate(a, b, len2, k);
                }
                if (len2 <= 2 && isNumber(k) && (length(k) == 2 || length(k) == 4) && rightClear(k)) {
                    int len3 = length(k);
                    int c = num(k);
                    if (len3 == 4 && !yearInRange(c)) {
                        return false;
                    }
                    if (spaced && (len3 != 4 || sep == '.')) {
                        return false;   // "2 - 3 - 10" is a list of values, not a date
                    }
                    if (len3 == 2 && quantityAfter(k + 1)) {
                        return false;
                    }
                    int year = len3 == 4 ? c : 2000 + c;
                    if (!validDay(a, b, year) && !validDay(b, a, year)) {
                        return false;
                    }
                    double cf;
                    if (len3 == 4) {
                        cf = NUMERIC;
                    } else if (hasContext(i)) {
                        cf = CONTEXT;
                    } else {
                        cf = sep == '.' ? 0 : NUMERIC_SHORT_YEAR;   // "1.2.23" looks like a version
                    }
                    if (cf == 0) {
                        return false;
                    }
                    end = timeTail(k);
                    conf = cf;
                    return true;
                }
                // a third group that is no year: fall through to the two-group forms only if it is not numeric
                if (isNumber(k) || kind(k) == Tokens.ALNUM) {
                    return false;
                }
            }
            if (!tight || sep == '.' || !rightClear(j) || quantityAfter(j + 1)) {
                return false;
            }
            if (len1 <= 2 && len2 == 4 && a >= 1 && a <= 12 && yearInRange(b)) {
                // 03/2021: month and year (a date element), common in clinical notes
                end = j;
                conf = hasContext(i) ? CONTEXT : PARTIAL;
                return true;
            }
            if (len1 == 4 && len2 == 2 && yearInRange(a) && b >= 1 && b <= 12 && hasContext(i)) {
                end = j;      // 2021-03
                conf = CONTEXT;
                return true;
            }
            if (sep == '/' && len1 <= 2 && len2 <= 2 && a >= 1 && a <= 12
                    && (validDay(a, b, 2000) || len2 == 2) && hasContext(i)) {
                end = j;      // "seen on 4/10", "dob 5/61": ambiguous shapes, only with a context word
                conf = CONTEXT;
                return true;
            }
            return false;
        }

        /** {@code yyyy-mm-dd} (token {@code k} is the day, or an ISO {@code ddThh} run). */
        private boolean isoDate(int year, int month, int len2, int k) {
            if (!yearInRange(year) || len2 > 2 || month < 1 || month > 12) {
                return false;
            }
            if (isNumber(k) && length(k) <= 2) {
                if (!validDay(month, num(k), year) || !rightClear(k)) {
                    return false;
                }
                end = timeTail(k);
                conf = NUMERIC;
                return true;
            }
            if (kind(k) == Tokens.ALNUM) {
                // 2020-06-20T14:11:22Z: the tokenizer keeps "20T14" in one run
                int st = startOf(k);
                int e = endOf(k);
                int p = st;
                int day = 0;
                while (p < e && p - st < 2 && isDigit(s.charAt(p))) {
                    day = day * 10 + s.charAt(p) - '0';
                    p++;
                }
                if (p == st || p >= e || (s.charAt(p) != 'T' && s.charAt(p) != 't') || !validDay(month, day, year)) {
                    return false;
                }
                int hour = 0;
                int q = p + 1;
                while (q < e && q - p <= 2 && isDigit(s.charAt(q))) {
                    hour = hour * 10 + s.charAt(q) - '0';
                    q++;
                }
                if (q != e || q == p + 1 || hour > 24) {
                    return false;
                }
                int m = minutesAfter(k);
                end = m >= 0 ? zone(m) : k;
                conf = NUMERIC;
                return true;
            }
            return false;
        }

        // ---------------------------------------------------------------- month-name forms

        /** {@code May 5}, {@code May 5th, 2023}, {@code Jan. 9th '23}, {@code May of 2023}, {@code May 2023}. */
        private boolean monthFirst(int i) {
            int m = monthAt(i);
            if (m == 0) {
                return false;
            }
            boolean ambiguous = ambiguousLower(i);
            int e = i;
            if (monthAbbreviated && joined(i) && isPunct(i + 1, '.')) {
                e = i + 1;
            }
            int k = e + 1;
            if (isPunct(k, '-') && joined(e) && joined(k)) {
                k++;    // Feb-17-2023
            }
            if (dayAt(k)) {
                int day = dayValue;
                int de = dayEnd;
                int kind = dayKind;
                if (kind != DAY_SPELLED && joined(de) && (isPunct(de + 1, '-') || isPunct(de + 1, '\u2013'))
                        && joined(de + 1) && dayAt(de + 2) && dayKind != DAY_SPELLED && dayValue > day) {
                    de = dayEnd;   // a range of days: "May 5-7, 2023"
                }
                int p = de + 1;
                if (isPunct(p, ',') || (isPunct(p, '-') && joined(de) && joined(p))) {
                    p++;
                }
                if (yearAt(p) && validDay(m, day, yearValue)) {
                    end = timeTail(yearEnd);
                    conf = FULL;
                    return true;
                }
                if (validDay(m, day, 2000) && (kind != DAY_CARDINAL || rightClear(de) || isPunct(de + 1, '-'))) {
                    // "you may first...", "march 5 miles": a lower-case modal or verb needs a numeric ordinal
                    boolean ok = !ambiguous || kind == DAY_ORDINAL
                            || (kind == DAY_SPELLED && day > 2);
                    if (ok && kind == DAY_CARDINAL && quantityAfter(de + 1)) {
                        ok = false;
                    }
                    if (ok) {
                        end = timeTail(de);
                        conf = MONTH_DAY;
                        return true;
                    }
                }
            }
            int p = e + 1;
            if (isPunct(p, ',')) {
                p++;
            } else if (eq(p, "of")) {
                p++;
            } else if ((isPunct(p, '-') || isPunct(p, '/')) && joined(e) && joined(p) && isNumber(p + 1)) {
                p++;      // Jan-2023, Feb/2023
            }
            if (yearAt(p) && !quantityAfter(yearEnd + 1)) {
                end = yearEnd;
                conf = MONTH_YEAR;
                return true;
            }
            return false;
        }

        /** {@code 5 May 2023}, {@code 5th of May}, {@code the fifth of may}, {@code 17-Feb-2023}. */
        private boolean dayFirst(int i) {
            if (kind(i) == Tokens.WORD && !(spelledOrdinalShape(i) && ofMonthWithin(i))) {
                return false;   // a spelled day comes before "of" and a month ("the fifth of May"); skip other words
            }
            if (!dayAt(i)) {
                return false;
            }
            int day = dayValue;
            int de = dayEnd;
            int kind = dayKind;
            if (kind == DAY_CARDINAL && !leftClear(i)) {
                return false;
            }
            int k = de + 1;
            char sep = 0;
            boolean of = false;
            if (kind == DAY_CARDINAL && joined(de) && joined(k) && (separator(k) != 0)) {
                sep = first(k);
                k++;
            } else if (eq(k, "of")) {
                of = true;
                k++;
            }
            int m = monthAt(k);
            if (m == 0) {
                return false;
            }
            int me = k;
            if (sep != 0) {
                // 17-Feb-2023, 17/Feb/23: the same separator on both sides, a two- or four-digit year
                int y = me + 2;
                if (!(joined(me) && first(me + 1) == sep && kind(me + 1) == Tokens.PUNCT && joined(me + 1)
                        && isNumber(y) && rightClear(y))) {
                    return false;
                }
                int len = length(y);
                int year = len == 4 ? num(y) : len == 2 ? 2000 + num(y) : -1;
                if (year < 0 || (len == 4 && !yearInRange(year)) || !validDay(m, day, year)) {
                    return false;
                }
                end = timeTail(y);
                conf = FULL;
                return true;
            }
            boolean ambiguous = ambiguousLower(me);
            if (monthAbbreviated && joined(me) && isPunct(me + 1, '.')) {
                me++;
            }
            int p = me + 1;
            if (isPunct(p, ',')) {
                p++;
            }
            if (yearAt(p) && validDay(m, day, yearValue)) {
                end = timeTail(yearEnd);
                conf = FULL;
                return true;
            }
            if (!validDay(m, day, 2000)) {
                return false;
            }
            boolean ok;
            if (kind == DAY_CARDINAL) {
                // "5 May": only with a capitalized (or all-caps) month name, never "take 2 may..."
                ok = !ambiguous && !has(k, Tokens.LOWER);
            } else if (kind == DAY_SPELLED) {
                ok = of;     // "the fifth of may"; "second March" is not a date
            } else {
                ok = true;   // 5th May, 5th of May
            }
            if (!ok) {
                return false;
            }
            end = timeTail(me);
            conf = MONTH_DAY;
            return true;
        }

        /** Cheap pre-check: ends like an ordinal ("-st", "-nd", "-rd", "-th") or is a tens word (twenty, thirty). */
        private boolean spelledOrdinalShape(int i) {
            int len = length(i);
            if (len < 5 || len > 11) {
                return false;
            }
            int e = endOf(i);
            char a = Character.toLowerCase(s.charAt(e - 2));
            char b = Character.toLowerCase(s.charAt(e - 1));
            return a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h'
                    || a == 't' && b == 'y';
        }

        /** Whether "of" and a month name follow token i within 3 tokens ("fifth of", "twenty-first of"). */
        private boolean ofMonthWithin(int i) {
            for (int k = i + 1; k <= i + 3; k++) {
                if (eq(k, "of")) {
                    return monthAt(k + 1) != 0;
                }
            }
            return false;
        }

        /** {@code Monday, May 5}, {@code Mon 05/05/2023}: a weekday is only reported with the date it names. */
        private boolean weekdayFirst(int i) {
            if (!weekdayAt(i)) {
                return false;
            }
            int k = i + 1;
            if (joined(i) && isPunct(k, '.')) {
                k++;
            }
            if (isPunct(k, ',')) {
                k++;
            }
            if (eq(k, "the")) {
                k++;
            }
            if (!exists(k)) {
                return false;
            }
            byte kind = kind(k);
            if (kind == Tokens.NUMBER) {
                return numeric(k) || dayFirst(k);
            }
            if (kind == Tokens.ALNUM) {
                return dayFirst(k);
            }
            return kind == Tokens.WORD && (monthFirst(k) || dayFirst(k));
        }

        // ---------------------------------------------------------------- parts

        /** A day of month at token k: 5, 05, 5th, fifth, twenty-first. Sets dayValue, dayEnd, dayKind. */
        private boolean dayAt(int k) {
            if (!exists(k)) {
                return false;
            }
            byte kind = kind(k);
            if (kind == Tokens.NUMBER) {
                if (length(k) > 2) {
                    return false;
                }
                int v = num(k);
                if (v < 1 || v > 31) {
                    return false;
                }
                dayValue = v;
                dayEnd = k;
                dayKind = DAY_CARDINAL;
                return true;
            }
            if (kind == Tokens.ALNUM) {
                int st = startOf(k);
                int len = length(k);
                if (len < 3 || len > 4) {
                    return false;
                }
                int digits = isDigit(s.charAt(st + 1)) ? 2 : 1;
                if (!isDigit(s.charAt(st)) || len - digits != 2) {
                    return false;
                }
                int v = digits == 2 ? (s.charAt(st) - '0') * 10 + s.charAt(st + 1) - '0' : s.charAt(st) - '0';
                int sx = st + digits;
                if (v < 1 || v > 31 || !(s.regionMatches(true, sx, "st", 0, 2) || s.regionMatches(true, sx, "nd", 0, 2)
                        || s.regionMatches(true, sx, "rd", 0, 2) || s.regionMatches(true, sx, "th", 0, 2))) {
                    return false;
                }
                dayValue = v;
                dayEnd = k;
                dayKind = DAY_ORDINAL;
                return true;
            }
            if (kind == Tokens.WORD && length(k) >= 5 && length(k) <= 11) {
                String w = lower(k);
                Integer v = ORDINAL_WORDS.get(w);
                if (v != null) {
                    dayValue = v;
                    dayEnd = k;
                    dayKind = DAY_SPELLED;
                    return true;
                }
                if (w.equals("twenty") || w.equals("thirty")) {
                    int q = k + 1;
                    if (isPunct(q, '-') && joined(k) && joined(q)) {
                        q++;
                    }
                    if (isWord(q)) {
                        Integer u = UNIT_ORDINALS.get(lower(q));
                        int total = u == null ? 0 : (w.equals("twenty") ? 20 : 30) + u;
                        if (u != null && total <= 31) {
                            dayValue = total;
                            dayEnd = q;
                            dayKind = DAY_SPELLED;
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /** A year at token k: 2023, '23, nineteen sixty-one, two thousand five. Sets yearValue, yearEnd. */
        private boolean yearAt(int k) {
            if (!exists(k)) {
                return false;
            }
            byte kind = kind(k);
            if (kind == Tokens.NUMBER) {
                if (length(k) == 4 && yearInRange(num(k)) && rightClear(k)) {
                    yearValue = num(k);
                    yearEnd = k;
                    return true;
                }
                return false;
            }
            if (kind == Tokens.PUNCT) {
                char c = first(k);
                if ((c == '\'' || c == '\u2019') && joined(k) && isNumber(k + 1) && length(k + 1) == 2
                        && rightClear(k + 1)) {
                    yearValue = 2000 + num(k + 1);
                    yearEnd = k + 1;
                    return true;
                }
                return false;
            }
            if (kind == Tokens.WORD) {
                int y = spelledYear(k);
                if (y >= 0) {
                    yearValue = y;
                    yearEnd = spelledEnd;
                    return true;
                }
            }
            return false;
        }

        /** nineteen sixty-one, nineteen oh five, eighteen hundred, twenty twenty-one, two thousand and five. */
        private int spelledYear(int k) {
            int len = length(k);
            if (len < 3 || len > 8) {
                return -1;
            }
            String w = lower(k);
            int century;
            switch (w) {
                case "eighteen":
                    century = 18;
                    break;
                case "nineteen":
                    century = 19;
                    break;
                case "twenty":
                    century = 20;
                    break;
                case "two":
                    if (eq(k + 1, "thousand")) {
                        int q = k + 2;
                        spelledEnd = k + 1;
                        if (eq(q, "and")) {
                            q++;
                        }
                        int v = spelledBelow100(q);
                        if (v > 0) {
                            return 2000 + v;
                        }
                        return 2000;
                    }
                    return -1;
                default:
                    return -1;
            }
            int q = k + 1;
            if (!isWord(q)) {
                return -1;
            }
            String x = lower(q);
            if (x.equals("hundred") && century < 20) {
                spelledEnd = q;
                return century * 100;
            }
            if ((x.equals("oh") || x.equals("o")) && isWord(q + 1)) {
                Integer u = UNITS.get(lower(q + 1));
                if (u != null) {
                    spelledEnd = q + 1;
                    return century * 100 + u;
                }
                return -1;
            }
            int v = spelledBelow100(q);
            return v >= 10 ? century * 100 + v : -1;
        }

        /** 1–99 spelled (five, fifteen, sixty-one, sixty one) at token q; sets spelledEnd. */
        private int spelledBelow100(int q) {
            if (!isWord(q) || length(q) > 9) {
                return -1;
            }
            String x = lower(q);
            Integer v = UNITS.get(x);
            if (v == null) {
                v = TEENS.get(x);
            }
            if (v != null) {
                spelledEnd = q;
                return v;
            }
            Integer tens = TENS.get(x);
            if (tens == null) {
                return -1;
            }
            spelledEnd = q;
            int r = q + 1;
            if (isPunct(r, '-') && joined(q) && joined(r)) {
                r++;
            }
            if (isWord(r) && length(r) <= 5) {
                Integer u = UNITS.get(lower(r));
                if (u != null) {
                    spelledEnd = r;
                    return tens + u;
                }
            }
            return tens;
        }

        /** A month name or abbreviation at token k (any case), or 0. Sets monthAbbreviated. */
        private int monthAt(int k) {
            if (!isWord(k)) {
                return 0;
            }
            int len = length(k);
            if (len < 3 || len > 9) {
                return 0;
            }
            int st = startOf(k);
            // the candidates by first letter, so that a common word costs one switch
            int[] candidates = MONTHS_BY_INITIAL[initial(st)];
            if (candidates == null) {
                return 0;
            }
            for (int m : candidates) {
                String name = MONTHS[m];
                if (len == name.length() && s.regionMatches(true, st, name, 0, len)) {
                    monthAbbreviated = false;
                    return m + 1;
                }
                if ((len == 3 || (len == 4 && m == 8)) && s.regionMatches(true, st, name, 0, len)) {
                    monthAbbreviated = true;   // Jan, Sept
                    return m + 1;
                }
            }
            return 0;
        }

        private boolean weekdayAt(int k) {
            int len = length(k);
            if (len < 3 || len > 9) {
                return false;
            }
            int st = startOf(k);
            String[] candidates = WEEKDAYS_BY_INITIAL[initial(st)];
            if (candidates == null) {
                return false;
            }
            for (String d : candidates) {
                if (d.length() == len && s.regionMatches(true, st, d, 0, len)) {
                    return true;
                }
            }
            return false;
        }

        /** Index 0..25 of the lower-cased ASCII letter at st, or 26. */
        private int initial(int st) {
            char c = s.charAt(st);
            c = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            return c >= 'a' && c <= 'z' ? c - 'a' : 26;
        }

        /** A lower-case month word that is also a common English word ("may", "march", "mar"). */
        private boolean ambiguousLower(int k) {
            return has(k, Tokens.LOWER) && (eq(k, "may") || eq(k, "march") || eq(k, "mar"));
        }

        // ---------------------------------------------------------------- time of day

        /** Extends a date ending at token e over an attached time: ", at 3:45 pm", " 14:00", " @ 9am". */
        private int timeTail(int e) {
            int k = e + 1;
            if (isPunct(k, ',')) {
                k++;
            }
            if (eq(k, "at") || isPunct(k, '@')) {
                k++;
            }
            int te = timeAt(k);
            return te >= 0 ? te : e;
        }

        private int timeAt(int k) {
            if (!exists(k)) {
                return -1;
            }
            byte kind = kind(k);
            if (kind == Tokens.NUMBER && length(k) <= 2) {
                int h = num(k);
                if (h > 24) {
                    return -1;
                }
                int m = minutesAfter(k);
                if (m >= 0) {
                    int ap = ampm(m + 1);
                    return zone(ap >= 0 ? ap : m);
                }
                int ap = ampm(k + 1);
                return ap >= 0 && h >= 1 && h <= 12 ? zone(ap) : -1;
            }
            if (kind == Tokens.ALNUM) {
                // 3pm, 11am, 9a
                int st = startOf(k);
                int len = length(k);
                int p = st;
                while (p < st + len && p - st < 2 && isDigit(s.charAt(p))) {
                    p++;
                }
                int rest = st + len - p;
                if (p > st && (rest == 2 && (s.regionMatches(true, p, "am", 0, 2) || s.regionMatches(true, p, "pm", 0, 2))
                        || rest == 1 && (Character.toLowerCase(s.charAt(p)) == 'a'
                        || Character.toLowerCase(s.charAt(p)) == 'p'))) {
                    return zone(k);
                }
            }
            return -1;
        }

        /** After an hour at token h: ":mm[:ss[.fff]][Z|±hh[:mm]]" glued to it; returns the last token or -1. */
        private int minutesAfter(int h) {
            if (joined(h) && isPunct(h + 1, ':') && joined(h + 1) && exists(h + 2) && kind(h + 2) == Tokens.ALNUM
                    && length(h + 2) == 4 && isDigit(s.charAt(startOf(h + 2))) && isDigit(s.charAt(startOf(h + 2) + 1))
                    && (s.regionMatches(true, startOf(h + 2) + 2, "am", 0, 2)
                    || s.regionMatches(true, startOf(h + 2) + 2, "pm", 0, 2))) {
                return zone(h + 2);   // 11:59PM
            }
            if (!(joined(h) && isPunct(h + 1, ':') && joined(h + 1) && isNumber(h + 2) && length(h + 2) == 2
                    && num(h + 2) <= 59)) {
                return -1;
            }
            int e = h + 2;
            if (joined(e) && isPunct(e + 1, ':') && joined(e + 1) && digitsThenZ(e + 2, 2)) {
                e += 2;
                if (isNumber(e) && joined(e) && isPunct(e + 1, '.') && joined(e + 1)
                        && digitsThenZ(e + 2, 9)) {
                    e += 2;   // fractional seconds
                }
            }
            if (joined(e) && (isPunct(e + 1, '+') || isPunct(e + 1, '-')) && joined(e + 1)
                    && isNumber(e + 2) && (length(e + 2) == 2 || length(e + 2) == 4)) {
                e += 2;   // UTC offset
                if (length(e) == 2 && joined(e) && isPunct(e + 1, ':') && joined(e + 1) && isNumber(e + 2)
                        && length(e + 2) == 2) {
                    e += 2;
                }
            }
            return e;
        }

        /** A NUMBER of 1..max digits, or an ALNUM of such digits followed by 'Z' (seconds of "14:11:22Z"). */
        private boolean digitsThenZ(int k, int max) {
            if (!exists(k)) {
                return false;
            }
            if (kind(k) == Tokens.NUMBER) {
                return length(k) <= max;
            }
            if (kind(k) != Tokens.ALNUM) {
                return false;
            }
            int st = startOf(k);
            int last = endOf(k) - 1;
            char z = s.charAt(last);
            if ((z != 'Z' && z != 'z') || last == st || last - st > max) {
                return false;
            }
            for (int p = st; p < last; p++) {
                if (!isDigit(s.charAt(p))) {
                    return false;
                }
            }
            return true;
        }

        /** am / pm / a.m. / p.m. at token k; returns its last token or -1. */
        private int ampm(int k) {
            if (!isWord(k)) {
                return -1;
            }
            if (eq(k, "am") || eq(k, "pm")) {
                return k;
            }
            if ((eq(k, "a") || eq(k, "p")) && joined(k) && isPunct(k + 1, '.') && joined(k + 1)
                    && eq(k + 2, "m")) {
                return joined(k + 2) && isPunct(k + 3, '.') ? k + 3 : k + 2;
            }
            return -1;
        }

        /** Extends over a following time-zone abbreviation. */
        private int zone(int e) {
            int k = e + 1;
            if (exists(k) && kind(k) == Tokens.WORD && length(k) == 3 && has(k, Tokens.ALL_CAPS)) {
                for (String z : TIME_ZONES) {
                    if (s.regionMatches(startOf(k), z, 0, 3)) {
                        return k;
                    }
                }
            }
            return e;
        }

        // ---------------------------------------------------------------- helpers

        /** Whether a date context word occurs just before token i ("on" right before, others within 4 words). */
        private boolean hasContext(int i) {
            int words = 0;
            for (int k = i - 1; k >= i - 8 && words < 4; k--) {
                if (!exists(k)) {
                    break;  // where the text starts: recorded, since in a longer text a context word may stand here
                }
                byte kind = kind(k);
                if (kind == Tokens.PUNCT) {
                    continue;
                }
                if (kind != Tokens.WORD || length(k) > 12) {
                    words++;
                    continue;
                }
                String w = lower(k);
                if (words == 0 && w.equals("on")) {
                    return true;
                }
                if (CONTEXT_WORDS.contains(w)) {
                    return true;
                }
                words++;
            }
            return false;
        }

        /** Whether token k names a quantity or unit, so the number before it is no day. */
        private boolean quantityAfter(int k) {
            if (!exists(k)) {
                return false;
            }
            byte kind = kind(k);
            if (kind == Tokens.PUNCT) {
                char c = first(k);
                return c == '%' || c == '\u00B0';
            }
            return kind == Tokens.WORD && length(k) <= 9 && QUANTITY_WORDS.contains(lower(k));
        }

        /** No number glued before token i by a separator ("1.2.3", "555-12-..."). */
        private boolean leftClear(int i) {
            int p = i - 1;
            if (!exists(p) || !joined(p)) {
                return true;
            }
            if (kind(p) != Tokens.PUNCT) {
                return false;
            }
            char c = first(p);
            if (c == '/' || c == '-' || c == '.' || c == ':' || c == ',' || c == '+' || c == '$' || c == '#') {
                int q = p - 1;
                if (c == '$' || c == '#') {
                    return false;
                }
                if (c == '-' && exists(q) && kind(q) == Tokens.NUMBER && length(q) == 4 && lastEndIs(q)) {
                    return true;   // the second date of a range "4/21/2023-4/25/2023"
                }
                return !(exists(q) && joined(q) && (kind(q) == Tokens.NUMBER || kind(q) == Tokens.ALNUM));
            }
            return true;
        }

        /** No number glued after token e by a separator ("1/2/2023/4", "2023-2024"), nor a percent sign. */
        private boolean rightClear(int e) {
            int p = e + 1;
            if (!exists(p) || !joined(e)) {
                return true;
            }
            if (kind(p) != Tokens.PUNCT) {
                return false;
            }
            char c = first(p);
            if (c == '%') {
                return false;
            }
            if (c == '-' && length(e) == 4) {
                return true;   // a range of dates: "4/21/2023-4/25/2023"
            }
            if (c == '/' || c == '-' || c == '.' || c == ':' || c == ',') {
                int q = p + 1;
                return !(exists(q) && joined(p) && (kind(q) == Tokens.NUMBER || kind(q) == Tokens.ALNUM));
            }
            return true;
        }

        private char separator(int k) {
            if (!exists(k) || kind(k) != Tokens.PUNCT) {
                return 0;
            }
            char c = first(k);
            return c == '/' || c == '-' || c == '.' ? c : 0;
        }

        private boolean eq(int k, String word) {
            return exists(k) && length(k) == word.length() && kind(k) == Tokens.WORD
                    && s.regionMatches(true, startOf(k), word, 0, word.length());
        }

        /** Value of a NUMBER token of at most 4 digits, or -1. */
        private int num(int k) {
            int st = startOf(k);
            int len = length(k);
            if (len > 4) {
                return -1;
            }
            int v = 0;
            for (int p = st; p < st + len; p++) {
                v = v * 10 + s.charAt(p) - '0';
            }
            return v;
        }
    }

    static boolean yearInRange(int y) {
        return y >= 1800 && y <= 2199;
    }

    /** Month 1–12 and a day that fits it; February 29 only in leap years. */
    static boolean validDay(int month, int day, int year) {
        if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) {
            return false;
        }
        return month != 2 || day < 29 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
