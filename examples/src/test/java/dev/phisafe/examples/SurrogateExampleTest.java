package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SurrogateExampleTest {

    @Test
    void vendorReadsNaturalText_samePersonSameSurrogate_clinicianReadsTheRealName() {
        String[] r = SurrogateExample.run();
        assertThat(r[0]).doesNotContain("Kowalczyk").doesNotContain("617-555-2368")
                .matches("[A-Z][a-z]+ [A-Z][a-z]+ called from \\d{3}-555-01\\d\\d about her refill\\.");
        String name = r[0].substring(0, r[0].indexOf(" called"));
        assertThat(r[1]).isEqualTo("Did " + name + " pick it up?");
        assertThat(r[2]).isEqualTo("Yes, Anna Kowalczyk picked it up today.");
    }
}
