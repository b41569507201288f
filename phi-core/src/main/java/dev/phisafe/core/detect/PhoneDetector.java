package dev.phisafe.core.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds telephone and fax numbers (45 CFR 164.514(b)(2)(i)(D), (E)).
 *
 * <p>A hand-written scanner reads candidate runs: an optional {@code +} (or a {@code 00} international prefix),
 * up to 8 groups of digits separated by one of {@code space . - /} or parentheses, 7 to 15 digits, at most about
 * 40 chars, and an optional extension ({@code x123}, {@code ext. 123}). Only such a bounded candidate is handed
 * to libphonenumber (never the whole text: its matcher uses {@code java.util.regex}).
 *
 * <p>What is not a phone number: dates ({@code 12/05/2023}, {@code 2023-05-12}), SSN layout
 * ({@code ddd-dd-dddd}), ZIP+4 ({@code 12345-6789}), dotted quads (IP addresses), decimals, ranges
 * ({@code 1000-2000}), amounts after a currency sign, numbers inside longer dotted or dashed runs.
 *
 * <p>Confidence depends on the layout:
 * <ul>
 *   <li>typical layouts — North American {@code 3-3-4} with consistent separators or {@code (3) 3-4},
 *       international {@code +CC …} or {@code 00CC …}, a parenthesized area code {@code (37) 788-063}, national
 *       numbers with a trunk {@code 0} ({@code 0496 46 46 70}), pairs {@code 03.93.92.16.85} — are reported
 *       without context: 0.85 when libphonenumber finds the number valid, 0.7 when it is only possible (test
 *       numbers such as 555-123-4567), 0.6–0.65 for layouts it cannot check without a region;</li>
 *   <li>other groupings ({@code 72 128 827}, 7-digit {@code 450 0840} in 3-4 layout only) and plain digit runs
 *       are reported only with a context word among the four words before (phone, tel, mobile, cell, call,
 *       contact, fax, pager…), a label such as {@code Tel:} or {@code F:}, or a suffix on the same line
 *       ({@code 555 1234 office}); "number" and {@code #} are weaker context.</li>
 * </ul>
 *
 * <p>A number is a {@code FAX_NUMBER} when its nearest context word is "fax", "facsimile" or the label
 * {@code F:}, or it is followed by "fax"; otherwise a {@code PHONE_NUMBER}.
 *
 * <p>Linear time: each candidate start reads at most 8 groups and 40 chars, and a found number is not read again.
 * Immutable and thread-safe.
 */
final class PhoneDetector extends TokenDetector {

    private static final int MAX_GROUPS = 8;
    private static final int MIN_DIGITS = 7;
    private static final int MAX_DIGITS = 15;
    private static final int MAX_CHARS = 40;
    private static final int CONTEXT_WORDS = 4;

    private static final double VALID = 0.85;
    private static final double POSSIBLE = 0.7;
    private static final double SHAPE_ONLY = 0.65;
    private static final double PAIRS4 = 0.6;
    private static final double IMPOSSIBLE_INTL = 0.6;
    private static final double WITH_CONTEXT = 0.75;
    private static final double WEAK_CONTEXT = 0.6;
    private static final double SPACED_POSSIBLE = 0.55;

    private static final int CTX_NONE = 0;
    private static final int CTX_WEAK = 1;
    private static final int CTX_PHONE = 2;
    private static final int CTX_FAX = 3;

    private static final Set<String> PHONE_WORDS = Set.of(
            "phone", "phones", "telephone", "telephones", "tel", "tele", "telefon", "telefono", "téléphone", "ph",
            "phn", "cell", "cellphone", "cellular", "mobile", "mob", "mobil", "call", "calls", "called", "calling",
            "callback", "contact", "contacts", "pager", "beeper", "bleep", "dial", "dialed", "text", "texts",
            "sms", "message", "messages", "whatsapp", "reach", "reached", "landline", "hotline", "helpline",
            "answering", "answer", "ring", "extension", "ext");

    /** Words that label a phone number only as a label: "Office: …", but not "the office is at 17031 2202 …". */
    private static final Set<String> LABEL_WORDS = Set.of("desk", "office", "home", "work", "main", "direct", "day",
            "evening", "night", "business");

    /** Street words: "03262 2437 Main St" is a postal code and a house number. */
    private static final Set<String> STREET_WORDS = Set.of(
            "st", "street", "ave", "avenue", "av", "rd", "road", "blvd", "boulevard", "ln", "lane", "dr", "drive",
            "way", "ct", "court", "pl", "place", "hwy", "highway", "pkwy", "parkway", "sq", "square", "ter",
            "terrace", "cir", "circle", "apt", "suite", "ste", "unit", "floor", "fl", "str", "strasse", "straße",
            "rue", "via", "calle", "box", "po");

    private static final Set<String> FAX_WORDS = Set.of("fax", "faxes", "faxed", "facsimile", "telefax", "telecopier");

    /** Weak context, and only right before the number: "number 4155552671", "No. 0496 46 46 70". */
    private static final Set<String> WEAK_WORDS = Set.of("number", "numbers", "nr", "num");

    /** Words that may stand between a weak context word and the number: "number is …". */
    private static final Set<String> LINK_WORDS = Set.of("is", "was", "at", "to", "on");

    /** Words that make "number" mean an identifier, not a phone: "account number 1234567". */
    private static final Set<String> ID_NOUNS = Set.of(
            "account", "acct", "record", "records", "mrn", "medical", "policy", "member", "id", "case", "claim",
            "reference", "ref", "serial", "license", "licence", "certificate", "plan", "group", "insurance",
            "patient", "chart", "visit", "encounter", "order", "invoice", "tracking", "confirmation", "lot",
            "batch", "model", "part", "room", "bed", "security", "ssn", "passport", "vehicle", "vin", "device",
            "badge", "employee", "student", "routing", "card", "npi", "dea", "tax", "registration", "file");

    /** Labels that follow a number on its line: "555 1234 office", "+44 20 7946 0958 (m)". */
    private static final Set<String> SUFFIX_WORDS = Set.of(
            "office", "fax", "facsimile", "mobile", "cell", "home", "work", "desk", "phone", "tel", "landline",
            "pager", "direct", "main", "telephone");

    /** One-letter labels before a colon: "T: 555 123 4567", "F: …". */
    private static final String LETTER_LABELS = "ptmchwo";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.PHONE_NUMBER, PhiType.FAX_NUMBER);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        String s = t.text;
        Groups g = new Groups();
        int covered = 0;
        final int n = t.size();
        for (int i = 0; i < n; i++) {
            int begin = t.start(i);
            if (begin < covered) {
                continue;
            }
            char c = s.charAt(begin);
            boolean start = t.kind(i) == Tokens.NUMBER
                    || ((c == '+' || c == '(') && t.isNumber(i + 1) && t.joined(i));
            if (!start || !leftBoundaryOk(s, begin)) {
                continue;
            }
            if (!g.scan(s, begin)) {
                if (g.skipTo > begin) {
                    covered = g.skipTo;
                }
                continue;
            }
            // "21 284 698 2548": a start after "digit space" continues a space-grouped run unless a number ended there
            boolean midRun = begin >= 2 && spaceChar(s.charAt(begin - 1)) && begin - 1 != covered
                    && (digit(s.charAt(begin - 2)) || s.charAt(begin - 2) == ')');
            int end = match(t, i, g, midRun, out);
            if (end > 0) {
                covered = end;
            }
        }
    }

    /** The digit groups of one candidate run; reused across candidates of one call. */
    private static final class Groups {
        final int[] gs = new int[MAX_GROUPS];      // first digit
        final int[] ge = new int[MAX_GROUPS];      // after last digit
        final int[] end = new int[MAX_GROUPS];     // after the group, including its ')'
        final char[] sep = new char[MAX_GROUPS];   // separator before the group: - . / ' ' or 0 for none
        final boolean[] space = new boolean[MAX_GROUPS];  // whether the separator before holds a space
        final boolean[] paren = new boolean[MAX_GROUPS];
        int count;
        boolean plus;
        boolean continues;   // the run goes on beyond what was read (limits reached)
        int skipTo;

        /** Reads the groups from {@code begin}; false if there is no usable group. */
        boolean scan(String s, int begin) {
            int len = s.length();
            count = 0;
            continues = false;
            skipTo = 0;
            int p = begin;
            plus = s.charAt(p) == '+';
            if (plus) {
                p++;
            }
            int digits = 0;
            char pendingSep = 0;
            boolean pendingSpace = false;
            while (count < MAX_GROUPS) {
                int q = p;
                boolean par = q < len && s.charAt(q) == '(';
                if (par) {
                    q++;
                }
                if (q >= len || !digit(s.charAt(q))) {
                    break;
                }
                int dStart = q;
                while (q < len && digit(s.charAt(q)) && q - dStart <= MAX_DIGITS) {
                    q++;
                }
                int dl = q - dStart;
                if (dl > MAX_DIGITS) {
                    if (count == 0) {
                        // a run of 16+ digits: no phone number; skip the whole run once (linear time)
                        while (q < len && digit(s.charAt(q))) {
                            q++;
                        }
                        skipTo = q;
                        return false;
                    }
                    continues = true;
                    break;
                }
                if (digits + dl > MAX_DIGITS || q - begin > MAX_CHARS) {
                    continues = true;
                    break;
                }
                int gEnd = q;
                if (par) {
                    if (q < len && s.charAt(q) == ')') {
                        q++;
                    } else {
                        break; // "(555 …" without a closing parenthesis
                    }
                }
                gs[count] = dStart;
                ge[count] = gEnd;
                end[count] = q;
                sep[count] = pendingSep;
                space[count] = pendingSpace;
                paren[count] = par;
                count++;
                digits += dl;
                // separator: [space] [- . /] [space], or nothing after ')' or before '('
                int r = q;
                boolean sp = false;
                char mid = 0;
                if (r < len && spaceChar(s.charAt(r))) {
                    sp = true;
                    r++;
                }
                if (r < len && (s.charAt(r) == '-' || s.charAt(r) == '.' || s.charAt(r) == '/')) {
                    mid = s.charAt(r);
                    r++;
                    if (r < len && spaceChar(s.charAt(r))) {
                        sp = true;
                        r++;
                    }
                }
                if (r == q && !par && !(r < len && s.charAt(r) == '(')) {
                    break; // digits are maximal: nothing follows
                }
                pendingSep = mid != 0 ? mid : (sp ? ' ' : 0);
                pendingSpace = sp;
                p = r;
            }
            if (count == MAX_GROUPS) {
                continues = true;
            }
            return count > 0;
        }

        int digits(int k) {
            int d = 0;
            for (int j = 0; j < k; j++) {
                d += ge[j] - gs[j];
            }
            return d;
        }

        int len(int j) {
            return ge[j] - gs[j];
        }

        int value(String s, int j) {
            int v = 0;
            for (int p = gs[j]; p < ge[j] && p - gs[j] < 9; p++) {
                v = v * 10 + (s.charAt(p) - '0');
            }
            return v;
        }
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean spaceChar(char c) {
        return c == ' ' || c == '\u00A0' || c == '\u202F';
    }

    /** A candidate must not continue a word, a number, an amount or a clock time to its left. */
    private static boolean leftBoundaryOk(String s, int begin) {
        if (begin == 0) {
            return true;
        }
        int cp = s.codePointBefore(begin);
        if (Character.isLetterOrDigit(cp) || cp == '@' || cp == '_') {
            return false;
        }
        if (isCurrency(cp)) {
            return false;
        }
        if (begin >= 2) {
            char b2 = s.charAt(begin - 2);
            if ((cp == '-' || cp == '.' || cp == '/' || cp == ',' || cp == ':' || cp == '+') && digit(b2)) {
                return false; // inside 12/05/2023, 1,234,567, 10:30
            }
            if (spaceChar((char) cp) && isCurrency(b2)) {
                return false; // "$ 1 250 000"
            }
        }
        return true;
    }

    private static boolean isCurrency(int cp) {
        return cp == '$' || cp == '€' || cp == '£' || cp == '¥' || cp == '₹' || cp == '₩' || cp == '¢'
                || Character.getType(cp) == Character.CURRENCY_SYMBOL;
    }

    /**
     * Tries the longest prefix of the groups first; reports the first that is a phone number.
     *
     * @return the end of the reported number, or -1
     */
    private int match(Tokens t, int i, Groups g, boolean midRun, List<PhiSpan> out) {
        String s = t.text;
        int begin = t.start(i);
        int before = -1; // context before, computed once
        for (int k = g.count; k >= 1; k--) {
            int digits = g.digits(k);
            if (digits < MIN_DIGITS) {
                return -1;
            }
            int end = g.end[k - 1];
            if (k < g.count) {
                if (!g.space[k]) {
                    continue; // "555-123-4567-12": a dropped group must stand apart
                }
            } else if (g.continues && !(end < s.length() && spaceChar(s.charAt(end)))) {
                continue;
            }
            int extEnd = k == g.count ? extension(s, end) : -1;
            if (extEnd < 0 && !rightBoundaryOk(s, end)) {
                continue;
            }
            int spanEnd = extEnd > 0 ? extEnd : end;
            if (midRun && spaceSeparated(g, k)) {
                continue;
            }
            Shape shape = classify(s, g, k, digits);
            if (shape == Shape.NONE) {
                continue;
            }
            if (shape != Shape.NANP && shape != Shape.INTERNATIONAL && streetFollows(t, i, spanEnd)) {
                continue;
            }
            if (before < 0) {
                before = contextBefore(t, i);
            }
            int after = contextAfter(t, i, spanEnd);
            int ctx = Math.max(before, after);
            boolean fax = after == CTX_FAX || (before == CTX_FAX && after != CTX_PHONE);
            double conf = confidence(shape, s, begin, spanEnd, g, k, ctx);
            if (conf < 0.5) {
                continue;
            }
            out.add(new PhiSpan(begin, spanEnd, fax ? PhiType.FAX_NUMBER : PhiType.PHONE_NUMBER, conf, name()));
            return spanEnd;
        }
        return -1;
    }

    private static boolean rightBoundaryOk(String s, int end) {
        if (end >= s.length()) {
            return true;
        }
        int cp = s.codePointAt(end);
        if (Character.isLetterOrDigit(cp) || cp == '%' || cp == '@' || cp == '_' || isCurrency(cp)) {
            return false;
        }
        if (end + 1 < s.length() && digit(s.charAt(end + 1))
                && (cp == '-' || cp == '.' || cp == '/' || cp == ',' || cp == ':')) {
            return false; // the run goes on: a longer number, a decimal, a time
        }
        return true;
    }

    /** End of an extension right after the number ({@code x123}, {@code ext. 123}, {@code extension 12}), or -1. */
    private static int extension(String s, int end) {
        int len = s.length();
        int p = end;
        if (p < len && spaceChar(s.charAt(p))) {
            p++;
        }
        int w = p;
        while (p < len && p - w < 9 && asciiLetter(s.charAt(p))) {
            p++;
        }
        String word = s.substring(w, p).toLowerCase(java.util.Locale.ROOT);
        if (!(word.equals("x") || word.equals("ext") || word.equals("extn") || word.equals("extension"))) {
            return -1;
        }
        if (p < len && s.charAt(p) == '.') {
            p++;
        }
        if (p < len && spaceChar(s.charAt(p))) {
            p++;
        }
        int d = p;
        while (p < len && digit(s.charAt(p)) && p - d <= 6) {
            p++;
        }
        if (p == d || p - d > 6 || (p < len && Character.isLetterOrDigit(s.codePointAt(p)))) {
            return -1;
        }
        if (word.equals("x") && w != end) {
            return -1; // "555-1234 x 3" is more likely arithmetic than an extension
        }
        return p;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Layout classes, strongest first. */
    private enum Shape { NONE, NANP, INTERNATIONAL, PAREN_AREA, TRUNK, PAIRS5, PAIRS4, GROUPED, PLAIN }

    private static Shape classify(String s, Groups g, int k, int digits) {
        if (digits > MAX_DIGITS) {
            return Shape.NONE;
        }
        boolean intl00 = !g.plus && g.len(0) >= 2 && g.len(0) <= 5 && s.charAt(g.gs[0]) == '0'
                && s.charAt(g.gs[0] + 1) == '0' && !g.paren[0];
        if (g.plus || intl00) {
            int d = intl00 ? digits - 2 : digits;
            if (d >= 8 && d <= 15 && consistentIntl(g, k)) {
                return Shape.INTERNATIONAL;
            }
            return Shape.NONE;
        }
        if (isDate(s, g, k) || isSsnLayout(g, k) || isZipPlus4(g, k) || isDottedQuad(g, k)) {
            return Shape.NONE;
        }
        if (k == 2 && g.sep[1] == '.' && !g.paren[0]) {
            return Shape.NONE; // 1234.5678: a decimal
        }
        if (k == 1) {
            return g.paren[0] ? Shape.NONE : Shape.PLAIN;
        }
        if (isNanp(s, g, k)) {
            return Shape.NANP;
        }
        if (digits == MIN_DIGITS) {
            // a 7-digit local number only as 3-4: "450 0840", "555-1234"
            return k == 2 && g.len(0) == 3 && g.len(1) == 4 && !g.paren[0] && g.sep[1] != '/' && g.sep[1] != '.'
                    ? Shape.GROUPED : Shape.NONE;
        }
        if (g.paren[0] && g.len(0) >= 2 && g.len(0) <= 5 && digits <= 12 && !yearLike(s, g, 0)
                && separatorsAfter(g, 2, k)) {
            return Shape.PAREN_AREA;
        }
        for (int j = 1; j < k; j++) {
            if (g.paren[j]) {
                return Shape.NONE;
            }
        }
        char sp = g.sep[1];
        boolean same = sameSeparators(g, 1, k) && (sp == ' ' || sp == '-' || sp == '.');
        boolean allPairs = true;
        boolean groupsOk = true;
        for (int j = 0; j < k; j++) {
            allPairs &= g.len(j) == 2;
            groupsOk &= g.len(j) >= 2 && g.len(j) <= 8;
        }
        char c0 = s.charAt(g.gs[0]);
        if (same && allPairs && k == 5) {
            // "03 93 92 16 85" (French numbers start with the trunk 0); "72 75 80 78 76" is a list of values
            return sp != ' ' || c0 == '0' ? Shape.PAIRS5 : Shape.GROUPED;
        }
        if (same && allPairs && k == 4) {
            return sp == '-' ? Shape.PAIRS4 : Shape.GROUPED;
        }
        if (c0 == '0' && g.len(0) >= 2 && g.len(0) <= 5 && digits >= 9 && digits <= 12 && trunkLayout(g, k)) {
            return Shape.TRUNK;
        }
        if (!groupsOk || digits > 12 || k > 5) {
            return Shape.NONE;
        }
        if (k == 2 && sp == '-' && g.len(0) == g.len(1) && g.value(s, 0) < g.value(s, 1)) {
            return Shape.NONE; // 1000-2000, 2019-2021: a range
        }
        // with a context word, looser layouts: "11 3456-7890", "030/1234567"
        boolean spaceDash = true;
        for (int j = 1; j < k; j++) {
            spaceDash &= g.sep[j] == ' ' || g.sep[j] == '-';
        }
        return same || spaceDash || (sameSeparators(g, 1, k) && sp == '/') ? Shape.GROUPED : Shape.NONE;
    }

    /**
     * A national number after its trunk 0: one separator after the area code ({@code 08-123 456 78},
     * {@code 030/1234567}, {@code 06-1-234-5678}), then one separator kind; groups of 1–8 digits.
     */
    private static boolean trunkLayout(Groups g, int k) {
        char first = g.sep[1];
        if (!(first == ' ' || first == '-' || first == '.' || first == '/')) {
            return false;
        }
        char rest = k > 2 ? g.sep[2] : ' ';
        if (!(rest == ' ' || rest == '-' || rest == '.') || !sameSeparators(g, 2, k)) {
            return false;
        }
        if (first == '/' && k > 2) {
            return false; // "01/12/2023 …"-like runs
        }
        for (int j = 1; j < k; j++) {
            if (g.len(j) > 8) {
                return false;
            }
        }
        return true;
    }

    private static boolean spaceSeparated(Groups g, int k) {
        if (k == 1) {
            return true;
        }
        for (int j = 1; j < k; j++) {
            if (g.sep[j] == ' ') {
                return true;
            }
        }
        return false;
    }

    private static boolean sameSeparators(Groups g, int from, int k) {
        for (int j = from + 1; j < k; j++) {
            if (g.sep[j] != g.sep[from]) {
                return false;
            }
        }
        return true;
    }

    /** After a parenthesized group, the others use one of space - . consistently (or none right after ')'). */
    private static boolean separatorsAfter(Groups g, int from, int k) {
        for (int j = from; j < k; j++) {
            char c = g.sep[j];
            if (g.paren[j] || !(c == ' ' || c == '-' || c == '.')) {
                return false;
            }
        }
        return g.sep[1] == 0 || g.sep[1] == ' ' || g.sep[1] == '-' || g.sep[1] == '.';
    }

    /** International groups: no '/' and at most one parenthesized group ("+46 (0)8 …", "+1 (555) …"). */
    private static boolean consistentIntl(Groups g, int k) {
        int parens = 0;
        for (int j = 0; j < k; j++) {
            if (g.paren[j]) {
                parens++;
            }
            if (j > 0 && g.sep[j] == '/') {
                return false;
            }
        }
        return parens <= 1 && !(g.plus && g.paren[0]);
    }

    /** North American {@code [1|+1|001] (3) 3-4} or {@code 3-3-4} with one separator. */
    private static boolean isNanp(String s, Groups g, int k) {
        int a = 0;
        if (k == 4 && g.len(0) == 1 && s.charAt(g.gs[0]) == '1' && !g.paren[0]) {
            a = 1; // 1-800-555-1234
        }
        if (k - a != 3 || g.len(a) != 3 || g.len(a + 1) != 3 || g.len(a + 2) != 4 || g.paren[a + 1]
                || g.paren[a + 2]) {
            return false;
        }
        char last = g.sep[a + 2];
        if (!(last == '-' || last == '.' || last == ' ')) {
            return false;
        }
        if (g.paren[a]) {
            char mid = g.sep[a + 1];
            return mid == 0 || mid == ' ' || mid == '-' || mid == '.';
        }
        return g.sep[a + 1] == last;
    }

    /** A 3-3-4 number whose groups are separated by spaces only, without parentheses. */
    private static boolean nanpSpacesOnly(Groups g, int k) {
        for (int j = 0; j < k; j++) {
            if (g.paren[j] || (j > 0 && g.sep[j] != ' ')) {
                return false;
            }
        }
        return true;
    }

    /** NANP area code and exchange code start with 2–9 (the last three groups are area, exchange, line). */
    private static boolean nanpCodesPlausible(String s, Groups g, int k) {
        int a = k - 3;
        if (a < 0) {
            return false;
        }
        return s.charAt(g.gs[a]) >= '2' && s.charAt(g.gs[a + 1]) >= '2';
    }

    private static boolean yearLike(String s, Groups g, int j) {
        if (g.len(j) != 4) {
            return false;
        }
        int v = g.value(s, j);
        return v >= 1800 && v <= 2099;
    }

    /** {@code 12/05/2023}, {@code 2023-05-12}, {@code 12.05.2023}, {@code 12 05 2023}. */
    private static boolean isDate(String s, Groups g, int k) {
        if (k != 3 || g.paren[0] || g.sep[1] != g.sep[2]) {
            return false;
        }
        if (g.len(0) <= 2 && g.len(1) <= 2 && yearLike(s, g, 2)) {
            int a = g.value(s, 0);
            int b = g.value(s, 1);
            return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
        }
        if (yearLike(s, g, 0) && g.len(1) <= 2 && g.len(2) <= 2) {
            int m = g.value(s, 1);
            int d = g.value(s, 2);
            return m >= 1 && m <= 12 && d >= 1 && d <= 31;
        }
        return false;
    }

    /** {@code ddd-dd-dddd}: the Social Security Number layout belongs to another detector. */
    private static boolean isSsnLayout(Groups g, int k) {
        return k == 3 && g.len(0) == 3 && g.len(1) == 2 && g.len(2) == 4 && g.sep[1] == g.sep[2]
                && (g.sep[1] == '-' || g.sep[1] == ' ') && !g.paren[0];
    }

    private static boolean isZipPlus4(Groups g, int k) {
        return k == 2 && g.len(0) == 5 && g.len(1) == 4 && g.sep[1] == '-';
    }

    private static boolean isDottedQuad(Groups g, int k) {
        if (k != 4) {
            return false;
        }
        for (int j = 0; j < 4; j++) {
            if (g.len(j) > 3 || (j > 0 && g.sep[j] != '.')) {
                return false;
            }
        }
        return true;
    }

    private double confidence(Shape shape, String s, int begin, int end, Groups g, int k, int ctx) {
        boolean strongCtx = ctx >= CTX_PHONE;
        switch (shape) {
            case NANP: {
                if (strongCtx) {
                    return VALID; // context decides; no need to ask libphonenumber
                }
                double c = libphone(s.substring(begin, end), "US", POSSIBLE);
                if (c < VALID && nanpSpacesOnly(g, k)) {
                    // "120 130 1500" is a list of values; "555 987 6543" has NANP area and exchange codes
                    return nanpCodesPlausible(s, g, k) ? SPACED_POSSIBLE : 0;
                }
                return c;
            }
            case INTERNATIONAL: {
                if (strongCtx) {
                    return VALID;
                }
                String cand = s.substring(begin, end);
                if (!g.plus) {
                    // "001-518-640-0854", "0044 20 …": the 00 international prefix stands for '+'
                    int z = cand.indexOf("00");
                    cand = "+" + cand.substring(z + 2);
                }
                return libphone(cand, "ZZ", IMPOSSIBLE_INTL);
            }
            case PAREN_AREA:
            case TRUNK:
            case PAIRS5:
                return strongCtx ? VALID : SHAPE_ONLY;
            case PAIRS4:
                return strongCtx ? VALID : PAIRS4;
            case GROUPED:
                return strongCtx ? WITH_CONTEXT : ctx == CTX_WEAK ? WEAK_CONTEXT : 0;
            case PLAIN: {
                int d = g.len(0);
                if (strongCtx) {
                    // a long plain run is a phone number only if libphonenumber agrees
                    double c = libphone(s.substring(begin, end), "US", 0);
                    return d <= 12 ? Math.max(WITH_CONTEXT, c) : c >= VALID ? WITH_CONTEXT : 0;
                }
                // "number 4155551234": only a number libphonenumber finds valid
                return ctx == CTX_WEAK && libphone(s.substring(begin, end), "US", 0) >= VALID ? WEAK_CONTEXT : 0;
            }
            default:
                return 0;
        }
    }

    /** VALID if libphonenumber validates the bounded candidate, POSSIBLE if its length fits, else {@code other}. */
    private static double libphone(String candidate, String region, double other) {
        try {
            Phonenumber.PhoneNumber pn = UTIL.parse(candidate, region);
            if (UTIL.isValidNumber(pn)) {
                return VALID;
            }
            if (UTIL.isPossibleNumber(pn)) {
                return Math.max(POSSIBLE, other);
            }
            return other;
        } catch (NumberParseException e) {
            return other;
        }
    }

    /**
     * The context among the few words before token {@code i}: the nearest phone or fax word, label, or weak word
     * ("number", "#"). The search stops at a previous number; a label that ends the previous number's line
     * ("555 1234 fax\n…") belongs to that number.
     */
    private static int contextBefore(Tokens t, int i) {
        int words = 0;
        int weak = CTX_NONE;
        for (int j = i - 1; j >= 0 && words < CONTEXT_WORDS; j--) {
            byte kind = t.kind(j);
            if (kind == Tokens.PUNCT) {
                if (t.isPunct(j, '#') && words == 0) {
                    weak = CTX_WEAK;
                }
                continue;
            }
            if (kind == Tokens.NUMBER || kind == Tokens.ALNUM) {
                break;
            }
            words++;
            String w = t.lower(j);
            boolean colon = t.isPunct(j + 1, ':');
            int found = CTX_NONE;
            if (FAX_WORDS.contains(w) || (colon && w.equals("f"))) {
                found = CTX_FAX;
            } else if (PHONE_WORDS.contains(w) || (colon && LABEL_WORDS.contains(w))
                    || (colon && w.length() == 1 && LETTER_LABELS.indexOf(w.charAt(0)) >= 0)) {
                found = CTX_PHONE;
            } else if (weak == CTX_NONE && (words == 1 || (words == 2 && LINK_WORDS.contains(t.lower(nextWord(t, j)))))
                    && (WEAK_WORDS.contains(w) || (w.equals("no") && (colon || t.isPunct(j + 1, '.'))))) {
                // "number of cells 1200 1500" is no context; "account number 1234567" is an identifier
                int p = previousWord(t, j);
                if (p < 0 || !ID_NOUNS.contains(t.lower(p))) {
                    weak = CTX_WEAK;
                }
            }
            if (found != CTX_NONE) {
                if (!colon && SUFFIX_WORDS.contains(w) && !t.has(j, Tokens.NEWLINE_BEFORE) && followsNumber(t, j)) {
                    return weak; // "(579)888-3058 fax\n001-…": "fax" labels the number before it
                }
                return found;
            }
        }
        return weak;
    }

    private static int nextWord(Tokens t, int j) {
        for (int p = j + 1; p < t.size() && p <= j + 3; p++) {
            if (t.kind(p) != Tokens.PUNCT) {
                return p;
            }
        }
        return j;
    }

    private static int previousWord(Tokens t, int j) {
        for (int p = j - 1; p >= 0 && p >= j - 3; p--) {
            if (t.kind(p) != Tokens.PUNCT) {
                return p;
            }
        }
        return -1;
    }

    /** Whether word {@code j} directly follows a number on the same line ("063-Office", "3058 fax"). */
    private static boolean followsNumber(Tokens t, int j) {
        int p = j - 1;
        if (p >= 0 && t.kind(p) == Tokens.PUNCT && !t.has(j, Tokens.NEWLINE_BEFORE)
                && (t.isPunct(p, '-') || t.isPunct(p, ',') || t.isPunct(p, '/'))) {
            if (t.has(p, Tokens.NEWLINE_BEFORE)) {
                return false;
            }
            p--;
        }
        return p >= 0 && (t.kind(p) == Tokens.NUMBER || t.kind(p) == Tokens.ALNUM || t.isPunct(p, ')'));
    }

    /** Whether a street word follows within three words on the same line: "17031 2202 Rissik St". */
    private static boolean streetFollows(Tokens t, int i, int end) {
        int n = t.size();
        int j = i;
        while (j < n && t.start(j) < end) {
            j++;
        }
        for (int words = 0; j < n && words < 3 && !t.has(j, Tokens.NEWLINE_BEFORE); j++) {
            if (t.kind(j) == Tokens.PUNCT) {
                continue;
            }
            if (t.kind(j) != Tokens.WORD) {
                return false;
            }
            words++;
            if (STREET_WORDS.contains(t.lower(j))) {
                return true;
            }
        }
        return false;
    }

    /** A label right after the number on its line: "555 1234 office", "…-Fax", "(m)". */
    private static int contextAfter(Tokens t, int i, int end) {
        int n = t.size();
        int j = i;
        while (j < n && t.start(j) < end) {
            j++;
        }
        if (j >= n || t.has(j, Tokens.NEWLINE_BEFORE)) {
            return CTX_NONE;
        }
        boolean paren = false;
        if (t.kind(j) == Tokens.PUNCT) {
            paren = t.isPunct(j, '(');
            if (!(paren || t.isPunct(j, '-') || t.isPunct(j, ',') || t.isPunct(j, '/'))) {
                return CTX_NONE;
            }
            j++;
            if (j >= n || t.has(j, Tokens.NEWLINE_BEFORE)) {
                return CTX_NONE;
            }
        }
        if (t.kind(j) != Tokens.WORD || t.isPunct(j + 1, ':')) {
            return CTX_NONE;
        }
        String w = t.lower(j);
        if (w.equals("fax") || w.equals("facsimile") || (paren && w.equals("f") && t.isPunct(j + 1, ')'))) {
            return CTX_FAX;
        }
        if (SUFFIX_WORDS.contains(w)) {
            return CTX_PHONE;
        }
        if (paren && w.length() == 1 && LETTER_LABELS.indexOf(w.charAt(0)) >= 0 && t.isPunct(j + 1, ')')) {
            return CTX_PHONE;
        }
        return CTX_NONE;
    }
}
