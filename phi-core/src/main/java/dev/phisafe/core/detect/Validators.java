package dev.phisafe.core.detect;

/**
 * Check-digit and format rules of published identifier schemes, used by {@link IdentifierDetector} to raise (never
 * alone to decide) the confidence of a finding and to type label-less values.
 *
 * <p>Every method accepts the display form of a value: spaces and dashes (ASCII hyphen-minus) are ignored, because
 * the schemes print them for readability only. Letters are compared case-insensitively. Inputs longer than
 * {@link #MAX_INPUT} characters are rejected without being copied, so a caller may pass untrusted text. No method
 * throws on any input other than {@code null}, and none keeps or prints its input.
 *
 * <p>Vectors: {@code src/test/resources/vectors/validators.json}, checked by {@code ValidatorsTest}.
 */
final class Validators {
    /** No scheme here is longer than 34 characters (IBAN); 64 leaves room for separators. */
    static final int MAX_INPUT = 64;

    private Validators() {
    }

    /**
     * The value without display separators (spaces, tabs, dashes), upper-cased; null if it is too long or holds a
     * character that no scheme here uses (anything but ASCII letters and digits).
     */
    static String compact(CharSequence s) {
        int len = s.length();
        if (len == 0 || len > MAX_INPUT) {
            return null;
        }
        char[] out = new char[len];
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '-' || c == '\t' || c == '\u00A0') {
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            }
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
                return null;
            }
            out[n++] = c;
        }
        return n == 0 ? null : new String(out, 0, n);
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** The value of {@code len} digits at {@code from}; the caller has checked they are digits. */
    private static int num(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** Luhn (ISO/IEC 7812-1 annex B) mod-10 sum over a string of digits, doubling every second digit from the right. */
    private static int luhnSum(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum;
    }

    /**
     * Luhn check (ISO/IEC 7812-1): at least two digits, the check digit last. Used for payment card numbers; it
     * says nothing about whether a card issuer exists (see {@link #knownCardPrefix}).
     */
    static boolean luhn(CharSequence s) {
        String c = compact(s);
        return c != null && c.length() >= 2 && allDigits(c, 0, c.length()) && luhnSum(c) % 10 == 0;
    }

    /**
     * Whether a digit string of 12–19 digits starts with an issuer identification number (IIN) range of a card
     * network in use (ISO/IEC 7812 ranges as published by the networks): Visa 4; Mastercard 51–55 and 2221–2720;
     * American Express 34, 37; Diners Club 300–305, 309, 36, 38, 39; Discover 6011, 644–649, 65; JCB 3528–3589 and
     * the 15-digit 1800, 2131; UnionPay 62, 81; Maestro 50, 56–69; Mir 2200–2204; RuPay 60, 65, 81, 82, 508;
     * UATP 1 with 15 digits. Everything starting with 5 or 6 belongs to some network, so those are accepted whole.
     *
     * <p>A Luhn-valid number outside these ranges (vector group {@code luhn_valid_but_no_known_IIN_prefix}) is not
     * typed as a payment card without a card label; as a long digit run it is still reported as a generic unique
     * identifier by {@link IdentifierDetector}.
     */
    static boolean knownCardPrefix(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() < 12 || c.length() > 19 || !allDigits(c, 0, c.length())) {
            return false;
        }
        int len = c.length();
        int p2 = num(c, 0, 2);
        int p3 = num(c, 0, 3);
        int p4 = num(c, 0, 4);
        switch (c.charAt(0)) {
            case '1':
                return len == 15; // UATP, and JCB's old 1800 range (15 digits)
            case '2':
                return (p4 >= 2221 && p4 <= 2720) || (p4 >= 2200 && p4 <= 2204) || (p4 == 2131 && len == 15);
            case '3':
                return p2 == 34 || p2 == 37 || (p3 >= 300 && p3 <= 305) || p3 == 309 || p2 == 36 || p2 == 38
                        || p2 == 39 || (p4 >= 3528 && p4 <= 3589);
            case '4':
            case '5':
            case '6':
                return true;
            case '8':
                return p2 == 81 || p2 == 82;
            default:
                return false;
        }
    }

    /**
     * National Provider Identifier (CMS, 45 CFR 162.406): 10 digits, the first 1 or 2, the last a Luhn check digit
     * computed over the ISO 7812 prefix 80840 followed by the first nine digits.
     */
    static boolean npi(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 10 || !allDigits(c, 0, 10) || (c.charAt(0) != '1' && c.charAt(0) != '2')) {
            return false;
        }
        return luhnSum("80840" + c) % 10 == 0;
    }

    /**
     * DEA registration number (21 CFR 1301; DEA check-digit rule): two letters, or a letter and 9 (mid-level
     * practitioners' later numbers), then seven digits d1..d7 with (d1 + d3 + d5) + 2 (d2 + d4 + d6) ≡ d7 (mod 10).
     */
    static boolean dea(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 9 || !isLetter(c.charAt(0))
                || !(isLetter(c.charAt(1)) || c.charAt(1) == '9') || !allDigits(c, 2, 9)) {
            return false;
        }
        int[] d = new int[7];
        for (int i = 0; i < 7; i++) {
            d[i] = c.charAt(2 + i) - '0';
        }
        int sum = (d[0] + d[2] + d[4]) + 2 * (d[1] + d[3] + d[5]);
        return sum % 10 == d[6];
    }

    /**
     * Social Security Number (SSA, "Social Security Number Randomization" and POMS RM 10201.035): nine digits
     * AAA-GG-SSSS; area 000, 666 and 900–999 are never issued, nor group 00 or serial 0000; 078-05-1120,
     * 219-09-9999 and 457-55-5462 were printed in advertising and voided. An ITIN (area 9xx) is not an SSN.
     */
    static boolean ssnValid(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 9 || !allDigits(c, 0, 9)) {
            return false;
        }
        int area = num(c, 0, 3);
        int group = num(c, 3, 2);
        int serial = num(c, 5, 4);
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        return !(c.equals("078051120") || c.equals("219099999") || c.equals("457555462"));
    }

    /**
     * Individual Taxpayer Identification Number (IRS): nine digits, area 9xx, group 50–65, 70–88, 90–92 or 94–99
     * (93 is used by ATINs).
     */
    static boolean itin(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 9 || !allDigits(c, 0, 9) || c.charAt(0) != '9') {
            return false;
        }
        int g = num(c, 3, 2);
        return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
    }

    /**
     * ABA routing transit number (ABA / Federal Reserve): nine digits; the first two are a Federal Reserve routing
     * symbol (00–12, 21–32, 61–72, 80); weights 3, 7, 1 repeated give a sum ≡ 0 (mod 10).
     */
    static boolean abaRouting(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 9 || !allDigits(c, 0, 9)) {
            return false;
        }
        int p = num(c, 0, 2);
        if (!(p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80)) {
            return false;
        }
        int[] w = {3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += w[i % 3] * (c.charAt(i) - '0');
        }
        return sum % 10 == 0;
    }

    private static boolean mbiLetter(char c) {
        // CMS MBI format: letters S, L, O, I, B, Z are never used (they look like digits)
        return isLetter(c) && c != 'S' && c != 'L' && c != 'O' && c != 'I' && c != 'B' && c != 'Z';
    }

    /**
     * Medicare Beneficiary Identifier (CMS "Understanding the MBI format"): 11 characters
     * C A AN N A AN N A A N N, where C is 1–9, N a digit, A a letter other than S, L, O, I, B, Z, and AN either;
     * the dashes of the printed form (4-3-4) are not part of it. There is no check digit.
     */
    static boolean mbi(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 11) {
            return false;
        }
        final String pattern = "CAXNAXNAANN";
        for (int i = 0; i < 11; i++) {
            char ch = c.charAt(i);
            boolean ok;
            switch (pattern.charAt(i)) {
                case 'C':
                    ok = ch >= '1' && ch <= '9';
                    break;
                case 'A':
                    ok = mbiLetter(ch);
                    break;
                case 'N':
                    ok = isDigit(ch);
                    break;
                default:
                    ok = isDigit(ch) || mbiLetter(ch);
                    break;
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * US passport book or card number format (US Department of State): nine digits, or a letter followed by eight
     * digits (cards and next-generation books). There is no check digit, so this only checks the shape.
     */
    static boolean usPassportFormat(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 9) {
            return false;
        }
        return (isDigit(c.charAt(0)) || isLetter(c.charAt(0))) && allDigits(c, 1, 9);
    }

    /** ISO 3779 / 49 CFR 565.15 transliteration of VIN letters; I, O, Q are not allowed. */
    private static int vinValue(char c) {
        if (isDigit(c)) {
            return c - '0';
        }
        switch (c) {
            case 'A': case 'J': return 1;
            case 'B': case 'K': case 'S': return 2;
            case 'C': case 'L': case 'T': return 3;
            case 'D': case 'M': case 'U': return 4;
            case 'E': case 'N': case 'V': return 5;
            case 'F': case 'W': return 6;
            case 'G': case 'P': case 'X': return 7;
            case 'H': case 'Y': return 8;
            case 'R': case 'Z': return 9;
            default: return -1; // I, O, Q and anything else
        }
    }

    /**
     * Vehicle Identification Number (ISO 3779, 49 CFR 565.15): 17 characters without I, O, Q; position 9 is a check
     * digit: transliterate letters, weight positions by 8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2, sum mod 11, 10 is X.
     * (The check digit is mandatory for North American VINs; a European VIN without it is not recognised here.)
     */
    static boolean vin(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() != 17) {
            return false;
        }
        final int[] w = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = vinValue(c.charAt(i));
            if (v < 0) {
                return false;
            }
            sum += v * w[i];
        }
        int check = sum % 11;
        char expected = check == 10 ? 'X' : (char) ('0' + check);
        return c.charAt(8) == expected;
    }

    /**
     * IBAN lengths per country (ISO 13616 registry, SWIFT release 2024): a two-letter code followed by the length.
     * Territories that use their mother country's code (e.g. French overseas departments use FR) need no entry.
     */
    private static final String IBAN_LENGTHS =
            "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28EE20EG29ES24FI18FK18"
            + "FO18FR27GB22GE22GI23GL18GR27GT28HN28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21"
            + "LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29QA29RO24RS22RU33SA24SC31SD18SE24SI19"
            + "SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";

    private static int ibanLength(char a, char b) {
        for (int i = 0; i + 3 < IBAN_LENGTHS.length(); i += 4) {
            if (IBAN_LENGTHS.charAt(i) == a && IBAN_LENGTHS.charAt(i + 1) == b) {
                return (IBAN_LENGTHS.charAt(i + 2) - '0') * 10 + (IBAN_LENGTHS.charAt(i + 3) - '0');
            }
        }
        return -1;
    }

    /**
     * International Bank Account Number (ISO 13616-1): country code, two check digits, then the national account
     * (BBAN) of the country's registered length; moving the first four characters to the end and reading letters as
     * 10–35 gives a number ≡ 1 (mod 97) (ISO 7064 MOD 97-10). Spaces of the printed form (groups of four) are
     * ignored.
     */
    static boolean iban(CharSequence s) {
        String c = compact(s);
        if (c == null || c.length() < 15 || c.length() > 34 || !isLetter(c.charAt(0)) || !isLetter(c.charAt(1))
                || !isDigit(c.charAt(2)) || !isDigit(c.charAt(3))) {
            return false;
        }
        if (ibanLength(c.charAt(0), c.charAt(1)) != c.length()) {
            return false;
        }
        int rem = 0;
        int len = c.length();
        for (int k = 0; k < len; k++) {
            char ch = c.charAt((k + 4) % len);
            if (isDigit(ch)) {
                rem = (rem * 10 + (ch - '0')) % 97;
            } else {
                rem = (rem * 100 + (ch - 'A' + 10)) % 97;
            }
        }
        return rem == 1;
    }
}
