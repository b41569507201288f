package dev.phisafe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.detect.PhiType;
import org.junit.jupiter.api.Test;

class PolicyRouterTest {
    private static final Destination OPENAI_BAA = Destination.builder("openai").baa().build();
    private static final Destination OPENAI_NO_BAA = Destination.builder("openai").build();
    private static final Destination IN_HOUSE = Destination.builder("in-house").inHouse().build();
    private static final PolicyRouter ROUTER = PolicyRouter.builder()
            .route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED)
            .route(Purpose.TREATMENT, "in-house", PhiPolicies.IN_HOUSE)
            .route(Purpose.RESEARCH, PhiPolicies.SAFE_HARBOR)
            .build();

    @Test
    void vendorRoute_winsOverThePurposeRoute() {
        assertThat(ROUTER.policyFor(IN_HOUSE, Purpose.TREATMENT)).isSameAs(PhiPolicies.IN_HOUSE);
        assertThat(ROUTER.policyFor(OPENAI_BAA, Purpose.TREATMENT)).isSameAs(PhiPolicies.PSEUDONYMIZED);
    }

    @Test
    void noBaa_capsTheRoutedPolicy_andUnroutedPurposesAreDenied() {
        assertThat(ROUTER.policyFor(OPENAI_NO_BAA, Purpose.TREATMENT).isSafeHarbor()).isTrue();
        PhiPolicy payment = ROUTER.policyFor(OPENAI_BAA, Purpose.PAYMENT);
        for (PhiType t : PhiType.values()) {
            assertThat(payment.action(t)).isEqualTo(PhiAction.BLOCK);
        }
    }

    @Test
    void aRouteGivenTwice_isAConflictNamingBothPolicies() {
        assertThatThrownBy(() -> PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.SAFE_HARBOR)
                .route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("safe-harbor").hasMessageContaining("pseudonymized");
    }
}
