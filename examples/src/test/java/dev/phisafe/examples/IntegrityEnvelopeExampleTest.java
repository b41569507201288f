package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntegrityEnvelopeExampleTest {

    @Test
    void intactSegmentVerifies_alteredDoseAndDowngradedLabelDoNot() {
        boolean[] r = IntegrityEnvelopeExample.run("Warfarin 5 mg daily; INR 2.4 on 2026-08-19.");
        assertThat(r).containsExactly(true, false, false);
    }
}
