package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.DATE;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.review.Draft;
import dev.phisafe.core.review.InMemoryReviewStore;
import dev.phisafe.core.review.ReviewGate;
import dev.phisafe.core.review.ReviewRefusedException;
import dev.phisafe.core.review.ReviewState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 6 item 6: @MinimumNecessary and @RequiresReview through {@code PhiGuard.aiService}, and the guardrail pair. */
class AiServiceAnnotationsTest {
    private final Vendor vendor = new Vendor();
    private final List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        vendor.close();
    }

    interface Scribe {
        String chat(String message);

        @MinimumNecessary(purpose = Purpose.PAYMENT, policy = "safe-harbor")
        String billingSummary(String note);

        @MinimumNecessary(purpose = Purpose.RESEARCH)
        String cohortQuestion(String note);

        @RequiresReview
        @MinimumNecessary(purpose = Purpose.TREATMENT)
        String dischargeNote(String note);
    }

    interface BadPolicy {
        @MinimumNecessary(purpose = Purpose.TREATMENT, policy = "anything-goes")
        String chat(String message);
    }

    interface StreamedReview {
        @RequiresReview
        TokenStream note(String message);
    }

    private PhiGuard.Builder base() {
        return PhiGuard.builder().policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED)
                        .route(Purpose.PAYMENT, PhiPolicies.PSEUDONYMIZED).build())
                .vault(Fixtures.vault()).dateShifter(Fixtures.dateShifter()).auditSink(events::add);
    }

    private static ReviewGate gate(List<AuditEvent> sink) {
        return ReviewGate.builder().store(new InMemoryReviewStore()).auditSink(sink::add)
                .auditKey(StoreFixtures.auditKey()).build();
    }

    private Scribe scribe(PhiGuard guard) {
        return guard.aiService(Scribe.class, AiServices.builder(Scribe.class)
                .chatModel(guard.wrap(vendor.chatModel(), BAA)).build());
    }

    @Test
    void minimumNecessary_methodPurposeAndPolicy_narrowWhatCrossesTheWire_perMethod() {
        PhiGuard guard = base().reviewGate(gate(new ArrayList<>()), "svc-scribe").build();
        Scribe scribe = scribe(guard);
        vendor.answer("ok");
        vendor.answer("ok");
        String note = NAME + " was admitted on " + DATE + ".";

        guard.withScope(SCOPE, () -> scribe.chat(note));
        guard.withScope(SCOPE, () -> scribe.billingSummary(note));

        List<String> bodies = vendor.bodies();
        String shifted = Fixtures.dateShifter().shift(DATE, Fixtures.CTX);
        // the route alone (PSEUDONYMIZED): a shifted date; the method's safe-harbor on top: the year only
        assertThat(bodies.get(0)).contains("<NAME_1> was admitted on " + shifted);
        assertThat(bodies.get(1)).contains("<NAME_1> was admitted on 2024.").doesNotContain(shifted);
        List<AuditEvent> disclosures = events.stream().filter(e -> e.action() == AuditAction.DISCLOSE_TO_VENDOR)
                .toList();
        assertThat(disclosures).hasSize(2);
        assertThat(disclosures.get(0).purpose()).contains(Purpose.TREATMENT);
        assertThat(disclosures.get(1).purpose()).contains(Purpose.PAYMENT);
        assertThat(json(disclosures.get(1))).contains("safe-harbor");
        // each AiService call is an invocation of its own
        assertThat(disclosures.get(0).invocationId()).isNotEqualTo(disclosures.get(1).invocationId());
    }

    @Test
    void minimumNecessary_purposeWithoutARoute_isDenied_andNothingIsSent() {
        PhiGuard guard = base().reviewGate(gate(new ArrayList<>()), "svc-scribe").build();
        Scribe scribe = scribe(guard);

        assertThatThrownBy(() -> guard.withScope(SCOPE, () -> scribe.cohortQuestion(NAME + " SSN " + SSN)))
                .isInstanceOf(PhiBlockedException.class)
                .satisfies(e -> CANARIES.forEach(c -> assertThat(e.getMessage()).doesNotContain(c)));
        assertThat(vendor.requestCount()).isZero();
    }

    @Test
    void aiService_refusesBadDeclarations_whenTheProxyIsBuilt() {
        PhiGuard guard = base().build();
        PhiGuard withGate = base().reviewGate(gate(new ArrayList<>()), "svc-scribe").build();

        assertThatThrownBy(() -> guard.aiService(BadPolicy.class, m -> "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anything-goes");
        assertThatThrownBy(() -> withGate.aiService(StreamedReview.class, m -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("String return type");
        assertThatThrownBy(() -> scribe(guard)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reviewGate");
        Scribe outsideScope = scribe(withGate);
        assertThatThrownBy(() -> outsideScope.chat("hi")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withScope");
        assertThat(outsideScope.toString()).contains("PhiAiService", "Scribe").doesNotContain(NAME);
    }

    @Test
    void requiresReview_theAnswerBecomesADraft_theCallerGetsItsId_andTheRequesterCannotApprove() {
        List<AuditEvent> reviewEvents = new ArrayList<>();
        ReviewGate gate = gate(reviewEvents);
        PhiGuard guard = base().reviewGate(gate, "svc-scribe").build();
        Scribe scribe = scribe(guard);
        vendor.answer("Discharge <NAME_1>; follow up in two weeks.");

        String returned = guard.withScope(SCOPE, () -> scribe.dischargeNote("Write the discharge note of " + NAME));

        assertThat(returned).doesNotContain(NAME).doesNotContain("Discharge");
        Draft draft = gate.find(returned).orElseThrow();
        assertThat(draft.state()).isEqualTo(ReviewState.PENDING);
        assertThat(draft.text()).isEqualTo("Discharge " + NAME + "; follow up in two weeks.");
        assertThat(draft.requester()).isEqualTo(SCOPE.access().principal());
        assertThat(draft.serviceAccount()).isEqualTo("svc-scribe");
        assertThat(draft.patient()).isEqualTo("p1");
        assertThat(draft.model()).isEqualTo("gpt-4o-mini");
        assertThat(vendor.bodies().get(0)).doesNotContain(NAME);
        AuditEvent submitted = events.stream().filter(e -> e.action() == AuditAction.DRAFT_SUBMITTED).findFirst()
                .orElseThrow();
        AuditEvent disclosed = events.stream().filter(e -> e.action() == AuditAction.DISCLOSE_TO_VENDOR).findFirst()
                .orElseThrow();
        assertThat(submitted.invocationId()).isEqualTo(disclosed.invocationId());
        assertThat(json(submitted)).contains(returned).doesNotContain(NAME);
        assertThatThrownBy(() -> gate.claim(returned, SCOPE.access().principal()))
                .isInstanceOf(ReviewRefusedException.class);
    }

    private static String json(AuditEvent e) {
        return new String(e.toCanonicalJson(), java.nio.charset.StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------- guardrail pair

    interface Assistant {
        String chat(String message);
    }

    /** A guardrail that passes everything with a plain success(), recording what it saw. */
    static final class TopicCheck implements InputGuardrail {
        final List<String> seen = new ArrayList<>();

        @Override
        public InputGuardrailResult validate(UserMessage message) {
            seen.add(message.singleText());
            return success();
        }
    }

    @Test
    void guardrailPair_withASecondGuardrailInTheChain_theRewriteIsNotLost_andTheAnswerIsReidentified() {
        PhiGuard guard = base().build();
        TopicCheck topic = new TopicCheck();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(vendor.chatModel())
                .inputGuardrails(guard.inputGuardrail(BAA, topic)).outputGuardrails(guard.outputGuardrail(BAA))
                .build();
        vendor.answer("Call <NAME_1> about the SSN <SSN_1>.");

        String answer = guard.withScope(SCOPE, () -> assistant.chat("Patient " + NAME + ", SSN " + SSN + "."));

        String body = vendor.bodies().get(0);
        CANARIES.forEach(c -> assertThat(body).doesNotContain(c));
        assertThat(body).contains("Patient <NAME_1>, SSN <SSN_1>.");
        assertThat(topic.seen).containsExactly("Patient <NAME_1>, SSN <SSN_1>.");
        assertThat(answer).isEqualTo("Call " + NAME + " about the SSN " + SSN + ".");
        assertThat(events).extracting(AuditEvent::action).contains(AuditAction.DISCLOSE_TO_VENDOR,
                AuditAction.REIDENTIFY);
    }

    @Test
    void upstream6425_theSameGuardrailsRegisteredSeparately_loseTheRewrite_whichIsWhyThePairComposes() {
        PhiGuard guard = base().build();
        TopicCheck topic = new TopicCheck();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(vendor.chatModel())
                .inputGuardrails(guard.inputGuardrail(BAA), topic).build();
        vendor.answer("ok");

        guard.withScope(SCOPE, () -> assistant.chat("Patient " + NAME + "."));

        // LangChain4j 1.19 keeps the last result (plain success) and sends the original message
        assertThat(topic.seen).containsExactly("Patient <NAME_1>.");
        assertThat(vendor.bodies().get(0)).contains(NAME);
    }

    /** Asks once for a reprompt that names the patient. */
    static final class NeedsName implements OutputGuardrail {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public OutputGuardrailResult validate(AiMessage answer) {
            return calls.getAndIncrement() == 0
                    ? reprompt("no name", "Start with the patient's name, " + NAME + ", SSN " + SSN + ".")
                    : success();
        }
    }

    @Test
    void guardrailPair_aReprompt_isMinimizedBeforeItGoesBackToTheModel() {
        PhiGuard guard = base().build();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(vendor.chatModel())
                .inputGuardrails(guard.inputGuardrail(BAA)).outputGuardrails(guard.outputGuardrail(BAA,
                        new NeedsName())).build();
        vendor.answer("Summary.");
        vendor.answer("<NAME_1>: summary.");

        String answer = guard.withScope(SCOPE, () -> assistant.chat("Summarize the chart of " + NAME + "."));

        List<String> bodies = vendor.bodies();
        assertThat(bodies).hasSize(2);
        bodies.forEach(b -> CANARIES.forEach(c -> assertThat(b).doesNotContain(c)));
        assertThat(bodies.get(1)).contains("Start with the patient's name, <NAME_1>, SSN <SSN_1>.");
        assertThat(answer).isEqualTo(NAME + ": summary.");
    }

    @Test
    void storeAction_isRecordedForMemoryWrites(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        PhiGuard guard = base().build();
        dev.langchain4j.store.memory.chat.ChatMemoryStore memory = guard.wrap(
                new dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore(),
                new StoreFixtures(tmp).keyring.aead(StoreFixtures.AEAD), StoreFixtures.auditKey());

        guard.withScope(SCOPE, () -> memory.updateMessages("m1", List.of(UserMessage.from("hello"))));

        assertThat(events).filteredOn(e -> e.action() == AuditAction.STORE).hasSize(1)
                .allSatisfy(e -> assertThat(e.component()).isEqualTo("phi-langchain4j/memory"));
    }
}
