package dev.phisafe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.detect.PhiType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhiPolicyTest {
    private static final Destination NO_BAA = Destination.builder("acme-llm").model("x-1").build();
    private static final Destination BAA = Destination.builder("acme-llm").model("x-1").baa().build();

    @Test
    void emptyPolicy_blocksEveryType() {
        PhiPolicy empty = PhiPolicy.builder("empty", 1).build();
        for (PhiType t : PhiType.values()) {
            assertThat(empty.action(t)).isEqualTo(PhiAction.BLOCK);
        }
    }

    @Test
    void and_keepsTheStricterActionPerType_inEitherOrder() {
        Random random = new Random(42);
        PhiAction[] all = PhiAction.values();
        for (int round = 0; round < 200; round++) {
            PhiPolicy.Builder a = PhiPolicy.builder("a", 1);
            PhiPolicy.Builder b = PhiPolicy.builder("b", 2);
            for (PhiType t : PhiType.values()) {
                a.action(t, all[random.nextInt(all.length)]);
                b.action(t, all[random.nextInt(all.length)]);
            }
            PhiPolicy pa = a.build();
            PhiPolicy pb = b.build();
            PhiPolicy ab = pa.and(pb);
            assertThat(ab).isEqualTo(pb.and(pa));
            for (PhiType t : PhiType.values()) {
                assertThat(ab.action(t).atLeastAsStrictAs(pa.action(t))).isTrue();
                assertThat(ab.action(t).atLeastAsStrictAs(pb.action(t))).isTrue();
                assertThat(ab.action(t)).isIn(pa.action(t), pb.action(t));
            }
        }
    }

    @Test
    void destinationWithoutBaa_neverReceivesMoreThanSafeHarbor() {
        for (PhiPolicy p : new PhiPolicy[] {PhiPolicies.PSEUDONYMIZED, PhiPolicies.LIMITED_DATA_SET, PhiPolicies.IN_HOUSE}) {
            PhiPolicy capped = p.forDestination(NO_BAA);
            assertThat(capped.isSafeHarbor()).as(p.id()).isTrue();
            assertThat(capped.id()).endsWith("@no-baa");
            assertThat(p.forDestination(BAA)).isSameAs(p);
        }
        assertThat(PhiPolicies.SAFE_HARBOR.forDestination(NO_BAA)).isSameAs(PhiPolicies.SAFE_HARBOR);
        assertThat(PhiPolicies.PSEUDONYMIZED.forDestination(NO_BAA).action(PhiType.DATE)).isEqualTo(PhiAction.GENERALIZE);
    }

    @Test
    void presets_sayWhatTheyAre() {
        assertThat(PhiPolicies.SAFE_HARBOR.isSafeHarbor()).isTrue();
        assertThat(PhiPolicies.PSEUDONYMIZED.isSafeHarbor()).isFalse();
        assertThat(PhiPolicies.LIMITED_DATA_SET.action(PhiType.DATE)).isEqualTo(PhiAction.KEEP);
        assertThat(PhiPolicies.LIMITED_DATA_SET.action(PhiType.NAME)).isEqualTo(PhiAction.PLACEHOLDER);
        assertThat(PhiPolicies.byId("safe-harbor")).isSameAs(PhiPolicies.SAFE_HARBOR);
        assertThatThrownBy(() -> PhiPolicies.byId("lenient")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("safe-harbor");
    }

    @Test
    void safeHarborActions_areExactlyGeneralizeAndStricter() {
        for (PhiAction a : PhiAction.values()) {
            assertThat(a.safeHarbor()).as(a.name()).isEqualTo(a.atLeastAsStrictAs(PhiAction.GENERALIZE));
        }
    }

    @Test
    void builder_rejectsBadIdsAndVersions() {
        assertThatThrownBy(() -> PhiPolicy.builder("has space", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhiPolicy.builder("ok", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhiPolicy.builder("ok", 1).action(null, PhiAction.KEEP))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void contextIds_refuseFreeText() {
        assertThatThrownBy(() -> PhiContext.builder().tenant("t1").conversation("John Smith").build())
                .isInstanceOf(IllegalArgumentException.class).satisfies(e -> assertThat(e.getMessage()).doesNotContain("John"));
        assertThatThrownBy(() -> PhiContext.builder().tenant("t1").build()).isInstanceOf(IllegalStateException.class);
        PhiContext c = PhiContext.builder().tenant("t1").conversation("c-42").patient("p:9").build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }
}
