package dev.phisafe.core.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The per-type shape rules of {@link SurrogateGenerator}: each method builds one candidate from the original's layout
 * and a {@link SurrogateGenerator.Draw}. Every method is one pass over the value (linear time, no
 * {@code java.util.regex}), keeps whitespace and separators, and walks code points so that a surrogate pair is never
 * split (non-ASCII letters become ASCII letters, other code points are kept whole).
 */
final class SurrogateShapes {

    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** ISO 3779: VINs never use I, O or Q (confusable with 1 and 0). */
    static final String VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    /** Common US first names (Social Security Administration popular-name lists), mixed genders. */
    private static final String[] FIRST = {
        "Mary", "Maria", "Linda", "Susan", "Karen", "Lisa", "Nancy", "Sandra", "Donna", "Carol", "Ruth", "Sharon",
        "Laura", "Sarah", "Emily", "Rachel", "Julia", "Grace", "Helen", "Anne", "James", "John", "Robert", "Michael",
        "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Daniel", "Paul", "Mark", "George", "Kevin",
        "Brian", "Steven", "Edward", "Ronald", "Jason", "Carlos", "Luis", "Ana", "Rosa", "Kim", "Lee", "Sam", "Alex",
    };
    /** Common US surnames (Census 2010 surname list, top ranks). */
    private static final String[] LAST = {
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Rodriguez", "Wilson",
        "Martinez", "Anderson", "Taylor", "Thomas", "Hernandez", "Moore", "Martin", "Jackson", "Thompson", "White",
        "Lopez", "Lee", "Gonzalez", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Perez", "Hall", "Young",
        "Allen", "Sanchez", "Wright", "King", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Ramirez",
        "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres", "Parker", "Collins",
    };
    /** Titles, honorifics, suffixes and degrees: kept, they are not the name (and help a model read the text). */
    private static final Set<String> NAME_KEPT = Set.of("dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
            "doctor", "sir", "dame", "rev", "fr", "sr", "jr", "ii", "iii", "iv", "md", "do", "rn", "np", "pa", "phd",
            "dds", "dmd", "pharmd", "msn", "bsn", "lpn", "cnm", "crna", "facs", "facp", "mph", "esq", "nurse", "aprn",
            "dnp", "mbbs", "of", "van", "von", "de", "la", "del", "da");

    /** Words for streets and towns: ordinary, widespread US place words. */
    private static final String[] STREET = {
        "Oak", "Maple", "Cedar", "Pine", "Elm", "Lake", "Hill", "Park", "Washington", "Lincoln", "Jefferson", "Main",
        "Church", "Spring", "Ridge", "Walnut", "Chestnut", "Highland", "Sunset", "Meadow", "Willow", "Forest",
    };
    private static final String[] TOWN = {
        "Springfield", "Fairview", "Riverside", "Franklin", "Greenville", "Clinton", "Madison", "Georgetown", "Salem",
        "Arlington", "Ashland", "Oxford", "Milton", "Newport", "Dover", "Bristol", "Burlington", "Chester", "Marion",
        "Lakewood", "Oakdale", "Centerville", "Kingston", "Winchester", "Hudson", "Jackson", "Lebanon", "Auburn",
    };
    /** Street suffixes (USPS Publication 28), directions, unit words, facility nouns: kept, they carry no identity. */
    private static final Set<String> STREET_SUFFIX = Set.of("st", "street", "ave", "avenue", "av", "rd", "road",
            "blvd", "boulevard", "dr", "drive", "ln", "lane", "way", "ct", "court", "pl", "place", "ter", "terrace",
            "cir", "circle", "hwy", "highway", "pkwy", "parkway", "sq", "square", "trl", "trail", "pike", "row");
    private static final Set<String> PLACE_KEPT = Set.of("n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south",
            "east", "west", "apt", "apartment", "suite", "ste", "unit", "floor", "fl", "room", "rm", "bldg", "building",
            "po", "box", "p", "o", "hospital", "clinic", "medical", "center", "centre", "health", "memorial", "general",
            "regional", "university", "community", "county", "city", "of", "the", "and", "at", "in", "care", "nursing",
            "home", "rehabilitation", "rehab", "institute", "children's", "childrens", "saint", "heart", "cancer");
    /** US state and territory codes: a state is not a subdivision smaller than a state, so Safe Harbor keeps it. */
    private static final Set<String> STATE_CODES = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL",
            "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
            "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
            "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP");
    /** Full state names; kept only after a comma ("Albany, New York"), where they cannot be a city's name. */
    private static final Set<String> STATE_NAMES = Set.of("alabama", "alaska", "arizona", "arkansas", "california",
            "colorado", "connecticut", "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana",
            "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
            "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico",
            "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
            "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
            "west virginia", "wisconsin", "wyoming", "puerto rico");

    private static final String[] IPV4_NETS = {"192.0.2", "198.51.100", "203.0.113"};
    private static final String[] TLDS = {"org", "com", "net"};
    private static final String[] SUBDOMAINS = {"www", "portal", "my", "app", "secure", "records", "patients"};

    private SurrogateShapes() {
    }

    // ---------------------------------------------------------------- words

    /** A run of letters (with apostrophes inside it), digits, or one other code point. */
    private static final class Piece {
        final int start;
        final int end;
        final char kind; // 'a' letters, '9' digits, ' ' whitespace, '.' anything else

        Piece(int start, int end, char kind) {
            this.start = start;
            this.end = end;
            this.kind = kind;
        }
    }

    private static List<Piece> pieces(String v) {
        List<Piece> out = new ArrayList<>();
        int i = 0;
        int n = v.length();
        while (i < n) {
            int cp = v.codePointAt(i);
            int j = i + Character.charCount(cp);
            if (Character.isLetter(cp)) {
                while (j < n) {
                    int c = v.codePointAt(j);
                    if (Character.isLetter(c)) {
                        j += Character.charCount(c);
                    } else if ((c == '\'' || c == '\u2019') && j + 1 < n && Character.isLetter(v.codePointAt(j + 1))) {
                        j++; // O'Brien is one word
                    } else {
                        break;
                    }
                }
                out.add(new Piece(i, j, 'a'));
            } else if (Character.isDigit(cp)) {
                while (j < n && Character.isDigit(v.codePointAt(j))) {
                    j += Character.charCount(v.codePointAt(j));
                }
                out.add(new Piece(i, j, '9'));
            } else {
                out.add(new Piece(i, j, Character.isWhitespace(cp) ? ' ' : '.'));
            }
            i = j;
        }
        return out;
    }

    /** Gives {@code word} the letter case of {@code like}: ALL CAPS, all lower, or Capitalized. */
    private static String caseLike(String word, String like) {
        boolean upper = true;
        boolean lower = true;
        int letters = 0;
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                upper &= !Character.isLowerCase(c);
                lower &= !Character.isUpperCase(c);
            }
        }
        if (upper && letters > 1) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (lower && letters > 0) {
            return word.toLowerCase(Locale.ROOT);
        }
        return word;
    }

    private static char letterLike(int cp, SurrogateGenerator.Draw d, String alphabet) {
        char c = alphabet.charAt(d.nextInt(alphabet.length()));
        return Character.isLowerCase(cp) ? Character.toLowerCase(c) : c;
    }

    private static void digits(String v, int start, int end, SurrogateGenerator.Draw d, StringBuilder out) {
        boolean first = true;
        for (int i = start; i < end; ) {
            int cp = v.codePointAt(i);
            // a leading non-zero digit stays non-zero, so "42" does not become "07" (a number gains no padding)
            boolean nonZero = first && Character.digit(cp, 10) != 0;
            out.append((char) ('0' + (nonZero ? 1 + d.nextInt(9) : d.nextInt(10))));
            first = false;
            i += Character.charCount(cp);
        }
    }

    /** Same layout: each digit a digit, each letter a letter of the same case from {@code alphabet}, rest kept. */
    static String layout(String v, SurrogateGenerator.Draw d, String alphabet) {
        StringBuilder out = new StringBuilder(v.length());
        boolean prevDigit = false;
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            if (Character.isDigit(cp)) {
                boolean nonZero = !prevDigit && Character.digit(cp, 10) != 0;
                out.append((char) ('0' + (nonZero ? 1 + d.nextInt(9) : d.nextInt(10))));
                prevDigit = true;
            } else {
                if (Character.isLetter(cp)) {
                    out.append(letterLike(cp, d, alphabet));
                } else {
                    out.appendCodePoint(cp);
                }
                prevDigit = false;
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- NAME

    static String name(String v, SurrogateGenerator.Draw d) {
        List<Piece> ps = pieces(v);
        int words = 0;
        int firstComma = -1;
        boolean title = false;
        int lastNameWord = -1;
        int afterComma = 0;
        for (int k = 0; k < ps.size(); k++) {
            Piece p = ps.get(k);
            if (p.kind == '.' && v.charAt(p.start) == ',' && firstComma < 0) {
                firstComma = k;
            }
            if (p.kind == 'a') {
                String w = v.substring(p.start, p.end);
                if (NAME_KEPT.contains(w.toLowerCase(Locale.ROOT)) && p.end - p.start > 1) {
                    title |= words == 0;
                } else if (w.codePointCount(0, w.length()) > 1) {
                    words++;
                    if (firstComma < 0) {
                        lastNameWord = k;
                    } else {
                        afterComma++;
                    }
                }
            }
        }
        // "Smith, John": surnames before the comma; "John Q. Smith" or "Dr. Smith": the last word is the surname;
        // "Ana Lopez, MD": only a degree after the comma, so not the inverted form
        boolean commaForm = firstComma > 0 && afterComma > 0 && words > afterComma;
        StringBuilder out = new StringBuilder(v.length() + 8);
        for (int k = 0; k < ps.size(); k++) {
            Piece p = ps.get(k);
            String w = v.substring(p.start, p.end);
            if (p.kind == '9') {
                digits(v, p.start, p.end, d, out);
            } else if (p.kind != 'a' || NAME_KEPT.contains(w.toLowerCase(Locale.ROOT)) && w.length() > 1) {
                out.append(w);
            } else if (w.codePointCount(0, w.length()) == 1) {
                out.append(letterLike(w.codePointAt(0), d, LETTERS)); // an initial stays an initial
            } else {
                boolean surname = commaForm ? k < firstComma
                        : k == lastNameWord && (words > 1 || title) || hyphenatedBefore(ps, v, k, lastNameWord);
                out.append(caseLike(d.pick(surname ? LAST : FIRST), w));
            }
        }
        return out.toString();
    }

    /** "Smith-Jones": a word joined by hyphens to the surname is part of the surname. */
    private static boolean hyphenatedBefore(List<Piece> ps, String v, int k, int surname) {
        for (int j = k; j + 2 <= surname; j += 2) {
            Piece sep = ps.get(j + 1);
            if (sep.kind != '.' || v.charAt(sep.start) != '-' || ps.get(j + 2).kind != 'a') {
                return false;
            }
            if (j + 2 == surname) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- PHONE, FAX

    static String phone(String v, SurrogateGenerator.Draw d) {
        int n = 0;
        int firstDigit = -1;
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                if (firstDigit < 0) {
                    firstDigit = v.charAt(i) - '0';
                }
                n++;
            }
        }
        boolean nanp = n == 10 || n == 11 && firstDigit == 1;
        if (!nanp) {
            return layout(v, d, LETTERS);
        }
        // NANP: 555-0100 to 555-0199 are reserved for fiction (NANPA); the area code is any plausible NXX, never N11
        int a1 = 2 + d.nextInt(8);
        int a2 = d.nextInt(9);
        int a3 = d.nextInt(10);
        if (a2 == 1 && a3 == 1) {
            a3 = 0;
        }
        int line = d.nextInt(100);
        String digits = (n == 11 ? "1" : "") + a1 + a2 + a3 + "55501" + (char) ('0' + line / 10) + (char) ('0' + line % 10);
        StringBuilder out = new StringBuilder(v.length());
        int k = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            out.append(c >= '0' && c <= '9' ? digits.charAt(k++) : c);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- EMAIL

    static String email(String v, SurrogateGenerator.Draw d) {
        int at = v.lastIndexOf('@');
        if (at < 0) {
            return layout(v, d, LETTERS);
        }
        StringBuilder out = new StringBuilder(at + 16);
        int runs = 0;
        for (Piece p : pieces(v.substring(0, at))) {
            String w = v.substring(p.start, p.end);
            if (p.kind == '9') {
                digits(v, p.start, p.end, d, out);
            } else if (p.kind == 'a' && w.length() > 1) {
                out.append(caseLike(d.pick(runs++ == 0 ? FIRST : LAST), w));
            } else if (p.kind == 'a') {
                out.append(letterLike(w.codePointAt(0), d, LETTERS));
                runs++;
            } else {
                out.append(w);
            }
        }
        // RFC 2606 reserves example.org/.com/.net: mail to them goes nowhere
        return out.append("@example.").append(d.pick(TLDS)).toString();
    }

    // ---------------------------------------------------------------- SSN

    static String ssn(String v, SurrogateGenerator.Draw d) {
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            n += v.charAt(i) >= '0' && v.charAt(i) <= '9' ? 1 : 0;
        }
        String digits;
        if (n == 9) {
            // SSA never issues area 900-999; groups 01-49 are also outside the IRS ITIN ranges (50-65, 70-88, 90-99)
            int group = 1 + d.nextInt(49);
            int serial = 1 + d.nextInt(9999);
            digits = "9" + d.nextInt(10) + d.nextInt(10) + (group < 10 ? "0" : "") + group
                    + String.format(Locale.ROOT, "%04d", serial);
        } else {
            StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? '9' : (char) ('0' + d.nextInt(10)));
            }
            digits = b.toString();
        }
        StringBuilder out = new StringBuilder(v.length());
        int k = 0;
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            if (cp >= '0' && cp <= '9') {
                out.append(digits.charAt(k++));
            } else if (Character.isLetter(cp)) {
                out.append(letterLike(cp, d, LETTERS));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- URL

    static String url(String v, SurrogateGenerator.Draw d, int attempt) {
        int scheme = v.indexOf("://");
        int hostStart = scheme >= 0 ? scheme + 3 : 0;
        int hostEnd = hostStart;
        while (hostEnd < v.length() && "/?#".indexOf(v.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        String host = v.substring(hostStart, hostEnd);
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1); // user info is dropped: it may be a name
        }
        int colon = host.indexOf(':');
        String port = colon >= 0 ? host.substring(colon) : "";
        String bare = colon >= 0 ? host.substring(0, colon) : host;
        int dots = 0;
        for (int i = 0; i < bare.length(); i++) {
            dots += bare.charAt(i) == '.' ? 1 : 0;
        }
        String path = v.substring(hostEnd);
        StringBuilder out = new StringBuilder(v.length() + 24);
        if (scheme >= 0) {
            out.append("https://");
        }
        // a third label when the original had one, or when the plain hosts are used up and there is no path to vary
        if (dots >= 2 || attempt >= TLDS.length && path.length() <= 1) {
            String sub = bare.regionMatches(true, 0, "www.", 0, 4) ? "www" : d.pick(SUBDOMAINS);
            out.append(caseLike(sub, bare)).append('.');
        }
        out.append(caseLike("example.", bare)).append(caseLike(TLDS[(d.nextInt(TLDS.length) + attempt) % 3], bare));
        return out.append(layout(port, d, LETTERS)).append(layout(path, d, LETTERS)).toString();
    }

    // ---------------------------------------------------------------- IP

    static String ip(String v, SurrogateGenerator.Draw d) {
        int colons = 0;
        int dots = 0;
        boolean upperHex = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            colons += c == ':' ? 1 : 0;
            dots += c == '.' ? 1 : 0;
            upperHex |= c >= 'A' && c <= 'F';
        }
        if (colons >= 2 || dots == 0) {
            // RFC 3849: 2001:db8::/32 is for documentation
            String g = Integer.toHexString(1 + d.nextInt(0xffff));
            String s = "2001:db8::" + g;
            if (colons > 3) {
                s += ":" + Integer.toHexString(1 + d.nextInt(0xffff));
            }
            return upperHex ? s.toUpperCase(Locale.ROOT) : s;
        }
        int start = 0;
        while (start < v.length() && (v.charAt(start) < '0' || v.charAt(start) > '9')) {
            start++;
        }
        int end = start;
        int seen = 0;
        while (end < v.length() && (v.charAt(end) >= '0' && v.charAt(end) <= '9' || v.charAt(end) == '.' && seen++ < 3)) {
            end++;
        }
        // RFC 5737: TEST-NET-1/2/3 are for documentation and never routed
        return v.substring(0, start) + d.pick(IPV4_NETS) + "." + (1 + d.nextInt(254))
                + layout(v.substring(end), d, LETTERS);
    }

    // ---------------------------------------------------------------- LOCATION

    static String location(String v, SurrogateGenerator.Draw d) {
        List<Piece> ps = pieces(v);
        StringBuilder out = new StringBuilder(v.length() + 8);
        int k = 0;
        while (k < ps.size()) {
            Piece p = ps.get(k);
            String w = v.substring(p.start, p.end);
            if (p.kind == '9') {
                digits(v, p.start, p.end, d, out);
                k++;
                continue;
            }
            if (p.kind != 'a') {
                out.append(w);
                k++;
                continue;
            }
            int state = afterComma(ps, v, k) ? stateWords(ps, v, k) : 0;
            if (state > 0) {
                out.append(v, p.start, ps.get(k + 2 * (state - 1)).end); // "Albany, New York": the state stays
                k += 2 * state - 1;
                continue;
            }
            String lower = w.toLowerCase(Locale.ROOT);
            if (STATE_CODES.contains(w) && k > 0 || PLACE_KEPT.contains(lower) || STREET_SUFFIX.contains(lower)
                    && k > 0) {
                out.append(w);
            } else if (w.codePointCount(0, w.length()) == 1) {
                out.append(letterLike(w.codePointAt(0), d, LETTERS));
            } else {
                out.append(caseLike(d.pick(streetFollows(ps, v, k) ? STREET : TOWN), w));
            }
            k++;
        }
        return out.toString();
    }

    private static boolean afterComma(List<Piece> ps, String v, int k) {
        int j = k - 1;
        while (j >= 0 && ps.get(j).kind == ' ') {
            j--;
        }
        return j >= 0 && ps.get(j).kind == '.' && v.charAt(ps.get(j).start) == ',';
    }

    /** @return how many words from {@code k} on (1 to 2, single spaces between) name a US state, or 0 */
    private static int stateWords(List<Piece> ps, String v, int k) {
        String one = v.substring(ps.get(k).start, ps.get(k).end);
        int best = STATE_NAMES.contains(one.toLowerCase(Locale.ROOT)) ? 1 : 0;
        if (k + 2 < ps.size() && ps.get(k + 1).kind == ' ' && ps.get(k + 2).kind == 'a') {
            String two = one + " " + v.substring(ps.get(k + 2).start, ps.get(k + 2).end);
            if (STATE_NAMES.contains(two.toLowerCase(Locale.ROOT))) {
                best = 2;
            }
        }
        return best;
    }

    /** A word is part of a street name when a street suffix follows it before the next comma. */
    private static boolean streetFollows(List<Piece> ps, String v, int k) {
        for (int j = k + 1; j < ps.size() && j <= k + 12; j++) {
            Piece p = ps.get(j);
            if (p.kind == '.' && v.charAt(p.start) == ',') {
                return false;
            }
            if (p.kind == 'a' && STREET_SUFFIX.contains(v.substring(p.start, p.end).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
