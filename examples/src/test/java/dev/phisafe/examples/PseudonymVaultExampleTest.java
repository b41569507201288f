package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PseudonymVaultExampleTest {

    @Test
    void leasedConversationSurvives_idleOneIsEvictedAndReported_destroyErases() {
        List<String> log = PseudonymVaultExample.run();
        assertThat(log).startsWith("<NAME_1>", "<NAME_1>", "<NAME_1>", "conv-a resolves <NAME_1>: true, leased: true");
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("evicted ").contains("conv-a").contains("CAPACITY"));
        assertThat(log).contains("conv-a resolves <NAME_1> after eviction: false", "destroyed for the patient: 2",
                "evicted for capacity: 1");
        assertThat(String.join("\n", log)).doesNotContain("Kowalczyk").doesNotContain("Nowak")
                .doesNotContain("555-123-4567");
    }
}
