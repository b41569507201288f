package dev.phisafe.core.transform;

/**
 * Generalizes a date to its year, as Safe Harbor allows (45 CFR 164.514(b)(2)(i)(C): "all elements of dates
 * (except year)" are removed): {@code "April 12th, 2023"}, {@code "04/21/2023"}, {@code "Monday, May 5, 2023 at
 * 9:30 AM"} and {@code "May 2023"} all become {@code "2023"}.
 *
 * <ul>
 *   <li>Two-digit years are read in the fixed window 1950–2049 ({@code "Jan 9th '23"} gives {@code "2023"},
 *       {@code "5/61"} gives {@code "1961"}) and written with four digits; spelled years
 *       ({@code "nineteen sixty-one"}) are written as digits.</li>
 *   <li>A date without a year ({@code "May 5"}, {@code "04/10"}) keeps nothing: {@link #YEARLESS}. So does text
 *       that is not a date in a supported format — removing an element is always allowed, so this never fails.</li>
 *   <li>Not handled here: Safe Harbor also removes a year "indicative of" an age over 89 (a birth year more than
 *       89 years back). Only the caller knows that a year is a birth year; it must aggregate such years itself.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; holds no state.
 */
public final class DateGeneralizer {

    /** What a date without a year (or an unreadable one) becomes. */
    public static final String YEARLESS = "[DATE]";

    private static final DateGeneralizer STANDARD = new DateGeneralizer();

    private DateGeneralizer() {
    }

    /** @return the generalizer */
    public static DateGeneralizer standard() {
        return STANDARD;
    }

    /**
     * @param dateText the text of one date span
     * @return its four-digit year, or {@link #YEARLESS}
     */
    public String generalize(String dateText) {
        DateText d = DateText.parse(dateText, DateText.ORDER_NONE);
        return d == null || !d.hasYear() ? YEARLESS : Integer.toString(d.year);
    }

    @Override
    public String toString() {
        return "DateGeneralizer{year only, two-digit years 1950-2049}";
    }
}
