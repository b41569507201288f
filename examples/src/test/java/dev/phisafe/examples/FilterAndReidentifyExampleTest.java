package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FilterAndReidentifyExampleTest {

    @Test
    void vendorSeesNoIdentifier_clinicianSeesTheName() {
        String[] r = FilterAndReidentifyExample.roundTrip("Should Anna Kowalczyk, seen 03/14/2024, restart apixaban?",
                "{NAME} may restart apixaban.");
        assertThat(r[0]).startsWith("Should <NAME_1>, seen ").doesNotContain("Kowalczyk").doesNotContain("03/14/2024")
                .containsPattern("seen \\d\\d/\\d\\d/\\d{4}, restart apixaban\\?");
        assertThat(r[1]).isEqualTo("Anna Kowalczyk may restart apixaban.");
    }
}
