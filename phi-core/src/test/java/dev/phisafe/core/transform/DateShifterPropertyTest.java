package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.spi.KeyedHash;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The acceptance property of issue 3 for date shifting: over 1,000 generated documents of 100 patients (3–8 dates
 * each, random formats, random real dates with leap days, month ends and year boundaries), shifted through the
 * real date detector as a filter would,
 * <ol>
 *   <li>every interval in days between two dates of one patient is preserved (across all of that patient's
 *       documents);</li>
 *   <li>every date keeps its format: the shifted text is exactly what the generator's own renderer (written here,
 *       independently of the shifter) produces for the shifted date in the original's format — allowing, where
 *       the original cannot tell (is "12/25" zero-padded? is "May" abbreviated?), any format that renders the
 *       original identically;</li>
 *   <li>offsets are the same in a second shifter instance with the same key, and differ between patients almost
 *       always.</li>
 * </ol>
 */
class DateShifterPropertyTest {

    private static final int DOCUMENTS = 1000;
    private static final int PATIENTS = 100;

    private static final int LOWER = 0;
    private static final int UPPER = 1;
    private static final int CAPITAL = 2;

    enum Precision { DAY, MONTH, YEARLESS }

    /** Formats, each with its precision; the renderer below is the test's oracle. */
    enum Layout {
        M_D_YYYY_SLASH(Precision.DAY), M_D_YYYY_DASH(Precision.DAY), M_D_YY(Precision.DAY), D_M_YYYY_DOT(Precision.DAY),
        ISO(Precision.DAY), ISO_SLASH(Precision.DAY), ISO_TIME(Precision.DAY), ISO_T_Z(Precision.DAY),
        M_D_YYYY_AT_TIME(Precision.DAY), SPACED_SLASHES(Precision.DAY),
        MONTH_D_YYYY(Precision.DAY), MONTH_DTH_YYYY(Precision.DAY), ABBR_DOT_DTH_APOS_YY(Precision.DAY),
        D_MONTH_YYYY(Precision.DAY), DD_MON_YYYY(Precision.DAY), DTH_OF_MONTH_YYYY(Precision.DAY),
        WEEKDAY_MONTH_D_YYYY(Precision.DAY), WKD_MON_D_YYYY_AT_TIME(Precision.DAY), MONTH_DTH_APOS_YY(Precision.DAY),
        SPELLED_PAIR(Precision.DAY), SPELLED_THOUSAND(Precision.DAY), MONTH_D_YYYY_NO_COMMA(Precision.DAY),
        MONTH_YYYY(Precision.MONTH), MM_YYYY(Precision.MONTH), MONTH_OF_YYYY(Precision.MONTH),
        MON_DASH_YYYY(Precision.MONTH),
        MONTH_D(Precision.YEARLESS), DTH_OF_MONTH(Precision.YEARLESS), WEEKDAY_MONTH_D(Precision.YEARLESS),
        MM_DD(Precision.YEARLESS);

        final Precision precision;

        Layout(Precision precision) {
            this.precision = precision;
        }
    }

    /** Style choices a layout may leave open. */
    static final class Style {
        final boolean padM;
        final boolean padD;
        final boolean abbr;
        final boolean thousand;
        final boolean and;
        final int caseStyle;

        Style(boolean padM, boolean padD, boolean abbr, boolean thousand, boolean and, int caseStyle) {
            this.padM = padM;
            this.padD = padD;
            this.abbr = abbr;
            this.thousand = thousand;
            this.and = and;
            this.caseStyle = caseStyle;
        }

        List<Style> variants() {
            List<Style> out = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                out.add(new Style((i & 1) != 0, (i & 2) != 0, (i & 4) != 0, (i & 8) != 0, (i & 16) != 0, caseStyle));
            }
            return out;
        }
    }

    /** One generated date in a document. */
    static final class Item {
        final Layout layout;
        final Style style;
        final LocalDate date;
        final String time;
        final String text;
        int start;
        String shifted;

        Item(Layout layout, Style style, LocalDate date, String time) {
            this.layout = layout;
            this.style = style;
            this.date = date;
            this.time = time;
            this.text = render(layout, style, date.getMonthValue(), date.getDayOfMonth(), date.getYear(),
                    date.getDayOfWeek().getValue() - 1, time);
        }
    }

    @Test
    void thousandDocumentsOfHundredPatients_keepIntervalsAndFormats() {
        byte[] key = DateShifterTest.KEY;
        DateShifter shifter = DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(key, "k")).build();
        DateShifter again = DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(key.clone(), "k")).build();
        PhiDetectors dates = PhiDetectors.builder().only(PhiType.DATE).build();
        Random rnd = new Random(20240229L);

        Map<Integer, List<Item>> byPatient = new HashMap<>();
        Map<Layout, Integer> layoutCounts = new HashMap<>();
        int dateCount = 0;
        int detectedExactly = 0;
        for (int doc = 0; doc < DOCUMENTS; doc++) {
            int patient = doc % PATIENTS;
            PhiContext ctx = PhiContext.builder().tenant("hospital-1").conversation("doc-" + doc)
                    .patient("patient-" + patient).build();
            int count = 3 + rnd.nextInt(6);
            StringBuilder sb = new StringBuilder("Note " + doc + ".");
            List<Item> items = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                Item it = generate(rnd);
                sb.append(it.layout == Layout.DTH_OF_MONTH_YYYY || it.layout == Layout.DTH_OF_MONTH
                        ? " Seen on the " : " Seen on ");
                it.start = sb.length();
                sb.append(it.text).append("; BP 120/80, pain 3/10, 2 tabs daily.");
                items.add(it);
                layoutCounts.merge(it.layout, 1, Integer::sum);
            }
            String text = sb.toString();

            // the filter's path: detect, then shift every DATE span of this document with the patient's offset
            List<PhiSpan> spans = dates.detect(text);
            StringBuilder out = new StringBuilder();
            int pos = 0;
            Map<Integer, String> shiftedAt = new HashMap<>();
            for (PhiSpan s : spans) {
                String shifted = shifter.shift(text.substring(s.start(), s.end()), ctx);
                shiftedAt.put(s.start() * 1_000_003 + s.end(), shifted);
                out.append(text, pos, s.start()).append(shifted);
                pos = s.end();
            }
            out.append(text.substring(pos));
            for (Item it : items) {
                String hit = shiftedAt.get(it.start * 1_000_003 + it.start + it.text.length());
                assertThat(hit).as("detector reports %s as one span (%s)", it.text, it.layout).isNotNull();
                detectedExactly++;
                it.shifted = hit;
                assertThat(out.toString()).contains(hit);
            }
            assertThat(spans).hasSize(items.size());   // nothing else in the filler is a date
            byPatient.computeIfAbsent(patient, p -> new ArrayList<>()).addAll(items);
            dateCount += count;
        }

        // (b) formats and values, (a) intervals
        int formatChecked = 0;
        long intervals = 0;
        int[] precisionCounts = new int[3];
        Map<Integer, Integer> offsets = new HashMap<>();
        for (Map.Entry<Integer, List<Item>> e : byPatient.entrySet()) {
            PhiContext ctx = PhiContext.builder().tenant("hospital-1").conversation("other")
                    .patient("patient-" + e.getKey()).build();
            int off = shifter.offsetDays(ctx);
            assertThat(again.offsetDays(ctx)).isEqualTo(off);
            offsets.put(e.getKey(), off);
            List<LocalDate> origDays = new ArrayList<>();
            List<LocalDate> shiftedDays = new ArrayList<>();
            for (Item it : e.getValue()) {
                precisionCounts[it.layout.precision.ordinal()]++;
                assertThat(expectedTexts(it, off)).as("format of %s (%s) shifted by %d", it.text, it.layout, off)
                        .contains(it.shifted);
                formatChecked++;
                if (it.layout.precision == Precision.DAY) {
                    DateText o = DateText.parse(it.text, DateText.ORDER_NONE);
                    DateText s = DateText.parse(it.shifted, o.order);
                    LocalDate od = LocalDate.of(o.year, o.month, o.day);
                    assertThat(od).as("read back %s", it.text).isEqualTo(it.date);
                    origDays.add(od);
                    shiftedDays.add(LocalDate.of(s.year, s.month, s.day));
                }
            }
            for (int i = 0; i < origDays.size(); i++) {
                assertThat(ChronoUnit.DAYS.between(origDays.get(i), shiftedDays.get(i))).isEqualTo(off);
                for (int j = i + 1; j < origDays.size(); j++) {
                    assertThat(ChronoUnit.DAYS.between(shiftedDays.get(i), shiftedDays.get(j)))
                            .isEqualTo(ChronoUnit.DAYS.between(origDays.get(i), origDays.get(j)));
                    intervals++;
                }
            }
        }

        // (c) offsets: a birthday bound gives about 6 colliding pairs among 100 patients over 730 values
        Set<Integer> distinct = new HashSet<>(offsets.values());
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(88);
        assertThat(offsets.values()).allSatisfy(o -> assertThat(o).isBetween(-365, 365).isNotZero());
        assertThat(offsets.values()).anySatisfy(o -> assertThat(o).isNegative());
        assertThat(offsets.values()).anySatisfy(o -> assertThat(o).isPositive());

        assertThat(layoutCounts).hasSize(Layout.values().length);
        assertThat(dateCount).isGreaterThan(5000);
        System.out.printf(Locale.ROOT, "date-shift property: %d documents, %d patients, %d dates (%d day, %d month,"
                + " %d year-less), %d formats, %d detected as one span, %d formats checked, %d intervals checked,"
                + " %d distinct offsets%n", DOCUMENTS, PATIENTS, dateCount, precisionCounts[0], precisionCounts[1],
                precisionCounts[2], layoutCounts.size(), detectedExactly, formatChecked, intervals, distinct.size());
    }

    /** Every text the original's format can give for the shifted date (several when the original is ambiguous). */
    private static Set<String> expectedTexts(Item it, int off) {
        LocalDate target;
        int weekday = Math.floorMod(it.date.getDayOfWeek().getValue() - 1 + off, 7);
        switch (it.layout.precision) {
            case DAY:
                target = it.date.plusDays(off);
                break;
            case MONTH:
                target = LocalDate.of(it.date.getYear(), it.date.getMonthValue(), 15).plusDays(off);
                break;
            default:
                // documented: year-less dates are shifted in the leap year 2000
                target = LocalDate.of(2000, it.date.getMonthValue(), it.date.getDayOfMonth()).plusDays(off);
                break;
        }
        Set<String> out = new LinkedHashSet<>();
        for (Style v : it.style.variants()) {
            String original = render(it.layout, v, it.date.getMonthValue(), it.date.getDayOfMonth(),
                    it.date.getYear(), it.date.getDayOfWeek().getValue() - 1, it.time);
            if (original.equals(it.text)) {
                out.add(render(it.layout, v, target.getMonthValue(), target.getDayOfMonth(), target.getYear(),
                        weekday, it.time));
            }
        }
        return out;
    }

    private static Item generate(Random rnd) {
        Layout layout = Layout.values()[rnd.nextInt(Layout.values().length)];
        LocalDate date = randomDate(rnd);
        // keep two-digit and spelled years away from the edges of their forms (those edges fail closed, unit-tested)
        while ((twoDigit(layout) && (date.getYear() < 1951 || date.getYear() > 2048))
                || (layout == Layout.SPELLED_THOUSAND && date.getYear() < 2000)
                // "May." is no abbreviation to the detector (May has none); a shift into May does write "May."
                || (layout == Layout.ABBR_DOT_DTH_APOS_YY && date.getMonthValue() == 5)) {
            date = randomDate(rnd);
        }
        int caseStyle = rnd.nextInt(3);
        if (layout == Layout.SPELLED_PAIR || layout == Layout.SPELLED_THOUSAND) {
            caseStyle = LOWER;   // as dictated transcripts are written
        } else if (caseStyle == LOWER && (date.getMonthValue() == 3 || date.getMonthValue() == 5)) {
            caseStyle = CAPITAL;   // the detector reads lower-case "may"/"march" as verbs unless clearly a date
        }
        Style style = new Style(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean(),
                layout == Layout.SPELLED_THOUSAND, rnd.nextBoolean(), caseStyle);
        String time = rnd.nextBoolean()
                ? String.format(Locale.ROOT, "%02d:%02d:%02d", rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60))
                : String.format(Locale.ROOT, "%d:%02d %s", 1 + rnd.nextInt(12), rnd.nextInt(60),
                        rnd.nextBoolean() ? "AM" : "pm");
        return new Item(layout, style, date, time);
    }

    private static boolean twoDigit(Layout l) {
        return l == Layout.M_D_YY || l == Layout.ABBR_DOT_DTH_APOS_YY || l == Layout.MONTH_DTH_APOS_YY;
    }

    private static LocalDate randomDate(Random rnd) {
        int year = 1900 + rnd.nextInt(131);
        switch (rnd.nextInt(6)) {
            case 0: {
                int leap = year - year % 4;
                if (leap % 100 == 0 && leap % 400 != 0) {
                    leap += 4;
                }
                return LocalDate.of(leap, 2, 29);
            }
            case 1: {
                LocalDate first = LocalDate.of(year, 1 + rnd.nextInt(12), 1);
                return first.withDayOfMonth(first.lengthOfMonth());
            }
            case 2:
                return rnd.nextBoolean() ? LocalDate.of(year, 12, 31) : LocalDate.of(year, 1, 1);
            default:
                return LocalDate.ofEpochDay(LocalDate.of(1900, 1, 1).toEpochDay() + rnd.nextInt(47_846));
        }
    }

    // ---------------------------------------------------------------------------------------- the oracle

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"};
    private static final String[] SMALL = {"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};
    private static final String[] SMALL_ORD = {"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
        "seventeenth", "eighteenth", "nineteenth"};

    static String render(Layout l, Style s, int m, int d, int y, int weekday, String time) {
        String mm = s.padM ? two(m) : Integer.toString(m);
        String dd = s.padD ? two(d) : Integer.toString(d);
        String month = word(s.abbr ? MONTHS[m - 1].substring(0, 3) : MONTHS[m - 1], s.caseStyle);
        String mon3 = word(MONTHS[m - 1].substring(0, 3), s.caseStyle);
        String wd = word(WEEKDAYS[weekday], s.caseStyle);
        String ord = d + suffix(d);
        String yy = two(y % 100);
        switch (l) {
            case M_D_YYYY_SLASH:
                return mm + "/" + dd + "/" + y;
            case M_D_YYYY_DASH:
                return mm + "-" + dd + "-" + y;
            case M_D_YY:
                return mm + "/" + dd + "/" + yy;
            case D_M_YYYY_DOT:
                return dd + "." + mm + "." + y;
            case ISO:
                return y + "-" + two(m) + "-" + two(d);
            case ISO_SLASH:
                return y + "/" + two(m) + "/" + two(d);
            case ISO_TIME:
                return y + "-" + two(m) + "-" + two(d) + " " + (time.indexOf(' ') < 0 ? time : "12:00:00");
            case ISO_T_Z:
                return y + "-" + two(m) + "-" + two(d) + "T" + (time.indexOf(' ') < 0 ? time : "08:30:00") + "Z";
            case M_D_YYYY_AT_TIME:
                return mm + "/" + dd + "/" + y + " at " + time;
            case SPACED_SLASHES:
                return mm + " / " + dd + " / " + y;
            case MONTH_D_YYYY:
                return month + " " + d + ", " + y;
            case MONTH_DTH_YYYY:
                return month + " " + ord + ", " + y;
            case ABBR_DOT_DTH_APOS_YY:
                return mon3 + ". " + ord + " '" + yy;
            case D_MONTH_YYYY:
                return d + " " + month + " " + y;
            case DD_MON_YYYY:
                return dd + "-" + mon3 + "-" + y;
            case DTH_OF_MONTH_YYYY:
                return ord + " of " + month + ", " + y;
            case WEEKDAY_MONTH_D_YYYY:
                return wd + ", " + month + " " + d + ", " + y;
            case WKD_MON_D_YYYY_AT_TIME:
                return word(WEEKDAYS[weekday].substring(0, 3), s.caseStyle) + ", " + mon3 + " " + d + ", " + y
                        + " at " + time;
            case MONTH_DTH_APOS_YY:
                return month + " " + ord + ", '" + yy;
            case SPELLED_PAIR:
            case SPELLED_THOUSAND:
                return MONTHS[m - 1] + " " + ordinalWords(d) + " , " + spelledYear(y, s.thousand, s.and);
            case MONTH_D_YYYY_NO_COMMA:
                return month + " " + d + " " + y;
            case MONTH_YYYY:
                return month + " " + y;
            case MM_YYYY:
                return mm + "/" + y;
            case MONTH_OF_YYYY:
                return month + " of " + y;
            case MON_DASH_YYYY:
                return mon3 + "-" + y;
            case MONTH_D:
                return month + " " + d;
            case DTH_OF_MONTH:
                return ord + " of " + month;
            case WEEKDAY_MONTH_D:
                return wd + ", " + month + " " + d;
            case MM_DD:
                return mm + "/" + dd;
            default:
                throw new AssertionError(l);
        }
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String suffix(int d) {
        if (d >= 11 && d <= 13) {
            return "th";
        }
        return d % 10 == 1 ? "st" : d % 10 == 2 ? "nd" : d % 10 == 3 ? "rd" : "th";
    }

    private static String word(String lower, int caseStyle) {
        switch (caseStyle) {
            case LOWER:
                return lower;
            case UPPER:
                return lower.toUpperCase(Locale.ROOT);
            default:
                return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
        }
    }

    private static String cardinal(int v) {
        return v < 20 ? SMALL[v] : TENS[v / 10] + (v % 10 == 0 ? "" : "-" + SMALL[v % 10]);
    }

    private static String ordinalWords(int d) {
        if (d < 20) {
            return SMALL_ORD[d];
        }
        if (d % 10 == 0) {
            return d == 20 ? "twentieth" : "thirtieth";
        }
        return TENS[d / 10] + "-" + SMALL_ORD[d % 10];
    }

    private static String spelledYear(int y, boolean thousand, boolean and) {
        if (thousand && y >= 2000 && y <= 2099) {
            return y == 2000 ? "two thousand" : "two thousand " + (and ? "and " : "") + cardinal(y - 2000);
        }
        if (y == 2000) {
            return "two thousand";
        }
        String century = y / 100 == 20 ? "twenty" : SMALL[y / 100];
        int r = y % 100;
        if (r == 0) {
            return century + " hundred";
        }
        return century + " " + (r < 10 ? "oh " + SMALL[r] : cardinal(r));
    }
}
