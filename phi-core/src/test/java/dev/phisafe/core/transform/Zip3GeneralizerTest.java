package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Zip3GeneralizerTest {

    /** HHS, 2000 Census: 67 FR 53233-34 and the OCR de-identification guidance. */
    static final Set<String> HHS = Set.of("036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830",
        "831", "878", "879", "884", "890", "893");
    /** ZIP3s with at most 20,000 people in the 2020 Census (shared/data/dictionaries/zip, le_20000_in_2020). */
    static final Set<String> CENSUS_2020 = Set.of("036", "059", "102", "202", "203", "204", "205", "369", "556",
        "692", "753", "772", "821", "823", "878", "879", "884", "893");

    @Test
    void everyPrefix_mapsTo000IfRestrictedElseToItself_forBothLists() {
        int checked = 0;
        for (Zip3Generalizer g : List.of(Zip3Generalizer.hhs2000(), Zip3Generalizer.census2020())) {
            Set<String> restricted = g.list().equals("HHS-2000") ? HHS : CENSUS_2020;
            int zeroed = 0;
            for (int p = 0; p < 1000; p++) {
                String zip3 = String.format("%03d", p);
                String expected = restricted.contains(zip3) ? "000" : zip3;
                assertThat(g.generalize(zip3 + "42")).as("%s %s", g.list(), zip3).isEqualTo(expected + "XX");
                assertThat(g.generalize(zip3 + "99-1234")).isEqualTo(expected + "XX-XXXX");
                assertThat(g.isRestricted(zip3)).isEqualTo(restricted.contains(zip3));
                zeroed += expected.equals("000") && !zip3.equals("000") ? 1 : 0;
                checked++;
            }
            assertThat(zeroed).isEqualTo(restricted.size());
            assertThat(g.restrictedPrefixes()).isEqualTo(restricted);
        }
        assertThat(checked).isEqualTo(2000);
    }

    @Test
    void listsAreNamedForTheResult() {
        assertThat(Zip3Generalizer.hhs2000().list()).isEqualTo(Zip3Generalizer.HHS_2000).isEqualTo("HHS-2000");
        assertThat(Zip3Generalizer.census2020().list()).isEqualTo("CENSUS-2020");
        assertThat(Zip3Generalizer.hhs2000().restrictedPrefixes()).hasSize(17);
        assertThat(Zip3Generalizer.census2020().restrictedPrefixes()).hasSize(18);
        assertThat(Zip3Generalizer.census2020().toString()).isEqualTo("Zip3Generalizer{list=CENSUS-2020, restricted=18}");
    }

    @Test
    void examples() {
        assertThat(Zip3Generalizer.hhs2000().generalize("90210")).isEqualTo("902XX");
        assertThat(Zip3Generalizer.hhs2000().generalize("90210-1234")).isEqualTo("902XX-XXXX");
        assertThat(Zip3Generalizer.hhs2000().generalize("03601")).isEqualTo("000XX");
        // 063 and 790 grew past 20,000 by 2020; 202 and 369 fell to or below it
        assertThat(Zip3Generalizer.hhs2000().generalize("06390")).isEqualTo("000XX");
        assertThat(Zip3Generalizer.census2020().generalize("06390")).isEqualTo("063XX");
        assertThat(Zip3Generalizer.hhs2000().generalize("36925")).isEqualTo("369XX");
        assertThat(Zip3Generalizer.census2020().generalize("36925")).isEqualTo("000XX");
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"", "9021", "902100", "90210-123", "90210-12345", "9O210", "90210 1234", "90210+1234",
        " 90210", "90210\n", "\uFF19\uFF10\uFF12\uFF11\uFF10", "٩٠٢١٠", "abcde", "90210-12a4"})
    void malformedZip_isRejectedWithoutEcho(String zip) {
        assertThatThrownBy(() -> Zip3Generalizer.census2020().generalize(zip))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (!zip.isBlank()) {
                        assertThat(e.getMessage()).doesNotContain(zip.trim());
                    }
                });
    }

    @Test
    void canaryZip_isNotEchoed() {
        assertThatThrownBy(() -> Zip3Generalizer.hhs2000().generalize("8675309"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("8675309").doesNotContain("867"));
        assertThatThrownBy(() -> Zip3Generalizer.hhs2000().generalize(null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Zip3Generalizer.hhs2000().isRestricted("12"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
