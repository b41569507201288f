package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour of {@link PhoneDetector}: telephone and fax numbers, and what is not one. */
class PhoneDetectorTest {

    private final PhoneDetector detector = new PhoneDetector();

    /** Reported spans as "TYPE:text", keeping only what the suite keeps (confidence >= 0.5). */
    private List<String> found(String text) {
        List<PhiSpan> spans = detector.detect(text);
        for (PhiSpan s : spans) {
            assertThat(s.end()).isGreaterThan(s.start());
            assertThat(s.end()).isLessThanOrEqualTo(text.length());
            assertThat(Character.isLowSurrogate(text.charAt(s.start()))).isFalse();
            assertThat(Character.isHighSurrogate(text.charAt(s.end() - 1))).isFalse();
            assertThat(s.detector()).isEqualTo("phone");
        }
        return spans.stream()
                .filter(s -> s.confidence() >= 0.5)
                .sorted((a, b) -> Integer.compare(a.start(), b.start()))
                .map(s -> s.type() + ":" + text.substring(s.start(), s.end()))
                .collect(Collectors.toList());
    }

    private String phone(String number) {
        return "PHONE_NUMBER:" + number;
    }

    // ------------------------------------------------------------ North American

    @Test
    void nanp_testNumberWithDashes_isDetectedWithExactOffsets() {
        String text = "Her phone number is 555-123-4567.";
        List<PhiSpan> spans = detector.detect(text);
        assertThat(spans).singleElement().satisfies(s -> {
            assertThat(s.start()).isEqualTo(20);
            assertThat(s.end()).isEqualTo(32);
            assertThat(s.type()).isEqualTo(PhiType.PHONE_NUMBER);
            assertThat(s.confidence()).isGreaterThanOrEqualTo(0.85); // context word "phone"
        });
    }

    @Test
    void nanp_possibleButInvalidNumbers_areDetectedWithoutContext() {
        for (String n : List.of("555-123-4567", "(123) 456-7890", "555.987.6543", "555 987 6543")) {
            List<PhiSpan> spans = detector.detect("Value: " + n + "?");
            assertThat(spans).as(n).singleElement()
                    .satisfies(s -> assertThat(s.confidence()).isBetween(0.5, 0.8));
        }
    }

    @Test
    void nanp_validNumber_hasHighConfidence() {
        assertThat(detector.detect("see 415-555-2671 again"))
                .singleElement().satisfies(s -> assertThat(s.confidence()).isGreaterThanOrEqualTo(0.85));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(898)666-3621x0135", "345-899-3560x4587", "259.735.7502x459", "001-518-640-0854",
            "+1-903-140-4508x769", "1-800-555-1234", "+1 (415) 555-2671", "555-123-4567 ext. 89"})
    void nanp_prefixesAndExtensions_areInsideTheSpan(String number) {
        assertThat(found("Desk line " + number + ", thanks")).containsExactly(phone(number));
    }

    // ------------------------------------------------------------ international

    @ParameterizedTest
    @ValueSource(strings = {"+447700 208 815", "+44 20 7946 0958", "+46 (0)179 459 33", "+41 (0)96 471 07 95",
            "+447700677662", "0044 20 7946 0958", "0496 46 46 70", "03.93.92.16.85", "(37) 788-063",
            "07700 063 966", "0961-7596216", "(08) 8747 6301", "(71) 4233-6306", "01.84.17.61.18",
            "60-56-85-91", "08-123 456 78", "030/1234567", "06-1-234-5678", "+44(0)1632 960983",
            "(01632) 960983", "090-1234-5678", "+33 (0)1 23 45 67 89", "0800 123 4567"})
    void international_typicalLayouts_areDetectedWithoutContext(String number) {
        assertThat(found("It is " + number + " I think")).containsExactly(phone(number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Phone: 450 0840", "call me on 9472 7916", "Mobile: 72 128 827",
            "They're not answering at 78 651 450", "tel 21 284 698 2548", "Cell: 99 668472", "Phone:\n780 6326",
            "Tel #: 4155552671", "Phone: 11 3456-7890", "Tel.: 12 34 56 78"})
    void otherGroupings_areDetectedWithAContextWord(String text) {
        assertThat(found(text)).hasSize(1);
        assertThat(found(text.replaceAll("^[A-Za-z' ]*[:#]*\\s*", "Value "))).as("without context").isEmpty();
    }

    @Test
    void labelAfterTheNumber_isContext() {
        assertThat(found("781 1704 office")).containsExactly(phone("781 1704"));
        assertThat(found("416 60 039 (h)")).containsExactly(phone("416 60 039"));
    }

    @Test
    void weakContextWord_countsOnlyRightBeforeTheNumber() {
        assertThat(found("number 72 128 827")).containsExactly(phone("72 128 827"));
        assertThat(found("her number is 72 128 827")).containsExactly(phone("72 128 827"));
        assertThat(found("No. 72 128 827")).containsExactly(phone("72 128 827"));
        assertThat(found("number of samples 72 128 827")).isEmpty();
        assertThat(found("account number 7212882")).isEmpty();
    }

    // ------------------------------------------------------------ fax

    @Test
    void fax_labelBeforeOrAfter_makesFaxNumber() {
        assertThat(found("(Fax: 650-123-4567)?")).containsExactly("FAX_NUMBER:650-123-4567");
        assertThat(found("F: 555-123-4567")).containsExactly("FAX_NUMBER:555-123-4567");
        assertThat(found("send by facsimile to 0496 46 46 70")).containsExactly("FAX_NUMBER:0496 46 46 70");
        assertThat(found("930.167.3943 fax")).containsExactly("FAX_NUMBER:930.167.3943");
        assertThat(found("+447700 208 815-Fax")).containsExactly("FAX_NUMBER:+447700 208 815");
    }

    @Test
    void fax_andPhoneInOneText_areTypedSeparately() {
        assertThat(found("Phone: 555-123-4567, Fax: 555-123-4568"))
                .containsExactly(phone("555-123-4567"), "FAX_NUMBER:555-123-4568");
        assertThat(found("(579)888-3058 fax\n001-518-640-0854 mobile"))
                .containsExactly("FAX_NUMBER:(579)888-3058", phone("001-518-640-0854"));
        assertThat(found("Mobile: 0490 39 07 81\nDesk: +447700 921 916\nFax: 345-899-3560x4587"))
                .containsExactly(phone("0490 39 07 81"), phone("+447700 921 916"), "FAX_NUMBER:345-899-3560x4587");
        assertThat(found("(37) 788-063-Office\\,07700 063 966-Fax"))
                .containsExactly(phone("(37) 788-063"), "FAX_NUMBER:07700 063 966");
    }

    // ------------------------------------------------------------ not phone numbers

    @ParameterizedTest
    @ValueSource(strings = {"seen on 12/05/2023", "on 2023-05-12", "on 12.05.2023", "at 10:30", "10:15:20",
            "SSN 123-45-6789", "phone SSN 123 45 6789", "pi is 3.1415926", "range 120-130", "1000-2000 cells",
            "phone 2019-2021", "BP 120/80", "scores 1, 2, 3, 4, 5, 6, 7", "ZIP 12345-6789", "cost $1 234 567",
            "€ 555 123 4567", "HbA1c 7.5%", "COVID-19", "type 2", "in 2023", "MRN 12345678", "5551234567",
            "account number 1234567890", "450 0840", "1234 5678", "12 15 18 20", "192.168.1.1",
            "ICD-10 E11.9", "03262 2437 Main St", "office is at 17031 2202 Rissik St", "1.234.567 units",
            "WBC 7.5 12.3 250 4.1", "lot 12345678901234567890", "12:30 555 1234", "v1.2.3.4567890",
            "ratio 1234567/2", "555 1234 x 3", "values 120 130 1500", "HR 72 75 80 78 76",
            "There were no 2019 2020 data", "number of cells 1200 1500", "scores 12 15 18 20", "call 0800-1700"})
    void notPhoneNumbers_areNotDetected(String text) {
        assertThat(found(text)).isEmpty();
    }

    @Test
    void numberInsideLongerRun_isNotDetected() {
        assertThat(found("id 555-123-4567-89-12-3")).isEmpty();
        assertThat(found("x555-123-4567")).isEmpty();
    }

    // ------------------------------------------------------------ robustness

    @Test
    void nonBmpTextAroundNumber_keepsOffsetsExact() {
        String text = "📞😀555-123-4567😀 and 𝒳 +44 20 7946 0958";
        assertThat(found(text)).containsExactly(phone("555-123-4567"), phone("+44 20 7946 0958"));
    }

    @Test
    void twoNumbersSeparatedBySpace_areTwoFindings() {
        assertThat(found("Phones 555-123-4567 555-987-6543"))
                .containsExactly(phone("555-123-4567"), phone("555-987-6543"));
        assertThat(found("Phones: 555 123 4567 555 987 6543"))
                .containsExactly(phone("555 123 4567"), phone("555 987 6543"));
        assertThat(found("seen 12/05/2023 555-123-4567")).containsExactly(phone("555-123-4567"));
    }

    @Test
    void nanp_spaceSeparatedWithoutContext_needsPlausibleAreaAndExchange() {
        assertThat(found("value 555 987 6543")).containsExactly(phone("555 987 6543"));
        assertThat(found("value 555 123 4567")).isEmpty();
        assertThat(found("phone 555 123 4567")).containsExactly(phone("555 123 4567"));
    }

    @Test
    void tailOfASpaceGroupedRun_isNotANumberOfItsOwn() {
        assertThat(found("values 21 284 698 2548")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1 ", "1-", "1.", "(", "(1) ", "+", "+1 ", "12/", "0", "x1", "- ", "1 (", ")1"})
    void hostileInput_oneMegabyte_finishes(String unit) {
        String text = unit.repeat(1_000_000 / unit.length());
        assertThat(detector.detect(text)).isNotNull();
    }

    @Test
    void emptyInput_findsNothing() {
        assertThat(found("")).isEmpty();
    }
}
