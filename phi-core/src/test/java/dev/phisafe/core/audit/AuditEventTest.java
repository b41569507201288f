package dev.phisafe.core.audit;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static dev.phisafe.core.audit.AuditFixtures.AUDIT_KEY;
import static dev.phisafe.core.audit.AuditFixtures.CANARIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditEventTest {

    @Test
    void canonicalJson_fullEvent_isSortedCompactAndRoundTrips() {
        AuditEvent e = AuditFixtures.fullEvent(1);
        byte[] json = e.toCanonicalJson();
        String s = new String(json, StandardCharsets.UTF_8);
        assertThat(s).startsWith("{\"action\":\"DISCLOSE_TO_VENDOR\",\"component\":\"phi-langchain4j/chat\",")
                .contains("\"destination\":{\"baa\":true,\"inHouse\":false,\"model\":\"gpt-4o\",\"vendor\":\"openai\"}")
                .contains("\"phiCounts\":{\"DATE\":1,\"NAME\":2}")
                .contains("\"keyIds\":[\"audit-2026-08\",\"vault-2026-08\"]")
                .contains("\"recorded\":\"2026-08-22T14:03:07.413Z\"")
                .endsWith("\"v\":1}")
                .doesNotContain(" ");
        AuditEvent back = AuditEvent.parse(json);
        assertThat(back).isEqualTo(e);
        assertThat(back.toCanonicalJson()).isEqualTo(json);
        assertThat(back.destination()).contains(Destination.builder("openai").model("gpt-4o").baa().build());
        assertThat(back.phiCounts()).containsEntry(PhiType.NAME, 2).containsEntry(PhiType.DATE, 1);
        assertThat(back.phiTotal()).isEqualTo(3);
        assertThat(back.subject().orElseThrow().matches(AUDIT_KEY, "MRN99887766")).isTrue();
        assertThat(back.subject().orElseThrow().matches(AUDIT_KEY, "MRN99887767")).isFalse();
        assertThat(back.queryRefs()).hasSize(1);
        assertThat(back.measures()).containsEntry("result-count", 3L);
    }

    @Test
    void canonicalJson_wholeSecond_keepsThreeFractionDigits() {
        String s = new String(AuditFixtures.minimalEvent(0).toCanonicalJson(), StandardCharsets.UTF_8);
        assertThat(s).contains("\"recorded\":\"2026-08-22T14:03:00.000Z\"");
    }

    @Test
    void hashedFields_plantedCanaries_neverAppearInJsonOrToString() {
        AuditEvent e = AuditFixtures.fullEvent(2);
        AuditFixtures.assertNoCanary("canonical JSON", e.toCanonicalJson());
        AuditFixtures.assertNoCanary("toString", e.toString());
        AuditFixtures.assertNoCanary("digest toString", e.subject().orElseThrow().toString());
    }

    @Test
    void modelName_mayEndInAReleaseDate_butNoOtherDateShape() {
        AuditEvent e = AuditEvent.builder(AuditAction.DISCLOSE_TO_VENDOR).component("guard").serviceAccount("svc")
                .purpose(dev.phisafe.core.policy.Purpose.TREATMENT).outcome(AuditOutcome.SUCCESS)
                .destination(Destination.builder("openai").model("gpt-4o-2024-08-06").baa().build()).build();
        assertThat(e.destination()).hasValueSatisfying(d -> assertThat(d.model()).isEqualTo("gpt-4o-2024-08-06"));
        for (String bad : java.util.List.of("1961-03-14", "x-03/14/1961", "gpt-536-90-4399-2024-08-06")) {
            assertThatThrownBy(() -> AuditEvent.builder(AuditAction.QUERY)
                    .destination(Destination.builder("openai").model(bad).build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyIdentifierField_canaryValues_rejectedWithoutEchoingThem() {
        java.util.List<Consumer<String>> setters = java.util.List.of(
                v -> AuditEvent.builder(AuditAction.QUERY).principal(v),
                v -> AuditEvent.builder(AuditAction.QUERY).role(v),
                v -> AuditEvent.builder(AuditAction.QUERY).serviceAccount(v),
                v -> AuditEvent.builder(AuditAction.QUERY).component(v),
                v -> AuditEvent.builder(AuditAction.QUERY).policy(v, "1"),
                v -> AuditEvent.builder(AuditAction.QUERY).policy("p", v),
                v -> AuditEvent.builder(AuditAction.QUERY).keyId(v),
                v -> AuditEvent.builder(AuditAction.QUERY).invocationId(v),
                v -> AuditEvent.builder(AuditAction.QUERY).conversation(v),
                v -> AuditEvent.builder(AuditAction.QUERY).reasonCode(v),
                v -> AuditEvent.builder(AuditAction.QUERY).detail(v, "x"),
                v -> AuditEvent.builder(AuditAction.QUERY).detail("x", v),
                v -> AuditEvent.builder(AuditAction.QUERY).measure(v, 1),
                v -> AuditEvent.builder(AuditAction.QUERY).digest(v, KeyedDigest.of(AUDIT_KEY, "x")),
                v -> AuditEvent.builder(AuditAction.QUERY).destination(Destination.builder(v).build()),
                v -> AuditEvent.builder(AuditAction.QUERY).destination(Destination.builder("openai").model(v).build()));
        // free text, SSN, date and phone shapes; the two that are plain identifiers are covered by hashing
        java.util.List<String> rejected = CANARIES.stream()
                .filter(c -> !c.equals("CanaryPatient") && !c.equals("MRN99887766") && !c.equals("jane.canary@example.com"))
                .toList();
        int checks = 0;
        for (Consumer<String> setter : setters) {
            for (String canary : rejected) {
                assertThatThrownBy(() -> setter.accept(canary))
                        .isInstanceOf(IllegalArgumentException.class)
                        .satisfies(t -> AuditFixtures.assertNoCanary("message", t.getMessage()));
                checks++;
            }
        }
        assertThat(checks).isEqualTo(16 * 7);
    }

    @Test
    void identifiers_hostileInput_rejected() {
        AuditEvent.Builder b = AuditEvent.builder(AuditAction.QUERY);
        assertThatThrownBy(() -> b.principal("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.principal(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.principal("a".repeat(129))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("129 characters");
        assertThatThrownBy(() -> b.principal("user\u0000x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.principal("user\n{\"x\":1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.principal("us\"er")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.principal("\uD83D\uDE00user")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.principal("Müller")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.invocationId("run-2026-08-22")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("date");
        assertThatThrownBy(() -> b.phiCount(PhiType.NAME, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.measure("m", -1)).isInstanceOf(IllegalArgumentException.class);
        // legitimate shapes pass: UUIDs, IdP subjects, service accounts, segment ids, epochs
        b.invocationId("4bf92f35-77b3-4da6-a3ce-929d0e0e4736").principal("auth0|user:4711")
                .serviceAccount("svc-rag@tenant-a.iam").reasonCode("epoch-2026-08");
    }

    @Test
    void hostileInput_throughHashedFields_isStoredOnlyAsDigest() {
        String huge = "x".repeat(1_000_000) + "\uD83D\uDE00 Jane Q. Canarywoman";
        AuditEvent e = AuditFixtures.minimalEvent(0).toBuilder().queryRef(AUDIT_KEY, huge)
                .recordRef(AUDIT_KEY, "").build();
        assertThat(e.toCanonicalJson().length).isLessThan(1000);
        assertThat(e.queryRefs().get(0).value()).hasSize(43);
    }

    @Test
    void build_missingRequiredParts_namesThem() {
        assertThatThrownBy(() -> AuditEvent.builder(AuditAction.POLICY_BLOCK).component("c").principal("u").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outcome");
        assertThatThrownBy(() -> AuditEvent.builder(AuditAction.POLICY_BLOCK).outcome(AuditOutcome.SUCCESS)
                .principal("u").build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("component");
        assertThatThrownBy(() -> AuditEvent.builder(AuditAction.POLICY_BLOCK).outcome(AuditOutcome.SUCCESS)
                .component("c").build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("principal");
        assertThatThrownBy(() -> AuditEvent.builder(AuditAction.RETRIEVE).outcome(AuditOutcome.SUCCESS)
                .component("c").principal("u").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("purpose");
        assertThat(AuditEvent.builder(AuditAction.RETRIEVE).outcome(AuditOutcome.SUCCESS).component("c")
                .principal("u").purpose(Purpose.PAYMENT).build().purpose()).contains(Purpose.PAYMENT);
    }

    @Test
    void parse_nonCanonicalOrForeignBytes_refusedWithoutContent() {
        String good = new String(AuditFixtures.fullEvent(3).toCanonicalJson(), StandardCharsets.UTF_8);
        java.util.List<String> bad = java.util.List.of(
                good.replace(",", ", "),                                 // whitespace
                good.replace("\"action\":\"DISCLOSE_TO_VENDOR\",", "") + "", // missing field
                good.replace("\"v\":1}", "\"v\":1,\"note\":\"Jane Q. Canarywoman\"}"), // unknown field
                good.replace("\"principal\":\"user-4711\"", "\"principal\":\"Jane Q. Canarywoman\""), // free text
                good.replace("\"v\":1}", "\"v\":1.0}"),                  // float
                good.replace("\"v\":1}", "\"v\":1,\"v\":1}"),            // duplicate
                good + "x", "[]", "", "{", "null",
                good.replace("\"NAME\":2", "\"NAME\":-2"));
        for (String b : bad) {
            assertThatThrownBy(() -> AuditEvent.parse(b.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(AuditFormatException.class)
                    .satisfies(t -> AuditFixtures.assertNoCanary("message", t.getMessage()));
        }
    }

    @Test
    void toBuilder_copiesEverything() {
        AuditEvent e = AuditFixtures.fullEvent(4);
        assertThat(e.toBuilder().build()).isEqualTo(e);
        assertThat(e.toBuilder().outcome(AuditOutcome.MINOR_FAILURE).build()).isNotEqualTo(e);
    }
}
