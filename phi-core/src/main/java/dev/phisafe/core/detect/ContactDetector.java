package dev.phisafe.core.detect;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds e-mail addresses, URLs and IP addresses (45 CFR 164.514(b)(2)(i)(F), (N), (O)) with hand-written scanners.
 *
 * <ul>
 *   <li><b>E-mail</b>: from every {@code @}, a local part of letters (any script), digits and {@code . _ % + -}
 *       (at most 64 chars to the left) and a domain of at least two labels whose last label (the TLD) has at
 *       least two letters (at most 255 chars to the right).</li>
 *   <li><b>URL</b>: {@code scheme://…} (any scheme), {@code www.…}, and bare domains such as
 *       {@code example.com/path} whose last label is a known TLD. Bare domains must look like hosts: the TLD in
 *       lower case (or the whole host in capitals with a generic TLD), a registrable label of two or more chars, and
 *       TLDs that are also common words or file extensions ({@code .in}, {@code .it}, {@code .md}, {@code .zip}…)
 *       only with a path or a second-level label ({@code .co.uk}). Trailing punctuation and unbalanced closing
 *       brackets are not part of a URL. The domain of an e-mail is not reported again as a URL.</li>
 *   <li><b>IPv4</b>: four dotted octets 0–255 without leading zeros, not part of a longer dotted number; after a
 *       version word ({@code version 1.2.3.4}) it is not reported.</li>
 *   <li><b>IPv6</b>: eight groups, or fewer with one {@code ::}, optionally ending in a dotted IPv4; clock times
 *       such as {@code 10:15:20} fail the group count.</li>
 * </ul>
 *
 * <p>Every scan starts at a candidate token and reads a bounded window (64 / 255 / 2,048 chars); a position that
 * has been read as part of a rejected candidate is not read again, so the detector runs in linear time on any
 * input. Immutable and thread-safe.
 */
final class ContactDetector extends TokenDetector {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 255;
    private static final int MAX_URL = 2048;
    private static final int MAX_SCHEME = 32;
    private static final int MAX_IPV6 = 45;

    private static final double EMAIL_CONFIDENCE = 0.95;
    private static final double SCHEME_URL_CONFIDENCE = 0.9;
    private static final double WWW_URL_CONFIDENCE = 0.85;
    private static final double BARE_GENERIC_CONFIDENCE = 0.7;
    private static final double BARE_COUNTRY_CONFIDENCE = 0.6;
    private static final double IP_CONFIDENCE = 0.85;
    private static final double IP_SMALL_OCTETS_CONFIDENCE = 0.6;

    /** Generic TLDs likely to appear in clinical and business text. */
    private static final Set<String> GENERIC_TLDS = Set.of(
            "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "ai", "app", "dev", "health",
            "healthcare", "care", "clinic", "hospital", "dental", "doctor", "pharmacy", "online", "site", "tech",
            "xyz", "cloud", "email", "name", "pro", "mobi", "museum", "aero", "coop", "jobs", "travel", "law",
            "med", "university", "school", "academy", "center", "services", "solutions", "company", "global",
            "network", "systems", "digital", "media", "news", "blog", "shop", "store", "web", "website", "page",
            "link", "live", "life", "world", "today", "group", "team", "works", "space", "fit", "fitness", "bio",
            "science", "research", "foundation", "institute", "insurance", "clinics", "nyc", "london", "berlin",
            "paris", "tokyo");

    /** ISO 3166 country-code TLDs (delegated), plus eu and uk. */
    private static final Set<String> COUNTRY_TLDS = Set.of((
            "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by "
            + "bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu "
            + "fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il "
            + "im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly "
            + "ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu "
            + "nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm "
            + "sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va "
            + "vc ve vg vi vn vu wf ws ye yt za zm zw").split(" "));

    /**
     * Country TLDs that are also English words, clinical abbreviations or units, or file extensions: a bare
     * {@code seen.it}, {@code et.al}, {@code 5.mg}, {@code notes.md} is not a host without more evidence.
     */
    private static final Set<String> AMBIGUOUS_TLDS = Set.of(
            "am", "as", "at", "be", "by", "do", "id", "im", "in", "is", "it", "me", "my", "no", "so", "to", "us",
            "pm", "re", "md", "ms", "mg", "ml", "cm", "mm", "km", "kg", "pt", "st", "sa", "ph", "ps", "pr", "pa",
            "pe", "ma", "mo", "sc", "th", "al", "et", "py", "sh", "rs", "ai", "cc", "tv", "ca", "co", "ac", "ad",
            "dr", "hr", "ie", "la", "mt", "tr", "ch", "ge", "gi", "bs", "cv", "er", "ne", "nu", "se", "sl", "sn",
            "tt", "ws", "zip", "mov", "app", "info", "name", "med", "fit", "bio", "page", "live", "life", "link",
            "law", "site", "web", "shop", "store", "team", "works", "space", "today", "care", "center", "school",
            "email", "news", "blog", "group", "science", "research", "media", "world");

    /** Second-level labels under a country TLD: {@code nhs.uk}, {@code com.au}, {@code co.jp}. */
    private static final Set<String> SECOND_LEVEL = Set.of(
            "com", "co", "org", "net", "gov", "edu", "ac", "nhs", "or", "ne", "go", "gob", "gv", "med", "health");

    private static final Set<String> VERSION_WORDS = Set.of(
            "version", "ver", "v", "build", "release", "firmware", "rev", "revision", "oid", "section",
            "chapter", "figure", "table", "step");

    @Override
    public String name() {
        return "contact";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.EMAIL_ADDRESS, PhiType.URL, PhiType.IP_ADDRESS);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        List<int[]> emails = findEmails(t);
        List<PhiSpan> urls = new ArrayList<>();
        int emailIdx = 0;
        int covered = 0;
        final int n = t.size();
        for (int i = 0; i < n; i++) {
            // every URL and IP trigger is a token directly followed by another (no space between)
            if (!t.joined(i)) {
                continue;
            }
            int s = t.start(i);
            if (s < covered) {
                continue;
            }
            while (emailIdx < emails.size() && emails.get(emailIdx)[1] <= s) {
                emailIdx++;
            }
            if (emailIdx < emails.size() && emails.get(emailIdx)[0] <= s) {
                // an e-mail's domain is not also a URL
                covered = emails.get(emailIdx)[1];
                continue;
            }
            int r = tryScheme(t, i, urls);
            if (r == 0) {
                r = tryWww(t, i, urls);
            }
            if (r == 0) {
                r = tryIpv4(t, i, urls);
            }
            if (r == 0) {
                r = tryIpv6(t, i, urls);
            }
            if (r == 0) {
                r = tryBareDomain(t, i, urls);
            }
            if (r > 0) {
                covered = r;
            } else if (r < 0) {
                covered = -r; // rejected candidate: do not read these chars again
            }
        }
        // an address inside a URL (http://user@host) is part of the URL
        int u = 0;
        for (int[] e : emails) {
            while (u < urls.size() && urls.get(u).end() <= e[0]) {
                u++;
            }
            boolean inside = u < urls.size() && urls.get(u).start() <= e[0] && e[1] <= urls.get(u).end();
            if (!inside) {
                out.add(new PhiSpan(e[0], e[1], PhiType.EMAIL_ADDRESS, EMAIL_CONFIDENCE, name()));
            }
        }
        out.addAll(urls);
    }

    // ---------------------------------------------------------------- e-mail

    private static List<int[]> findEmails(Tokens t) {
        List<int[]> found = new ArrayList<>();
        String s = t.text;
        int lastEnd = 0;
        for (int i = 0; i < t.size(); i++) {
            if (!t.isPunct(i, '@')) {
                continue;
            }
            int at = t.start(i);
            if (at < lastEnd) {
                continue;
            }
            int ls = localStart(s, at, lastEnd);
            if (ls < 0) {
                continue;
            }
            if (ls > 0 && s.charAt(ls - 1) == '/') {
                continue; // userinfo of a URL: the URL scan covers it
            }
            int de = domainEnd(s, at + 1, true);
            if (de < 0) {
                continue;
            }
            found.add(new int[] {ls, de});
            lastEnd = de;
        }
        return found;
    }

    private static boolean localChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '.' || cp == '_' || cp == '%' || cp == '+' || cp == '-';
    }

    /** Start of the local part ending at {@code at}, or -1 if there is none or it is longer than 64 chars. */
    private static int localStart(String s, int at, int floor) {
        int j = at;
        while (j > floor) {
            int cp = s.codePointBefore(j);
            if (!localChar(cp)) {
                break;
            }
            if (cp == '.' && j - 1 > floor && s.charAt(j - 2) == '.') {
                break; // "wait...john@x.org": a local part never holds ".."
            }
            j -= Character.charCount(cp);
            if (at - j > MAX_LOCAL) {
                return -1;
            }
        }
        while (j < at && (s.charAt(j) == '.' || s.charAt(j) == '-' || s.charAt(j) == '+')) {
            j++; // a local part does not start with a dot
        }
        if (j == at || s.charAt(at - 1) == '.') {
            return -1;
        }
        return j;
    }

    private static boolean labelChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '-'
                || Character.getType(cp) == Character.NON_SPACING_MARK
                || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
    }

    /**
     * End of a domain name starting at {@code from}: labels of letters, digits and inner hyphens separated by
     * single dots, at least two labels, the last of at least two letters. Returns -1 if there is none.
     *
     * @param anyTld accept any alphabetic TLD of two or more letters (e-mail); else the caller checks the TLD
     */
    private static int domainEnd(String s, int from, boolean anyTld) {
        int len = s.length();
        int p = from;
        int labels = 0;
        int lastLabelStart = -1;
        int lastLabelEnd = -1;
        while (p < len && p - from <= MAX_DOMAIN) {
            int ls = p;
            while (p < len && p - from <= MAX_DOMAIN) {
                int cp = s.codePointAt(p);
                if (!labelChar(cp)) {
                    break;
                }
                p += Character.charCount(cp);
            }
            if (p == ls || p - ls > 63 || s.charAt(ls) == '-' || s.charAt(p - 1) == '-') {
                break;
            }
            labels++;
            lastLabelStart = ls;
            lastLabelEnd = p;
            if (p + 1 < len && s.charAt(p) == '.' && labelChar(s.codePointAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        if (labels < 2 || lastLabelEnd - from > MAX_DOMAIN) {
            return -1;
        }
        if (anyTld && !alphaTld(s, lastLabelStart, lastLabelEnd)) {
            return -1;
        }
        return lastLabelEnd;
    }

    private static boolean alphaTld(String s, int from, int to) {
        int letters = 0;
        for (int p = from; p < to; ) {
            int cp = s.codePointAt(p);
            if (!Character.isLetter(cp) && Character.getType(cp) != Character.NON_SPACING_MARK) {
                return false;
            }
            letters++;
            p += Character.charCount(cp);
        }
        return letters >= 2;
    }

    // ---------------------------------------------------------------- URL

    /** {@code scheme://rest}. Returns the end of the URL, the negated end of a rejected window, or 0. */
    private int tryScheme(Tokens t, int i, List<PhiSpan> out) {
        byte k = t.kind(i);
        if ((k != Tokens.WORD && k != Tokens.ALNUM) || !t.isPunct(i + 1, ':') || !t.joined(i)
                || !t.isPunct(i + 2, '/') || !t.joined(i + 1) || !t.isPunct(i + 3, '/') || !t.joined(i + 2)) {
            return 0;
        }
        String s = t.text;
        int start = t.start(i);
        int end = t.end(i);
        if (end - start > MAX_SCHEME || !asciiLetter(s.charAt(start))) {
            return 0;
        }
        for (int p = start; p < end; p++) {
            char c = s.charAt(p);
            if (c > 127) {
                return 0;
            }
        }
        int bodyStart = t.end(i + 3);
        int e = urlEnd(s, bodyStart);
        if (e <= bodyStart) {
            return 0;
        }
        int first = s.codePointAt(bodyStart);
        if (!Character.isLetterOrDigit(first) && first != '[' && first != '/') {
            return 0;
        }
        out.add(new PhiSpan(start, e, PhiType.URL, SCHEME_URL_CONFIDENCE, name()));
        return e;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** {@code www.host…}. */
    private int tryWww(Tokens t, int i, List<PhiSpan> out) {
        if (t.kind(i) != Tokens.WORD || t.length(i) != 3 || !t.lower(i).equals("www") || !t.isPunct(i + 1, '.')
                || !t.joined(i) || !t.joined(i + 1)) {
            return 0;
        }
        String s = t.text;
        int start = t.start(i);
        if (!leftBoundaryOk(s, start)) {
            return 0;
        }
        int host = domainEnd(s, start, true);
        if (host < 0) {
            return -t.end(i + 1);
        }
        int e = afterHost(s, host);
        out.add(new PhiSpan(start, e, PhiType.URL, WWW_URL_CONFIDENCE, name()));
        return e;
    }

    /** A host must not continue a word, a path or an address to its left. */
    private static boolean leftBoundaryOk(String s, int start) {
        if (start == 0) {
            return true;
        }
        int cp = s.codePointBefore(start);
        return !(Character.isLetterOrDigit(cp) || cp == '-' || cp == '_' || cp == '@' || cp == '.' || cp == '/'
                || cp == '\\' || cp == ':');
    }

    /** Bare {@code example.com/path}: the last label must be a known TLD and the host must look like one. */
    private int tryBareDomain(Tokens t, int i, List<PhiSpan> out) {
        byte k = t.kind(i);
        if ((k != Tokens.WORD && k != Tokens.ALNUM) || !t.isPunct(i + 1, '.') || !t.joined(i) || !t.joined(i + 1)) {
            return 0;
        }
        byte k2 = t.kind(i + 2);
        if (k2 != Tokens.WORD && k2 != Tokens.ALNUM) {
            return 0;
        }
        String s = t.text;
        int start = t.start(i);
        if (!leftBoundaryOk(s, start)) {
            return 0;
        }
        int host = domainEnd(s, start, false);
        if (host < 0) {
            return -t.end(i + 2);
        }
        double conf = bareHostConfidence(s, start, host);
        int e = afterHost(s, host);
        boolean hasPath = e > host && s.charAt(host) != ':';
        if (conf < 0.5 && hasPath && conf > 0) {
            conf = BARE_COUNTRY_CONFIDENCE; // "seen.it" is prose, "example.it/contact" is a URL
        }
        if (conf < 0.5) {
            return -host;
        }
        out.add(new PhiSpan(start, e, PhiType.URL, conf, name()));
        return e;
    }

    /**
     * Confidence that the dotted run {@code [start, end)} is a host name: 0 when it is not (no known TLD,
     * capitalized TLD as in "Dr.Smith", one-letter labels as in "e.g"), 0.4 when it only is with a path.
     */
    private static double bareHostConfidence(String s, int start, int end) {
        int lastDot = s.lastIndexOf('.', end - 1);
        String tldRaw = s.substring(lastDot + 1, end);
        String tld = tldRaw.toLowerCase(Locale.ROOT);
        int prevDot = s.lastIndexOf('.', lastDot - 1);
        int regStart = prevDot >= start ? prevDot + 1 : start;
        String second = s.substring(regStart, lastDot).toLowerCase(Locale.ROOT);
        boolean lowerTld = tldRaw.equals(tld);
        boolean allCapsHost = s.substring(start, end).toUpperCase(Locale.ROOT).equals(s.substring(start, end));
        boolean generic = GENERIC_TLDS.contains(tld);
        boolean country = COUNTRY_TLDS.contains(tld);
        if (!generic && !country) {
            return 0;
        }
        if (!lowerTld && !(allCapsHost && generic && tld.length() >= 3)) {
            return 0;
        }
        if (!hasLetter(s, start, lastDot)) {
            return 0;
        }
        // registrable label: "nhs" in "england.nhs.uk" counts only with a label before it
        boolean secondLevel = country && prevDot >= start && SECOND_LEVEL.contains(second);
        int regLen;
        if (secondLevel) {
            int p3 = s.lastIndexOf('.', prevDot - 1);
            regLen = prevDot - (p3 >= start ? p3 + 1 : start);
        } else {
            regLen = lastDot - regStart;
        }
        if (regLen < 2) {
            return 0;
        }
        if (secondLevel) {
            return BARE_COUNTRY_CONFIDENCE + 0.1;
        }
        if (AMBIGUOUS_TLDS.contains(tld) || regLen < 3) {
            return 0.4;
        }
        return generic ? BARE_GENERIC_CONFIDENCE : BARE_COUNTRY_CONFIDENCE;
    }

    private static boolean hasLetter(String s, int from, int to) {
        for (int p = from; p < to; ) {
            int cp = s.codePointAt(p);
            if (Character.isLetter(cp)) {
                return true;
            }
            p += Character.charCount(cp);
        }
        return false;
    }

    /** After a host: an optional {@code :port}, then an optional path, query or fragment. */
    private static int afterHost(String s, int host) {
        int len = s.length();
        int p = host;
        if (p + 1 < len && s.charAt(p) == ':' && isDigit(s.charAt(p + 1))) {
            int q = p + 1;
            while (q < len && q - p <= 6 && isDigit(s.charAt(q))) {
                q++;
            }
            if (q - p <= 6 && (q == len || !Character.isLetterOrDigit(s.codePointAt(q)))) {
                p = q;
            }
        }
        if (p < len && (s.charAt(p) == '/' || s.charAt(p) == '?' || s.charAt(p) == '#')) {
            int e = urlEnd(s, p);
            return Math.max(e, p);
        }
        return p;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean urlChar(int cp) {
        if (cp <= 0x20 || cp == 0x7F || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.CONTROL) {
            return false;
        }
        switch (cp) {
            case '<': case '>': case '"': case '{': case '}': case '|': case '\\': case '^': case '`':
            case '\u201C': case '\u201D': case '\u2018': case '\u2019': case '\u00AB': case '\u00BB':
                return false;
            default:
                return true;
        }
    }

    /**
     * End of the URL characters from {@code from} (at most 2,048), without trailing punctuation and unbalanced
     * closing brackets: "(see http://x.org/a)." ends at "a".
     */
    private static int urlEnd(String s, int from) {
        int len = s.length();
        int p = from;
        int open = 0;
        int close = 0;
        int openSq = 0;
        int closeSq = 0;
        while (p < len && p - from < MAX_URL) {
            int cp = s.codePointAt(p);
            if (!urlChar(cp)) {
                break;
            }
            if (cp == '(') {
                open++;
            } else if (cp == ')') {
                close++;
            } else if (cp == '[') {
                openSq++;
            } else if (cp == ']') {
                closeSq++;
            }
            p += Character.charCount(cp);
        }
        while (p > from) {
            char c = s.charAt(p - 1);
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '"'
                    || c == '*') {
                p--;
            } else if (c == ')' && close > open) {
                close--;
                p--;
            } else if (c == ']' && closeSq > openSq) {
                closeSq--;
                p--;
            } else {
                break;
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- IP addresses

    /** Four dotted octets, not inside a longer dotted number and not after a version word. */
    private int tryIpv4(Tokens t, int i, List<PhiSpan> out) {
        if (!t.isNumber(i)) {
            return 0;
        }
        for (int k = 0; k < 4; k++) {
            int ti = i + 2 * k;
            if (!t.isNumber(ti) || !octet(t, ti)) {
                return 0;
            }
            if (k < 3 && (!t.isPunct(ti + 1, '.') || !t.joined(ti) || !t.joined(ti + 1))) {
                return 0;
            }
        }
        int last = i + 6;
        if (t.isPunct(i - 1, '.') && t.joined(i - 1) && i - 2 >= 0 && t.joined(i - 2)
                && t.kind(i - 2) != Tokens.PUNCT) {
            return -t.end(last); // 1.2.3.4.5: a version or a section number
        }
        if (t.isPunct(last + 1, '.') && t.joined(last) && t.joined(last + 1) && last + 2 < t.size()
                && t.kind(last + 2) != Tokens.PUNCT) {
            return -t.end(last + 2);
        }
        if (i > 0 && t.kind(i - 1) != Tokens.PUNCT && VERSION_WORDS.contains(t.lower(i - 1))) {
            return -t.end(last);
        }
        boolean small = true;
        for (int k = 0; k < 4; k++) {
            small &= t.length(i + 2 * k) == 1;
        }
        int start = t.start(i);
        int end = t.end(last);
        out.add(new PhiSpan(start, end, PhiType.IP_ADDRESS, small ? IP_SMALL_OCTETS_CONFIDENCE : IP_CONFIDENCE,
                name()));
        return end;
    }

    private static boolean octet(Tokens t, int i) {
        int len = t.length(i);
        if (len > 3) {
            return false;
        }
        String s = t.text;
        int st = t.start(i);
        if (len > 1 && s.charAt(st) == '0') {
            return false;
        }
        int v = 0;
        for (int p = st; p < st + len; p++) {
            v = v * 10 + (s.charAt(p) - '0');
        }
        return v <= 255;
    }

    private static boolean hexChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** IPv6 in full, compressed or IPv4-embedded form (no zone index). */
    private int tryIpv6(Tokens t, int i, List<PhiSpan> out) {
        boolean colonStart = t.isPunct(i, ':') && t.isPunct(i + 1, ':') && t.joined(i);
        boolean hexStart = t.kind(i) != Tokens.PUNCT && t.length(i) <= 4 && t.isPunct(i + 1, ':') && t.joined(i);
        if (!colonStart && !hexStart) {
            return 0;
        }
        String s = t.text;
        int start = t.start(i);
        if (start > 0) {
            int before = s.codePointBefore(start);
            if (Character.isLetterOrDigit(before) || before == ':' || before == '.') {
                return 0;
            }
        }
        int len = s.length();
        int p = start;
        while (p < len && (hexChar(s.charAt(p)) || s.charAt(p) == ':' || s.charAt(p) == '.')) {
            p++;
            if (p - start > MAX_IPV6 + 8) {
                // a long run of hex digits and colons is no address; skip the whole run once
                while (p < len && (hexChar(s.charAt(p)) || s.charAt(p) == ':' || s.charAt(p) == '.')) {
                    p++;
                }
                return -p;
            }
        }
        int runEnd = p;
        if (runEnd == start) {
            return 0;
        }
        if (p < len && Character.isLetterOrDigit(s.codePointAt(p))) {
            return -runEnd; // "12:30pm", "ab:cd:eg"
        }
        int e = p;
        while (e > start && (s.charAt(e - 1) == '.' || (s.charAt(e - 1) == ':' && e - 2 >= start && s.charAt(e - 2) != ':'))) {
            e--; // "… fe80::1." or "addr 2001:db8::1: down"
        }
        if (e - start > MAX_IPV6 || !validIpv6(s, start, e)) {
            return -runEnd;
        }
        out.add(new PhiSpan(start, e, PhiType.IP_ADDRESS, IP_CONFIDENCE, name()));
        return e;
    }

    /** Whether {@code s[from, to)} (at most 45 chars) is an IPv6 address: group count and sizes, one "::". */
    static boolean validIpv6(String s, int from, int to) {
        String a = s.substring(from, to);
        int dbl = a.indexOf("::");
        if (dbl >= 0 && a.indexOf("::", dbl + 1) >= 0) {
            return false; // two "::", or ":::"
        }
        String head = dbl >= 0 ? a.substring(0, dbl) : a;
        String tail = dbl >= 0 ? a.substring(dbl + 2) : "";
        String[] hg = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tg = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        int groups = 0;
        boolean hexLetterOrLong = false;
        int total = hg.length + tg.length;
        int idx = 0;
        for (String[] part : new String[][] {hg, tg}) {
            for (String g : part) {
                idx++;
                if (g.indexOf('.') >= 0) {
                    if (idx != total || !validDottedQuad(g, 0, g.length())) {
                        return false; // an embedded IPv4 comes last
                    }
                    groups += 2;
                    hexLetterOrLong = true;
                    continue;
                }
                if (g.isEmpty() || g.length() > 4) {
                    return false;
                }
                for (int q = 0; q < g.length(); q++) {
                    if (!hexChar(g.charAt(q))) {
                        return false;
                    }
                    hexLetterOrLong |= !isDigit(g.charAt(q));
                }
                hexLetterOrLong |= g.length() >= 3;
                groups++;
            }
        }
        if (dbl < 0) {
            return groups == 8;
        }
        // "12::30" is no address worth reporting; "fe80::1" and "2001:db8::ff00:42:8329" are
        return groups <= 7 && groups >= 2 && hexLetterOrLong;
    }

    private static boolean validDottedQuad(String s, int from, int to) {
        int parts = 0;
        int p = from;
        while (p <= to) {
            int q = p;
            int v = 0;
            while (q < to && isDigit(s.charAt(q))) {
                v = v * 10 + (s.charAt(q) - '0');
                q++;
            }
            int l = q - p;
            if (l < 1 || l > 3 || v > 255 || (l > 1 && s.charAt(p) == '0')) {
                return false;
            }
            parts++;
            if (q == to) {
                break;
            }
            if (s.charAt(q) != '.') {
                return false;
            }
            p = q + 1;
        }
        return parts == 4;
    }
}
