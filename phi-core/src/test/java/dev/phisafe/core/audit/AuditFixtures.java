package dev.phisafe.core.audit;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Shared events and canaries for audit tests. */
final class AuditFixtures {
    static final KeyedHash AUDIT_KEY = KeyedHash.jdkHmacSha256(fill((byte) 7), "audit-2026-08");

    /** PHI-like values planted by canary tests: none may ever appear in any output. */
    static final List<String> CANARIES = List.of(
            "Jane Q. Canarywoman", "123-45-6789", "MRN 99887766", "1951-04-17", "(555) 867-5309",
            "jane.canary@example.com", "Patient reports HIV-positive status", "42 Canary Lane, Springfield",
            "CanaryPatient", "MRN99887766");

    private AuditFixtures() {
    }

    static byte[] fill(byte b) {
        byte[] k = new byte[32];
        Arrays.fill(k, b);
        return k;
    }

    /** A full event touching every field, with canaries only in hashed fields. */
    static AuditEvent fullEvent(int i) {
        return AuditEvent.builder(AuditAction.DISCLOSE_TO_VENDOR)
                .id(new UUID(0x0123456789abcdefL, i))
                .recorded(Instant.parse("2026-08-22T14:03:07.412Z").plusMillis(i))
                .outcome(AuditOutcome.SUCCESS)
                .principal("user-4711").role("clinician").serviceAccount("svc-rag@tenant-a")
                .component("phi-langchain4j/chat")
                .destination(Destination.builder("openai").model("gpt-4o").baa().build())
                .purpose(Purpose.TREATMENT)
                .phiCount(PhiType.NAME, 2).phiCount(PhiType.DATE, 1)
                .policy("safe-harbor", "3")
                .keyId("vault-2026-08").keyId("audit-2026-08")
                .invocationId("inv-" + i).conversation("conv-7f3c")
                .subject(AUDIT_KEY, "MRN99887766")
                .recordRef(AUDIT_KEY, "docref-889/v3#seg-0004")
                .queryRef(AUDIT_KEY, "Patient reports HIV-positive status")
                .digest("approved-text", KeyedDigest.of(AUDIT_KEY, "Jane Q. Canarywoman"))
                .reasonCode("ok")
                .detail("ticket", "t-42")
                .measure("result-count", 3)
                .build();
    }

    static AuditEvent minimalEvent(int i) {
        return AuditEvent.builder(AuditAction.POLICY_BLOCK)
                .id(new UUID(7, i))
                .recorded(Instant.parse("2026-08-22T14:03:00Z").plusMillis(i))
                .outcome(AuditOutcome.SERIOUS_FAILURE)
                .serviceAccount("svc-rag").component("phi-core/filter")
                .reasonCode("no-baa")
                .build();
    }

    static void assertNoCanary(String where, byte[] bytes) {
        assertNoCanary(where, new String(bytes, StandardCharsets.UTF_8));
    }

    static void assertNoCanary(String where, String text) {
        for (String c : CANARIES) {
            org.assertj.core.api.Assertions.assertThat(text).as(where + " must not contain a canary").doesNotContain(c);
        }
    }
}
