package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgeDetectorTest {

    private final AgeDetector detector = new AgeDetector();

    private List<String> found(String text) {
        return detector.detect(text).stream()
                .filter(s -> s.confidence() >= 0.5)
                .map(s -> s.textIn(text))
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "A 92-year-old woman presents.|92-year-old",
        "Patient is a 92 year old man.|92 year old",
        "92 years old, lives alone.|92 years old",
        "92 y/o F with CHF|92 y/o",
        "92 y.o. male|92 y.o.",
        "92yo male|92yo",
        "92yoF with fall|92yoF",
        "92 yo male|92 yo",
        "95-yo with sepsis|95-yo",
        "92 yrs old|92 yrs old",
        "Woman aged 95 was seen.|95",
        "Man, age 91, was seen.|91",
        "Age: 91|91",
        "at the age of 93 she moved|93",
        "He is 91 years of age.|91 years of age",
        "Now a 101-year-old veteran.|101-year-old",
        "Active in her 90s still.|90s",
        "Active in her 90's still.|90's",
        "Active in his late nineties.|late nineties",
        "in her mid-90s|mid-90s",
        "She is ninety-two years old.|ninety-two years old",
        "She is ninety two year old.|ninety two year old",
        "a one hundred and two year old man|one hundred and two year old",
        "Age 90+ bucket|90+",
        "My grandmother just turned 94.|94",
        "A nonagenarian with hip fracture.|nonagenarian",
        "A centenarian.|centenarian",
        "A 92-YEAR-OLD MALE|92-YEAR-OLD",
    })
    void ageOver89_isDetectedWithItsUnitWords(String text, String expected) {
        assertThat(found(text)).containsExactly(expected);
        assertThat(detector.detect(text)).allSatisfy(s -> {
            assertThat(s.type()).isEqualTo(PhiType.AGE_OVER_89);
            assertThat(s.confidence()).isBetween(0.7, 0.95);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "An 89-year-old man.",
        "A 55-year-old male with CKD, aged 45, age 9.",
        "I'm 31 y/o and he is 74 years old.",
        "Ninety days supply; 90-day supply; 90 days of therapy.",
        "Infant, age 90 days.",
        "SpO2 95% on room air; sats in the 90s.",
        "Guidelines for patients over 90 years old.",
        "Adults older than 95 years of age.",
        "BP 90/60, HR 92 bpm, temp 98.6, glucose 110.",
        "Popular in the 1990s and the 90s.",
        "He turned 90 degrees to the left.",
        "The 1.95 years estimate and 3-92 range.",
        "Ninety percent of patients.",
        "age 900 and 1000-year-old tree",
    })
    void nonAge_orAgeUnder90_isNotDetected(String text) {
        assertThat(found(text)).isEmpty();
    }

    @Test
    void span_hasExactUtf16Offsets_withNonBmpTextAround() {
        String text = "\uD83D\uDE00\uD835\uDC00 a 97-year-old \uD83D\uDE00 aged 103\uD83D\uDE00";
        int a = text.indexOf("97");
        int b = text.indexOf("103");
        assertThat(detector.detect(text)).extracting(PhiSpan::start, PhiSpan::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, a + "97-year-old".length()),
                        org.assertj.core.groups.Tuple.tuple(b, b + 3));
    }

    @Test
    void emptyAndTinyInputs_yieldNothing() {
        assertThat(detector.detect("")).isEmpty();
        assertThat(detector.detect("92")).isEmpty();
        assertThat(detector.detect("age")).isEmpty();
        assertThat(detector.detect("\uDE00")).isEmpty();
    }

    @ParameterizedTest(name = "hostile {index}")
    @ValueSource(strings = {"1/", "9", "92 ", "92-", "May ", "-", "age ", "ninety ", "92y/", "\uD83D\uDE00"})
    void hostileMegabyteInput_completes(String unit) {
        String text = unit.repeat((1 << 20) / unit.length());
        List<PhiSpan> spans = detector.detect(text);
        assertThat(spans).allSatisfy(s -> assertThat(s.end()).isLessThanOrEqualTo(text.length()));
    }
}
