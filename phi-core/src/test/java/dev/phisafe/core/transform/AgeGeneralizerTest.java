package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeGeneralizerTest {

    private final AgeGeneralizer g = AgeGeneralizer.standard();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "92-year-old|90+-year-old",
        "92 year old|90+ year old",
        "92 years old|90+ years old",
        "92 y/o|90+ y/o",
        "92 y.o.|90+ y.o.",
        "92yo|90+yo",
        "92yoF|90+yoF",
        "95-yo|90+-yo",
        "92 yrs old|90+ yrs old",
        "91 years of age|90+ years of age",
        "101-year-old|90+-year-old",
        "92-YEAR-OLD|90+-YEAR-OLD",
        "age 95|age 90+",
        "Age: 91|Age: 90+",
        "93|90+",
        "90|90+",
        "90+|90+",
        "Age 90+|Age 90+",
        "ninety-two years old|90+ years old",
        "Ninety two year old|90+ year old",
        "ninety|90+",
        "one hundred and two year old|90+ year old",
        "one hundred two-year-old|90+-year-old",
        "90s|90+",
        "90's|90+",
        "mid-90s|90+",
        "in her 90s|90+",
        "late nineties|90+",
        "nonagenarian|person aged 90+",
        "A centenarian|A person aged 90+",
        "supercentenarians|people aged 90+",
    })
    void ageOver89_becomesTheNinetyOrOlderCategory(String age, String expected) {
        assertThat(g.generalize(age)).isEqualTo(expected);
    }

    @Test
    void ageBelow90_isNoSafeHarborIdentifier_andIsKept() {
        assertThat(g.generalize("89-year-old")).isEqualTo("89-year-old");
        assertThat(g.generalize("eighty-nine years old")).isEqualTo("eighty-nine years old");
    }

    @Test
    void textWithoutAnAge_isReplacedAsAWhole() {
        assertThat(g.generalize("very old")).isEqualTo("90+");
        assertThat(g.generalize("")).isEqualTo("90+");
    }

    @Test
    void hostileInputs_finish() {
        assertThat(g.generalize("9".repeat(1 << 20))).isEqualTo("90+");
        assertThat(g.generalize("ninety ".repeat(100_000))).startsWith("90+ 90+");
        assertThat(g.generalize("one" + " ".repeat(1 << 20) + "hundred")).isEqualTo("90+");
    }
}
