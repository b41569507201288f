package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.langchain4j.PhiGuard;
import dev.phisafe.langchain4j.PhiScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardedRagExampleTest {
    static final PhiScope SCOPE = PhiScope.of(PhiContext.builder().tenant("clinic-1").conversation("v-42")
            .patient("p-1").build(), Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-17", "treatment"));

    static PhiGuard guard(List<AuditEvent> audit) {
        return PhiGuard.builder()
                .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build())
                .vault(PseudonymVault.builder().maxEntriesPerTenant(1000).ttl(Duration.ofHours(1))
                        .originalsInPlaintext().build())
                .dateShifter(DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(
                        "demo-key-demo-key-demo-key-32byt".getBytes(StandardCharsets.UTF_8), "d1")).build())
                .auditSink(audit::add).build();
    }

    @Test
    void wrappedRagChain_sendsPlaceholdersOnly_andTheClinicianGetsTheRealName(@TempDir Path keys) throws Exception {
        List<AuditEvent> audit = new ArrayList<>();
        try (MockWebServer vendor = new MockWebServer()) {
            vendor.start();
            vendor.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("""
                    {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                     "choices":[{"index":0,"message":{"role":"assistant",
                       "content":"<NAME_1> has chest pain; troponin was negative."},"finish_reason":"stop"}]}""")
                    .build());

            String answer = GuardedRagExample.ask(guard(audit), SCOPE, StoreKeys.options(keys, "clinic-1"),
                    vendor.url("/v1").toString(), "Why does Anna Kowalczyk have chest pain?");

            assertThat(answer).isEqualTo("Anna Kowalczyk has chest pain; troponin was negative.");
            String body = vendor.takeRequest().getBody().utf8();
            assertThat(body).contains("<NAME_1>", "troponin negative", "minimized before it reached you")
                    .doesNotContain("Kowalczyk");
        }
        assertThat(audit).extracting(AuditEvent::action).contains(AuditAction.QUERY, AuditAction.RETRIEVE,
                AuditAction.DISCLOSE_TO_VENDOR, AuditAction.REIDENTIFY);
    }
}
