package dev.phisafe.core.vault;

import dev.phisafe.core.detect.PhiType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The placeholder format of the pseudonym vault, {@code <LABEL_n>} — e.g. {@code <NAME_1>}, {@code <SSN_2>} — and a
 * hand-written scanner that recognises it, for the filter that writes placeholders and the re-identifier that reads
 * them back out of model output.
 *
 * <p><b>Format.</b> {@code '<'}, the label of a {@link PhiType} (table below), {@code '_'}, a decimal number from 1 to
 * 999,999,999 without leading zeros, {@code '>'}. Numbers count from 1 per (conversation, type) in the vault. The
 * canonical form has an upper-case label; {@link #matchIgnoreCase} also accepts the case changes models make
 * ({@code <name_1>}, {@code <Name_1>}), which {@link #canonical} folds back.
 *
 * <table>
 *   <caption>Labels</caption>
 *   <tr><th>PhiType</th><th>label</th></tr>
 *   <tr><td>NAME</td><td>NAME</td></tr>
 *   <tr><td>GEOGRAPHIC_LOCATION</td><td>LOCATION</td></tr>
 *   <tr><td>DATE</td><td>DATE</td></tr>
 *   <tr><td>AGE_OVER_89</td><td>AGE</td></tr>
 *   <tr><td>PHONE_NUMBER</td><td>PHONE</td></tr>
 *   <tr><td>FAX_NUMBER</td><td>FAX</td></tr>
 *   <tr><td>EMAIL_ADDRESS</td><td>EMAIL</td></tr>
 *   <tr><td>SOCIAL_SECURITY_NUMBER</td><td>SSN</td></tr>
 *   <tr><td>MEDICAL_RECORD_NUMBER</td><td>MRN</td></tr>
 *   <tr><td>HEALTH_PLAN_BENEFICIARY_NUMBER</td><td>HEALTH_PLAN_ID</td></tr>
 *   <tr><td>ACCOUNT_NUMBER</td><td>ACCOUNT</td></tr>
 *   <tr><td>CERTIFICATE_LICENSE_NUMBER</td><td>LICENSE</td></tr>
 *   <tr><td>VEHICLE_IDENTIFIER</td><td>VEHICLE_ID</td></tr>
 *   <tr><td>DEVICE_IDENTIFIER</td><td>DEVICE_ID</td></tr>
 *   <tr><td>URL</td><td>URL</td></tr>
 *   <tr><td>IP_ADDRESS</td><td>IP</td></tr>
 *   <tr><td>BIOMETRIC_IDENTIFIER</td><td>BIOMETRIC</td></tr>
 *   <tr><td>FULL_FACE_PHOTO</td><td>PHOTO</td></tr>
 *   <tr><td>UNIQUE_IDENTIFIER</td><td>ID</td></tr>
 * </table>
 *
 * <p><b>Scanning untrusted text.</b> {@link #match} and {@link #matchIgnoreCase} look at most {@link #maxLength()}
 * characters from {@code from} and never use {@code java.util.regex} (linear time on any input: calling them at
 * every index of a text costs at most {@code maxLength()} per index). A streaming re-identifier therefore never needs
 * to hold back more than {@code maxLength() - 1} characters. Placeholders are plain ASCII, so a match never starts or
 * ends inside a surrogate pair.
 *
 * <p>Placeholders hold no PHI (a type and a counter), so they may appear in logs and exception messages. They are
 * pseudonyms, not de-identification: with the vault they are a re-identification code (45 CFR 164.514(c)).
 *
 * <p>Stateless and thread-safe.
 */
public final class Placeholders {

    /** Largest number a placeholder may carry: nine digits always fit an {@code int}. */
    public static final int MAX_NUMBER = 999_999_999;

    private static final int MAX_DIGITS = 9;
    private static final Map<PhiType, String> LABELS = new EnumMap<>(PhiType.class);
    /** Labels indexed by {@link PhiType#ordinal()}, for the scanner. */
    private static final String[] BY_ORDINAL;
    private static final PhiType[] TYPES = PhiType.values();
    private static final int MAX_LABEL;
    private static final int MAX_LENGTH;

    static {
        LABELS.put(PhiType.NAME, "NAME");
        LABELS.put(PhiType.GEOGRAPHIC_LOCATION, "LOCATION");
        LABELS.put(PhiType.DATE, "DATE");
        LABELS.put(PhiType.AGE_OVER_89, "AGE");
        LABELS.put(PhiType.PHONE_NUMBER, "PHONE");
        LABELS.put(PhiType.FAX_NUMBER, "FAX");
        LABELS.put(PhiType.EMAIL_ADDRESS, "EMAIL");
        LABELS.put(PhiType.SOCIAL_SECURITY_NUMBER, "SSN");
        LABELS.put(PhiType.MEDICAL_RECORD_NUMBER, "MRN");
        LABELS.put(PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, "HEALTH_PLAN_ID");
        LABELS.put(PhiType.ACCOUNT_NUMBER, "ACCOUNT");
        LABELS.put(PhiType.CERTIFICATE_LICENSE_NUMBER, "LICENSE");
        LABELS.put(PhiType.VEHICLE_IDENTIFIER, "VEHICLE_ID");
        LABELS.put(PhiType.DEVICE_IDENTIFIER, "DEVICE_ID");
        LABELS.put(PhiType.URL, "URL");
        LABELS.put(PhiType.IP_ADDRESS, "IP");
        LABELS.put(PhiType.BIOMETRIC_IDENTIFIER, "BIOMETRIC");
        LABELS.put(PhiType.FULL_FACE_PHOTO, "PHOTO");
        LABELS.put(PhiType.UNIQUE_IDENTIFIER, "ID");
        BY_ORDINAL = new String[TYPES.length];
        int max = 0;
        for (PhiType t : TYPES) {
            String label = LABELS.get(t);
            if (label == null) {
                // a new PhiType without a label must fail the build's tests, not produce "<null_1>"
                throw new ExceptionInInitializerError("no placeholder label for PhiType " + t);
            }
            BY_ORDINAL[t.ordinal()] = label;
            max = Math.max(max, label.length());
        }
        MAX_LABEL = max;
        MAX_LENGTH = 1 + MAX_LABEL + 1 + MAX_DIGITS + 1;
    }

    private Placeholders() {
    }

    /**
     * @param type a PHI type
     * @return its placeholder label, e.g. {@code "HEALTH_PLAN_ID"} for {@link PhiType#HEALTH_PLAN_BENEFICIARY_NUMBER}
     */
    public static String label(PhiType type) {
        return BY_ORDINAL[type.ordinal()];
    }

    /**
     * @param type   a PHI type
     * @param number 1 to {@link #MAX_NUMBER}
     * @return the canonical placeholder, e.g. {@code "<NAME_3>"}
     * @throws IllegalArgumentException if {@code number} is out of range
     */
    public static String of(PhiType type, int number) {
        Objects.requireNonNull(type, "type");
        if (number < 1 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("placeholder numbers run from 1 to " + MAX_NUMBER + ", got " + number);
        }
        if (number <= CACHED) {
            String[] row = CACHE[type.ordinal()];
            String p = row[number - 1];
            if (p == null) {
                p = "<" + label(type) + "_" + number + ">";
                row[number - 1] = p; // a race writes an equal string: harmless
            }
            return p;
        }
        return "<" + label(type) + "_" + number + ">";
    }

    /** The placeholders numbered up to this are made once and kept (a conversation rarely has more of a type). */
    private static final int CACHED = 256;
    private static final String[][] CACHE = new String[PhiType.values().length][CACHED];

    /**
     * @return the length of the longest possible placeholder ({@value #MAX_NUMBER} in the longest label): the most a
     *         streaming re-identifier must hold back is one less than this
     */
    public static int maxLength() {
        return MAX_LENGTH;
    }

    /**
     * Recognises a canonical placeholder (upper-case label) starting at {@code from}.
     *
     * @param s    any text
     * @param from an index in {@code [0, s.length()]}
     * @return the end index (exclusive) of the placeholder that starts at {@code from}, or -1 if none does
     * @throws IndexOutOfBoundsException if {@code from} is outside {@code [0, s.length()]}
     */
    public static int match(CharSequence s, int from) {
        return scan(s, from, false);
    }

    /**
     * Like {@link #match}, but accepts the label in any ASCII letter case ({@code <name_1>}, {@code <Name_1>}), as
     * models write it. Use {@link #canonical} to get the vault's form.
     *
     * @param s    any text
     * @param from an index in {@code [0, s.length()]}
     * @return the end index (exclusive) of the placeholder that starts at {@code from}, or -1 if none does
     */
    public static int matchIgnoreCase(CharSequence s, int from) {
        return scan(s, from, true);
    }

    /**
     * @param s    a text
     * @param from start of a placeholder found by {@link #matchIgnoreCase}
     * @param end  its end
     * @return the canonical placeholder, e.g. {@code "<NAME_1>"} for {@code "<Name_1>"}
     * @throws IllegalArgumentException if {@code s[from, end)} is not a placeholder in any case
     */
    public static String canonical(CharSequence s, int from, int end) {
        if (scan(s, from, true) != end) {
            throw new IllegalArgumentException("not a placeholder at [" + from + ", " + end + ")");
        }
        StringBuilder b = new StringBuilder(end - from);
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            b.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
        }
        return b.toString();
    }

    /**
     * @param placeholder a whole placeholder, in any case
     * @return its type
     * @throws IllegalArgumentException if the argument is not exactly one placeholder
     */
    public static PhiType type(CharSequence placeholder) {
        int labelEnd = whole(placeholder);
        return TYPES[labelIndex(placeholder, 1, labelEnd, true)];
    }

    /**
     * @param placeholder a whole placeholder, in any case
     * @return its number, 1 to {@link #MAX_NUMBER}
     * @throws IllegalArgumentException if the argument is not exactly one placeholder
     */
    public static int number(CharSequence placeholder) {
        int labelEnd = whole(placeholder);
        int n = 0;
        for (int i = labelEnd + 1; i < placeholder.length() - 1; i++) {
            n = n * 10 + (placeholder.charAt(i) - '0');
        }
        return n;
    }

    /** @return the index of the '_' before the number of a whole placeholder */
    private static int whole(CharSequence p) {
        Objects.requireNonNull(p, "placeholder");
        if (scan(p, 0, true) != p.length()) {
            // the argument may be model output: say how long it was, never what it held
            throw new IllegalArgumentException("not a placeholder (length " + p.length() + ")");
        }
        int i = p.length() - 2;
        while (p.charAt(i) != '_') {
            i--;
        }
        return i;
    }

    /**
     * The scanner: '<', a run of letters and '_' (at most MAX_LABEL + 1 chars, ending with the separator '_'), 1–9
     * digits without a leading zero, '>'. Every loop is bounded by maxLength(), whatever the input.
     */
    private static int scan(CharSequence s, int from, boolean ignoreCase) {
        int n = s.length();
        if (from < 0 || from > n) {
            throw new IndexOutOfBoundsException("from " + from + " outside [0, " + n + "]");
        }
        if (from >= n || s.charAt(from) != '<') {
            return -1;
        }
        int i = from + 1;
        int limit = Math.min(n, i + MAX_LABEL + 1);
        while (i < limit && isLabelChar(s.charAt(i), ignoreCase)) {
            i++;
        }
        // the run holds LABEL + '_' (labels themselves may contain '_', e.g. HEALTH_PLAN_ID)
        int sep = i - 1;
        if (sep <= from + 1 || s.charAt(sep) != '_' || labelIndex(s, from + 1, sep, ignoreCase) < 0) {
            return -1;
        }
        int d = i;
        int dLimit = Math.min(n, d + MAX_DIGITS);
        if (d >= n || s.charAt(d) < '1' || s.charAt(d) > '9') {
            return -1;
        }
        d++;
        while (d < dLimit && s.charAt(d) >= '0' && s.charAt(d) <= '9') {
            d++;
        }
        if (d >= n || s.charAt(d) != '>') {
            return -1;
        }
        return d + 1;
    }

    private static boolean isLabelChar(char c, boolean ignoreCase) {
        return c >= 'A' && c <= 'Z' || c == '_' || ignoreCase && c >= 'a' && c <= 'z';
    }

    /** @return the ordinal of the type whose label is {@code s[start, end)}, or -1 */
    private static int labelIndex(CharSequence s, int start, int end, boolean ignoreCase) {
        int len = end - start;
        for (int t = 0; t < BY_ORDINAL.length; t++) {
            String label = BY_ORDINAL[t];
            if (label.length() != len) {
                continue;
            }
            int k = 0;
            while (k < len) {
                char c = s.charAt(start + k);
                if (ignoreCase && c >= 'a' && c <= 'z') {
                    c = (char) (c - ('a' - 'A'));
                }
                if (c != label.charAt(k)) {
                    break;
                }
                k++;
            }
            if (k == len) {
                return t;
            }
        }
        return -1;
    }
}
