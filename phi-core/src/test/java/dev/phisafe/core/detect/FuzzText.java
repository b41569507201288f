package dev.phisafe.core.detect;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Turns fuzzer bytes into a text for the detector fuzz targets.
 *
 * <p>The last input byte picks the mode. Even (a plain-text seed ending in {@code '\n'} is even): the rest of the
 * input is the text, as Jazzer decodes it (UTF-8; non-BMP characters as CESU-8 pairs), except that the private-use
 * characters U+E000..U+E7FF stand for the surrogate units U+D800..U+DFFF — Jazzer's decoder repairs lone
 * surrogates, so this is how a seed (or a mutation) carries one. Odd: the text is assembled from pieces — fuzzer strings, raw UTF-16 units (lone
 * surrogates included), supplementary code points, digit runs, whitespace of every kind, and fragments that steer
 * the detectors into their rules (titles, context words, separators, names, places, e-mail and URL parts) —
 * because coverage-guided mutation alone rarely spells "Dr." or "MRN" next to a number.
 */
final class FuzzText {

    /** Fragments that reach the detectors' rules; kept general, not copied from any data set. */
    private static final String[] FRAGMENTS = {
        "Dr. ", "Dr", "Mr.", "Mrs ", "Ms. ", "Prof.", "MD", "RN", "patient ", "Patient:", "Name:", "name is ",
        "MRN", "MRN:", "SSN", "SSN#", "DOB", "DOB:", "born ", "phone", "Tel", "fax", "Fax:", "email", "ext.",
        "account", "Acct #", "policy", "Medicare", "Medicaid", "ID", "license", "DEA", "NPI", "VIN", "plate",
        "serial", "device", "IP", "URL", "member", "age", "aged", "years old", "-year-old", "yo", "y/o",
        "@", ".", "-", "/", "(", ")", ":", "#", "+", ",", "'", "\u2019", "\"", "_", "%", "&", "=", "?", "*",
        "www.", "http://", "https://", ".com", ".org", "mailto:", "a@b.co", "x.y@z.org",
        "192.168.0.1", "10.0.0.", "::1", "fe80::", "2001:db8::",
        "Anna", "Bob", "Smith", "O'Brien", "McDonald", "van der Berg", "Jean-Luc", "JOHN", "DOE",
        "St.", "Saint ", "Mary's", "Hospital", "Clinic", "Medical Center", "Street", "Ave", "Blvd", "Suite",
        "Boston", "MA", "New York", "NY", "Springfield", "County", "Lake", "02115", "90210-1234", "P.O. Box",
        "January", "Jan.", "March", "May", "1st", "2nd", "21st", "Monday", "1951", "2024", "'99",
        "03/14/1951", "2024-02-02", "14.03.1951", "3/4", "12:30", "555-0143", "(617) 555-0143", "+1 ",
        "123-45-6789", "1HGCM82633A004352", "Parkinson", "Crohn", "Hodgkin", "type 2", "COVID-19", "HbA1c",
        "7.5%", "40 mg", "BP 120/80", "ICD E11.9", "v1.2.3",
        "\u0301", "\u0308", "\u00e9", "\u00d6", "\u0130", "\u00df", "\ufb01", "\u0663", "\u0661\u0662",
        "\uff11\uff12", "\u0416\u0438\u0432\u0430\u0433\u043e", "\u5f20\u4f1f", "\u0645\u062d\u0645\u062f",
        "\ud835\udfd8", "\ud835\udc00\ud835\udc01", "\ud83d\ude00", "\ud800", "\udc00", "\udbff\udfff",
        "\u0000", "\u200b", "\u200d", "\ufeff", "\ufffd", "\u2028", "\u00a0", "\u3000",
    };

    private static final String[] SPACES = {" ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\u00a0", "\u2029", "\u000b"};

    private FuzzText() {
    }

    static String from(FuzzedDataProvider data) {
        if (data.remainingBytes() == 0) {
            return "";
        }
        int mode = data.consumeByte();
        if ((mode & 1) == 0) {
            return withLoneSurrogates(data.consumeRemainingAsString());
        }
        StringBuilder sb = new StringBuilder();
        // bounded: every step consumes input or stops the loop, and the text stays small
        while (data.remainingBytes() > 0 && sb.length() < 20_000) {
            switch (data.consumeInt(0, 9)) {
                case 0:
                case 1:
                    sb.append(data.consumeString(24));
                    break;
                case 2:
                    sb.append(data.consumeChar());
                    break;
                case 3:
                    sb.appendCodePoint(data.consumeInt(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT));
                    break;
                case 4:
                case 5:
                    sb.append(data.pickValue(FRAGMENTS));
                    break;
                case 6: {
                    String unit = data.pickValue(FRAGMENTS);
                    int times = data.consumeInt(1, 400);
                    for (int i = 0; i < times; i++) {
                        sb.append(unit);
                    }
                    break;
                }
                case 7:
                    sb.append(data.pickValue(SPACES));
                    break;
                case 8: {
                    String digits = Long.toString(data.consumeLong() & Long.MAX_VALUE);
                    sb.append(digits, 0, Math.min(digits.length(), data.consumeInt(1, 19)));
                    break;
                }
                default: {
                    // runs of one character: long digit strings, separators, '@' and '.'
                    char c = data.pickValue(new char[] {'0', '7', '-', '.', '/', '@', ' ', 'A', 'x', '\''});
                    int times = data.consumeInt(1, 2000);
                    for (int i = 0; i < times; i++) {
                        sb.append(c);
                    }
                    break;
                }
            }
        }
        return sb.toString();
    }

    /** Maps U+E000..U+E7FF to the surrogate units U+D800..U+DFFF, one for one. */
    static String withLoneSurrogates(String s) {
        char[] cs = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\ue000' && c < '\ue800') {
                if (cs == null) {
                    cs = s.toCharArray();
                }
                cs[i] = (char) (c - '\ue000' + '\ud800');
            }
        }
        return cs == null ? s : new String(cs);
    }
}
