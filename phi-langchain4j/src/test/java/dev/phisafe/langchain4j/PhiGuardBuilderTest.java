package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.ChatModel;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import org.junit.jupiter.api.Test;

class PhiGuardBuilderTest {

    @Test
    void build_withoutPolicyOrVault_namesWhatIsMissing() {
        assertThatThrownBy(() -> PhiGuard.builder().vault(Fixtures.vault()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("policy");
        assertThatThrownBy(() -> PhiGuard.builder().policy(PhiPolicies.SAFE_HARBOR).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("vault");
    }

    @Test
    void build_policyAndPolicies_conflict_andRepeatsAreRejected() {
        assertThatThrownBy(() -> PhiGuard.builder().policy(PhiPolicies.SAFE_HARBOR)
                .policies(PolicyRouter.builder().build())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policies(...)").hasMessageContaining("policy(...)");
        assertThatThrownBy(() -> PhiGuard.builder().vault(Fixtures.vault()).vault(Fixtures.vault()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
        assertThatThrownBy(() -> PhiGuard.builder().detectors(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void build_policyThatNeedsAMissingPart_failsAtBuild_notAtTheFirstCall() {
        assertThatThrownBy(() -> PhiGuard.builder().vault(Fixtures.vault())
                .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dateShifter");
    }

    @Test
    void wrap_twice_isRejected_andNullsAreRejected() {
        PhiGuard guard = Fixtures.guard().build();
        try (Vendor vendor = new Vendor()) {
            ChatModel once = guard.wrap(vendor.chatModel(), BAA);
            assertThatThrownBy(() -> guard.wrap(once, BAA)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already guarded");
            assertThatThrownBy(() -> guard.wrap((ChatModel) null, BAA)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> guard.wrap(vendor.chatModel(), null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> PhiScope.of(Fixtures.CTX, null, SCOPE.access()))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void scopes_nest_andThePreviousOneIsRestored_evenWhenTheBodyThrows() {
        PhiGuard guard = Fixtures.guard().build();
        PhiScope other = PhiScope.of(Fixtures.CTX.toBuilder().conversation("c2").build(), Purpose.TREATMENT,
                SCOPE.access());
        guard.withScope(SCOPE, () -> {
            assertThatThrownBy(() -> guard.withScope(other, () -> {
                assertThat(guard.currentScope()).isEqualTo(other);
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(guard.currentScope()).isEqualTo(SCOPE);
        });
        assertThat(guard.currentScope()).isNull();
    }

    @Test
    void chat_hugeNonBmpPrompt_isMinimizedAndAnswered() {
        PhiGuard guard = Fixtures.guard().build();
        try (Vendor vendor = new Vendor()) {
            ChatModel model = guard.wrap(vendor.chatModel(), BAA);
            vendor.answer("\uD83D\uDE00 <NAME_1> \uD83D\uDE00");
            String prompt = "\uD83D\uDE00 ".repeat(50_000) + "Patient " + NAME + " \uD83D\uDE00";

            String answer = guard.withScope(SCOPE, () -> model.chat(prompt));

            assertThat(answer).isEqualTo("\uD83D\uDE00 " + NAME + " \uD83D\uDE00");
            assertThat(vendor.bodies().get(0)).doesNotContain(NAME).contains("Patient <NAME_1>");
        }
    }
}
