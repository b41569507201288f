package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateDetectorTest {

    private final DateDetector detector = new DateDetector();

    /** The texts of the findings the suite would keep (confidence >= 0.5). */
    private List<String> found(String text) {
        return detector.detect(text).stream()
                .filter(s -> s.confidence() >= 0.5)
                .map(s -> s.textIn(text))
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // numeric
        "Seen on 4/21/2023 for follow-up.|4/21/2023",
        "DOB 02/04/23 noted.|02/04/23",
        "Admitted 21.04.2023 via ER.|21.04.2023",
        "Visit 2023-04-21 confirmed.|2023-04-21",
        "Scan dated 2023/04/21 reviewed.|2023/04/21",
        "Date: 08-15-2023 ok|08-15-2023",
        "It's like that since 12/1/1981|12/1/1981",
        "date of birth 1 / 12 / 1961 .|1 / 12 / 1961",
        // ISO with time
        "On 2018-02-24 12:45:18, the government|2018-02-24 12:45:18",
        "Stamp 2020-06-20T14:11:22Z logged|2020-06-20T14:11:22Z",
        "Stamp 2020-06-20T14:11:22.123+02:00 logged|2020-06-20T14:11:22.123+02:00",
        "seen on 2023-04-21 14:00 in clinic|2023-04-21 14:00",
        "seen 04/21/2023 at 3:45 pm today|04/21/2023 at 3:45 pm",
        "seen 04/21/2023 at 3 p.m. today|04/21/2023 at 3 p.m.",
        // month names
        "Seen on April 12th, 2023 at Methodist.|April 12th, 2023",
        "Admitted at UPMC on Jan 9th '23 with pain.|Jan 9th '23",
        "Noted in chart on 17-Feb-2023.|17-Feb-2023",
        "Seen May 5 for review.|May 5",
        "Seen 5 May 2023 for review.|5 May 2023",
        "Seen May 5, 2023 for review.|May 5, 2023",
        "Seen on the 5th of May for review.|5th of May",
        "Born the 3rd of May, 1950.|3rd of May, 1950",
        "Diagnosed in May of 2023.|May of 2023",
        "Diagnosed in May 2023.|May 2023",
        "Diagnosed in March, 2022.|March, 2022",
        "Seen Mon, May 5 at noon.|Mon, May 5",
        "Seen Monday, May 5, 2023 at 9:30 AM EST.|Monday, May 5, 2023 at 9:30 AM EST",
        "Seen Jan. 9, 2023.|Jan. 9, 2023",
        "Seen Sept 1st, 2023.|Sept 1st, 2023",
        "Seen SEP 21 2021.|SEP 21 2021",
        "Seen 11th March 2023.|11th March 2023",
        "Seen Feb 2nd 2021 in clinic.|Feb 2nd 2021",
        "seen on Aug 10, '23 by Dr. X|Aug 10, '23",
        "on dec 3rd she fell|dec 3rd",
        "First dose on Monday the 5th of May.|Monday the 5th of May",
        "Seen February 29, 2024.|February 29, 2024",
        "Seen May 5-7, 2023 inpatient.|May 5-7, 2023",
        "At 12/24/2023, 11:59PM he fell.|12/24/2023, 11:59PM",
        // partial numeric
        "Seen in 03/2021 for pain.|03/2021",
        "Anemia in 12-2019 noted.|12-2019",
        "biopsied the lesion on 04/10 and diagnosed|04/10",
        "DOB: 5/61|5/61",
        // transcripts
        "date of birth is january 13th , 1982 .|january 13th , 1982",
        "date of birth , january fifth , nineteen sixty-one .|january fifth , nineteen sixty-one",
        "on the twenty-first of march we met|twenty-first of march",
        "i'll be on vacation after july 8th .|july 8th",
        "we'll do the screening on august first so|august first",
        "born march third , two thousand and five|march third , two thousand and five",
        "last mammogram in january , 2021 ?|january , 2021",
        "mammogram in april of 2022 before|april of 2022",
    })
    void date_isDetectedAsOneSpan(String text, String expected) {
        assertThat(found(text)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // bare years, weekdays, month words
        "He was diagnosed back in 2021.",
        "Stable since 1998, seen in the 2023 update.",
        "Mr. Leiva flew to LEPPEN on Tuesday morning.",
        "We'll meet Monday at noon.",
        "May I ask about the dose? You may.",
        "They march on. March is cold. April was rainy.",
        "The patient may 5 times a day feel dizzy.",
        "you may first try ibuprofen",
        "Take 2 may be fine.",
        "Orchestra was founded in 1977. Since then, it has grown.",
        // relative dates are not Safe Harbor identifiers by themselves
        "Seen last week, and yesterday, 3 days ago, last December.",
        // ratios, scores, doses, decimals, versions, ranges, codes, phones, SSNs
        "BP 120/80 mmHg, HR 72.",
        "Strength is 4/5 on the right and 5/5 on the left.",
        "Pain 3/5 today, 7-8/10 at worst, grade 2/6 murmur.",
        "Take 1/2 tab twice daily.",
        "Started on 1/2 tablet.",
        "HbA1c 7.5% and creatinine 1.8 mg/dL.",
        "Version 1.2.3 and 2.10.12 installed; COVID-19 positive; type 2 diabetes.",
        "WBC 5-10 per hpf, INR of 2.0-3.0.",
        "ICD E11.9, I10, Z87.891 and 250.00 coded.",
        "Call 555-123-4567 or (555) 123-4567 or 1-800-555-1234.",
        "SSN 123-45-6789 on file.",
        "IP 192.168.1.10 and 10.1.1.12 blocked.",
        "Range 2019-2021 and 2020-2021 season.",
        "Ratio 1/1000 dilution.",
        "Scored 12/31/9999 nonsense and 13/45/2023 and 2/30/2023 and 2/29/2023.",
    })
    void nonDate_isNotDetected(String text) {
        assertThat(found(text)).isEmpty();
    }

    @Test
    void span_hasExactUtf16Offsets_withNonBmpTextAround() {
        String text = "\uD83D\uDE00 \uD835\uDC00 seen 04/21/2023 \uD83D\uDE00\uD83D\uDE00 and April 12th, 2023\uD83D\uDE00";
        List<PhiSpan> spans = detector.detect(text);
        int a = text.indexOf("04/21/2023");
        int b = text.indexOf("April");
        assertThat(spans).extracting(PhiSpan::start, PhiSpan::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, a + 10),
                        org.assertj.core.groups.Tuple.tuple(b, b + "April 12th, 2023".length()));
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.type()).isEqualTo(PhiType.DATE);
            assertThat(s.detector()).isEqualTo("date");
            assertThat(Character.isLowSurrogate(text.charAt(s.start()))).isFalse();
        });
    }

    @Test
    void ambiguousShortForm_needsContextWord() {
        assertThat(found("Score 3/5 overall.")).isEmpty();
        assertThat(found("Seen on 3/5 overall.")).containsExactly("3/5");
        assertThat(found("Version 1.2.23 shipped.")).isEmpty();
        assertThat(found("Admitted 1.2.23 via ER.")).containsExactly("1.2.23");
        assertThat(found("Release 2021-03 shipped.")).isEmpty();
        assertThat(found("Surgery 2021-03 planned.")).containsExactly("2021-03");
    }

    @Test
    void confidence_isHigherForFullDatesThanForPartialOnes() {
        List<PhiSpan> full = detector.detect("Seen April 12th, 2023.");
        List<PhiSpan> partial = detector.detect("Anemia in 03/2021.");
        assertThat(full).singleElement().satisfies(s -> assertThat(s.confidence()).isGreaterThanOrEqualTo(0.9));
        assertThat(partial).singleElement().satisfies(s -> assertThat(s.confidence()).isBetween(0.6, 0.8));
    }

    @Test
    void multipleDates_inOneText_areEachFound() {
        String text = "First dose on 01/15/2021 and second on February 5th, 2021; CT 1/23/2020.";
        assertThat(found(text)).containsExactly("01/15/2021", "February 5th, 2021", "1/23/2020");
    }

    @Test
    void monthAndYear_gluedBySeparator_isDetected() {
        assertThat(found("Diagnosed Jan-2023 and seen Feb/2023.")).containsExactly("Jan-2023", "Feb/2023");
    }

    @Test
    void dateRange_yieldsBothDates() {
        assertThat(found("Inpatient 4/21/2023-4/25/2023 stay.")).containsExactly("4/21/2023", "4/25/2023");
        assertThat(found("Inpatient 4/21/2023 - 4/25/2023 stay.")).containsExactly("4/21/2023", "4/25/2023");
    }

    @Test
    void emptyAndTinyInputs_yieldNothing() {
        assertThat(detector.detect("")).isEmpty();
        assertThat(detector.detect("May")).isEmpty();
        assertThat(detector.detect("1/")).isEmpty();
        assertThat(detector.detect("\uD83D")).isEmpty();
        assertThat(detector.detect("May 5,")).extracting(s -> s.end()).containsExactly(5);
    }

    @ParameterizedTest(name = "hostile {index}")
    @ValueSource(strings = {"1/", "1", "May ", "-", ".", "1-", "12/12/", "May 5, ", "2023-01-01T", "\u0000", "\uD83D\uDE00"})
    void hostileMegabyteInput_completes(String unit) {
        String text = unit.repeat((1 << 20) / unit.length());
        List<PhiSpan> spans = detector.detect(text);
        assertThat(spans).allSatisfy(s -> assertThat(s.end()).isLessThanOrEqualTo(text.length()));
    }

    @Test
    void validDay_followsTheCalendar() {
        assertThat(DateDetector.validDay(2, 29, 2024)).isTrue();
        assertThat(DateDetector.validDay(2, 29, 2023)).isFalse();
        assertThat(DateDetector.validDay(2, 29, 1900)).isFalse();
        assertThat(DateDetector.validDay(2, 29, 2000)).isTrue();
        assertThat(DateDetector.validDay(4, 31, 2023)).isFalse();
        assertThat(DateDetector.validDay(13, 1, 2023)).isFalse();
        assertThat(DateDetector.validDay(12, 31, 2023)).isTrue();
    }
}
