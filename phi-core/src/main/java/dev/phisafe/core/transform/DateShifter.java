package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Shifts dates by a per-patient offset, so that a pseudonymized record keeps every interval between the dates of
 * one patient (days from admission to discharge, age at diagnosis to within the offset) while no date is real.
 * Peers get this wrong by drawing a new random amount per date, which destroys intervals; here the offset is a
 * keyed function of the patient, the same in every document, session and process that uses the same key.
 *
 * <p><b>Offset.</b> {@link #offsetDays(PhiContext)} is a whole number of days in
 * {@code [-maxShiftDays, +maxShiftDays]} without 0, taken from
 * {@code HMAC(key, "date-shift|v1|" + tenant + "|" + patient)} (first 8 bytes, reduced modulo {@code 2 * max}; the
 * bias is below 2<sup>-50</sup>). A context without a patient uses its conversation instead:
 * {@code "date-shift|v1|" + tenant + "||" + conversation} — ids cannot contain {@code |} or be empty, so the two
 * forms never collide. Without a patient id, dates of one person are consistent within one conversation only.
 *
 * <p><b>Formats.</b> {@link #shift(String, PhiContext)} reads every shape the built-in date detector reports and
 * writes the shifted date back in the same shape: separators, field order, zero padding, month-name length and
 * case, ordinal suffix (recomputed: 1st, 2nd, 23rd), two-digit years, spelled words ("january fifth , nineteen
 * sixty-one" stays spelled), the weekday (recomputed for the new date), and an attached time of day, which is
 * kept as it is. Particular cases:
 * <ul>
 *   <li>numeric day/month order: a number above 12 decides; otherwise {@code d.m.y} with dots and {@code m/d/y}
 *       with slashes or dashes;</li>
 *   <li>two-digit years ({@code 02/04/23}, {@code '23}) are read in the fixed window 1950–2049 and stay two-digit;
 *       a shift that leaves the window fails (see below);</li>
 *   <li>a date without a year ({@code May 5}, {@code the 3rd of May}, {@code 04/10}) is shifted as a date of the
 *       leap year 2000 and written back without a year; its weekday, if any, moves by the offset modulo 7;</li>
 *   <li>a month-precision date ({@code May 2023}, {@code 03/2021}) is shifted as its 15th, and the month and year
 *       of the result are written back, so it moves by the offset rounded to whole months;</li>
 *   <li>a day range ({@code May 5-7, 2023}) shifts both days; a range the shift would split across two months
 *       fails;</li>
 *   <li>where the original cannot show its style, it is inferred: {@code 12/25/2023} is taken as zero-padded
 *       unless its other number shows otherwise ({@code 12/5/2023}), a two-digit day next to a spaced month name
 *       as unpadded ({@code May 12}); {@code May} is taken as a full name, except glued to a separator
 *       ({@code May-2023}, {@code 17-May-2023}), followed by a dot ({@code May.}) or after an abbreviated
 *       weekday ({@code Sat, May 11}); abbreviations are written with three letters ({@code Tues} becomes
 *       {@code Wed}), except {@code Sept} for September when the original used it.</li>
 * </ul>
 *
 * <p><b>Fail closed.</b> Text it cannot read, and a shifted date that has no form in the original format, raise a
 * {@link PhiProcessingException} whose message names no value; the caller then removes the date. Every result is
 * read back and checked to be the original plus the offset before it is returned.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the key id and the bound, never key material.
 *
 * <pre>{@code
 * DateShifter shifter = DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(key, "k1")).build();
 * String shifted = shifter.shift("April 12th, 2023", context);   // e.g. "February 3rd, 2023"
 * }</pre>
 */
public final class DateShifter {

    /** The default bound on the offset: one year either way. */
    public static final int DEFAULT_MAX_SHIFT_DAYS = 365;
    /** The largest bound accepted: ten years. */
    public static final int MAX_MAX_SHIFT_DAYS = 3650;

    private static final String DOMAIN = "date-shift|v1|";

    private final KeyedHash keyedHash;
    private final int maxShiftDays;

    private DateShifter(Builder b) {
        this.keyedHash = b.keyedHash;
        this.maxShiftDays = b.maxShiftDays;
    }

    /** @return a new builder; {@link Builder#keyedHash} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this shifter's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keyedHash = keyedHash;
        b.maxShiftDays = maxShiftDays;
        return b;
    }

    /** @return the bound on the offset, in days */
    public int maxShiftDays() {
        return maxShiftDays;
    }

    /** @return the non-secret id of the key the offsets derive from, for results and audit events */
    public String keyId() {
        return keyedHash.keyId();
    }

    /**
     * The offset of the patient of {@code context} (or of its conversation when it names no patient).
     *
     * @param context the tenant, conversation and patient
     * @return a number of days in {@code [-maxShiftDays, +maxShiftDays]}, never 0
     * @throws PhiProcessingException if the keyed hash fails (no key): nothing may be released unshifted
     */
    public int offsetDays(PhiContext context) {
        Objects.requireNonNull(context, "context");
        String input = context.patient() != null
                ? DOMAIN + context.tenant() + "|" + context.patient()
                : DOMAIN + context.tenant() + "||" + context.conversation();
        byte[] tag;
        try {
            tag = keyedHash.hash(input.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new PhiProcessingException("the keyed hash for date shifting failed", e);
        }
        if (tag == null || tag.length < 8) {
            throw new PhiProcessingException("the keyed hash for date shifting returned fewer than 8 bytes");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (tag[i] & 0xFF);
        }
        int idx = (int) Long.remainderUnsigned(v, 2L * maxShiftDays);
        // [0, max) -> [-max, -1]; [max, 2max) -> [1, max]: zero is excluded, a shift must move the date
        return idx < maxShiftDays ? idx - maxShiftDays : idx - maxShiftDays + 1;
    }

    /**
     * Shifts one date by the offset of the context's patient and writes it in its own format.
     *
     * @param dateText the text of one date span, as the date detector reports it
     * @param context  whose offset to use
     * @return the shifted date in the format of {@code dateText}
     * @throws PhiProcessingException if the text is not a date in a supported format, or the shifted date cannot
     *                                be written in that format; the message names no value
     */
    public String shift(String dateText, PhiContext context) {
        Objects.requireNonNull(dateText, "dateText");
        return shiftBy(dateText, offsetDays(context));
    }

    /**
     * Shifts a date of model output back by the context's offset, for the authorized caller: the inverse of
     * {@link #shift}. Month-precision dates ("May 2023") were shifted as their 15th and come back as that month.
     *
     * @param shiftedText a date the model wrote in the shifted time frame
     * @param context     whose offset to undo
     * @param access      who reveals the real date, and why
     * @return the date in the real time frame, in the same format
     * @throws PhiProcessingException if the text is not a supported date
     */
    public String unshift(String shiftedText, PhiContext context, dev.phisafe.core.vault.PhiAccess access) {
        Objects.requireNonNull(shiftedText, "shiftedText");
        Objects.requireNonNull(access, "access");
        int days = -offsetDays(context);
        DateText d = DateText.parse(shiftedText, DateText.ORDER_NONE);
        if (d != null && !d.hasYear()) {
            // a date without a year was shifted from the reference year and may have crossed into the year before or
            // after (and over February 29): undo it from the year that brings it back into the reference year
            for (int year = DateText.REFERENCE_YEAR - 1; year <= DateText.REFERENCE_YEAR + 1; year++) {
                try {
                    java.time.LocalDate back = java.time.LocalDate.of(year, d.month, d.hasDay() ? d.day
                            : DateText.REPRESENTATIVE_DAY).plusDays(days);
                    if (back.getYear() == DateText.REFERENCE_YEAR) {
                        int inReference = (int) java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.of(
                                DateText.REFERENCE_YEAR, d.month, d.hasDay() ? d.day : DateText.REPRESENTATIVE_DAY), back);
                        return shiftBy(shiftedText, inReference);
                    }
                } catch (java.time.DateTimeException e) {
                    // February 29 outside a leap year: not this year
                }
            }
        }
        return shiftBy(shiftedText, days);
    }

    /** Shifts by a given number of days (package-private: tests and the property checks use it). */
    static String shiftBy(String dateText, int days) {
        DateText d = DateText.parse(dateText, DateText.ORDER_NONE);
        if (d == null) {
            throw new PhiProcessingException("the date text is not in a supported date format");
        }
        Shifted s = shifted(d, days);
        String out = d.render(s.date, s.weekday, s.rangeEnd);
        // read the result back in the original's order: what we release must mean original + offset
        DateText back = DateText.parse(out, d.order);
        if (back == null || back.year != (d.hasYear() ? s.date.getYear() : 0)
                || back.month != s.date.getMonthValue() || back.day != (d.hasDay() ? s.date.getDayOfMonth() : 0)
                || back.rangeEndDay != s.rangeEnd || back.weekday != (d.weekday >= 0 ? s.weekday : -1)) {
            throw new PhiProcessingException("the shifted date cannot be written unambiguously in its format");
        }
        return out;
    }

    /** The new values of a date shifted by {@code days}, as the class Javadoc specifies. */
    static Shifted shifted(DateText d, int days) {
        int year = d.hasYear() ? d.year : DateText.REFERENCE_YEAR;
        int day = d.hasDay() ? d.day : DateText.REPRESENTATIVE_DAY;
        LocalDate date;
        try {
            date = LocalDate.of(year, d.month, day).plusDays(days);
        } catch (DateTimeException e) {
            throw new PhiProcessingException("the shifted date is outside the supported calendar range");
        }
        int rangeEnd = 0;
        if (d.rangeEndDay > 0) {
            LocalDate end = LocalDate.of(year, d.month, d.rangeEndDay).plusDays(days);
            if (end.getYear() != date.getYear() || end.getMonthValue() != date.getMonthValue()) {
                throw new PhiProcessingException("the shifted day range would span two months");
            }
            rangeEnd = end.getDayOfMonth();
        }
        int weekday = -1;
        if (d.weekday >= 0) {
            // with a year the weekday is recomputed; without one it moves with the offset (true in any year)
            weekday = d.hasYear() ? date.getDayOfWeek().getValue() - 1 : Math.floorMod(d.weekday + days, 7);
        }
        return new Shifted(date, weekday, rangeEnd);
    }

    /** New values of a shifted date. */
    static final class Shifted {
        final LocalDate date;
        final int weekday;
        final int rangeEnd;

        Shifted(LocalDate date, int weekday, int rangeEnd) {
            this.date = date;
            this.weekday = weekday;
            this.rangeEnd = rangeEnd;
        }
    }

    @Override
    public String toString() {
        return "DateShifter{keyId=" + keyedHash.keyId() + ", maxShiftDays=" + maxShiftDays + "}";
    }

    /** Builder of a {@link DateShifter}. Not thread-safe. */
    public static final class Builder {
        private KeyedHash keyedHash;
        private int maxShiftDays = DEFAULT_MAX_SHIFT_DAYS;

        private Builder() {
        }

        /**
         * @param keyedHash the keyed hash the offsets derive from; the same key gives the same offsets everywhere
         * @return this builder
         */
        public Builder keyedHash(KeyedHash keyedHash) {
            this.keyedHash = Objects.requireNonNull(keyedHash, "keyedHash");
            return this;
        }

        /**
         * @param days the bound on the offset, 1 to {@link #MAX_MAX_SHIFT_DAYS}; default
         *             {@link #DEFAULT_MAX_SHIFT_DAYS}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxShiftDays(int days) {
            if (days < 1 || days > MAX_MAX_SHIFT_DAYS) {
                throw new IllegalArgumentException("maxShiftDays must be between 1 and " + MAX_MAX_SHIFT_DAYS
                        + ", got " + days);
            }
            this.maxShiftDays = days;
            return this;
        }

        /**
         * @return the shifter
         * @throws IllegalStateException if no keyed hash was set
         */
        public DateShifter build() {
            if (keyedHash == null) {
                throw new IllegalStateException("a DateShifter needs keyedHash(...): offsets must be keyed");
            }
            return new DateShifter(this);
        }
    }
}
