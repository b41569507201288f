package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.policy.PolicyFormatException;
import dev.phisafe.core.transform.FilterLabel;
import dev.phisafe.core.transform.FilterResult;
import org.junit.jupiter.api.Test;

class PolicyFileExampleTest {

    @Test
    void yamlPolicy_isAppliedOnTopOfItsBase() {
        FilterResult r = PolicyFileExample.apply(PolicyFileExample.TRIAGE_POLICY,
                "Jane Roe, 94-year-old, seen 02/03/2024 in Springfield, MA 01103: chest pain?");
        assertThat(r.text()).startsWith("[NAME], 90+-year-old, seen 2024 in ").contains("011XX").endsWith(": chest pain?");
        assertThat(r.label()).isEqualTo(FilterLabel.SAFE_HARBOR_DEIDENTIFIED);
        assertThat(r.policyId()).isEqualTo("triage-assistant");
    }

    @Test
    void brokenPolicy_isRefusedWithItsLine() {
        assertThatThrownBy(() -> PolicyFileExample.apply("id: broken\nversion: 0\n", "x"))
                .isInstanceOf(PolicyFormatException.class).hasMessageStartingWith("triage-policy.yaml:2:");
    }
}
