package dev.phisafe.core.audit;

import java.util.regex.Pattern;

/**
 * The one gate every caller-supplied string of an {@link AuditEvent} passes: an opaque identifier from a small
 * charset, never free text. Rejections name the field and the rule, never the value (it may be PHI).
 */
final class Identifiers {
    /** Letters, digits and {@code . _ : @ / # * | -}; no spaces, so no prose, no names with spaces, no notes. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/#*|-]{1,128}");
    /**
     * Shapes that are PHI whatever the field: US SSN, NANP phone number, calendar dates. They pass the charset, so
     * they are refused here (45 CFR 164.514(b)(2)(i)(C), (D), (G)).
     */
    private static final Pattern PHI_SHAPE = Pattern.compile(
            "(?<![0-9])(?:[0-9]{3}-[0-9]{2}-[0-9]{4}"
                    + "|[0-9]{3}[-.][0-9]{3}[-.][0-9]{4}"
                    + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                    + "|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})(?![0-9])");

    private Identifiers() {
    }

    /**
     * @param field the field's name, for the message
     * @param value the candidate
     * @return {@code value}, checked
     * @throws IllegalArgumentException if it is null, not an identifier, or PHI-shaped; the message omits the value
     */
    static String check(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be an opaque identifier of 1-128 characters from "
                    + "[A-Za-z0-9._:@/#*|-] (got " + value.length() + " characters; value not shown: audit events "
                    + "never hold free text)");
        }
        if (PHI_SHAPE.matcher(value).find()) {
            throw new IllegalArgumentException(field + " has the shape of an SSN, phone number or date (value not "
                    + "shown): audit events never hold PHI");
        }
        return value;
    }

    /**
     * For a vendor's model name: a trailing release date such as {@code gpt-4o-2024-08-06} is a version, not a date
     * of an individual (164.514(b)(2)(i)(C) is about dates directly related to one), so a {@code -YYYY-MM-DD} or
     * {@code -YYYYMMDD} suffix after a name is set aside before the check; every other shape is refused as usual.
     *
     * @param field the field's name, for the message
     * @param value the candidate
     * @return {@code value}, checked
     * @throws IllegalArgumentException as for {@link #check}
     */
    static String checkModelName(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        java.util.regex.Matcher m = RELEASE_SUFFIX.matcher(value);
        if (m.matches() && ID.matcher(value).matches()) {
            check(field, m.group(1));
            return value;
        }
        return check(field, value);
    }

    private static final Pattern RELEASE_SUFFIX = Pattern.compile(
            "([A-Za-z][A-Za-z0-9._:@/#*|-]{0,110}?)-(?:20[0-9]{2}-[01][0-9]-[0-3][0-9]|20[0-9]{2}[01][0-9][0-3][0-9])");

    /** @return whether {@code value} would pass {@link #check} */
    static boolean valid(String value) {
        return value != null && ID.matcher(value).matches() && !PHI_SHAPE.matcher(value).find();
    }
}
