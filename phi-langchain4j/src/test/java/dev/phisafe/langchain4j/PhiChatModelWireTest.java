package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.DATE;
import static dev.phisafe.langchain4j.Fixtures.EMAIL;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.NO_BAA;
import static dev.phisafe.langchain4j.Fixtures.PHONE;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.transform.FilterLabel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhiChatModelWireTest {
    private final Vendor vendor = new Vendor();
    private final List<ChatReport> reports = new ArrayList<>();

    @AfterEach
    void stop() {
        vendor.close();
    }

    private PhiGuard guard;

    private ChatModel guarded(PhiGuard.Builder b, Destination d) {
        guard = b.onReport(reports::add).build();
        return guard.wrap(vendor.chatModel(), d);
    }

    private ChatResponse inScope(ChatModel model, List<ChatMessage> messages) {
        return guard.withScope(SCOPE, () -> model.chat(messages));
    }

    @Test
    void chat_simplePrompt_wireCarriesExactlyTheMinimizedRequest_andCallerGetsOriginals() {
        ChatModel model = guarded(Fixtures.guard(), BAA);
        vendor.answer("Please call <NAME_1> about the results.");

        String answer = guard.withScope(SCOPE, () -> model.chat("Summarize the visit of " + NAME + "."));

        assertThat(answer).isEqualTo("Please call " + NAME + " about the results.");
        assertThat(vendor.bodies()).containsExactly("""
                {
                  "model" : "gpt-4o-mini",
                  "messages" : [ {
                    "role" : "user",
                    "content" : "Summarize the visit of <NAME_1>."
                  } ],
                  "stream" : false
                }""");
    }

    @Test
    void chat_everyKindOfMessage_noCanaryCrossesTheWire_andTheAnswerIsReidentified() {
        ChatModel model = guarded(Fixtures.guard(), BAA);
        vendor.answer("<NAME_1> (SSN <SSN_1>) can be reached at <PHONE_1> or <EMAIL_1>.");
        List<ChatMessage> messages = List.of(
                SystemMessage.from("You assist the care team of " + NAME + "."),
                UserMessage.from(TextContent.from("Patient " + NAME + ", SSN " + SSN + "."),
                        TextContent.from("Answer using the following information:\ncontent: " + NAME
                                + " was seen on " + DATE + " and wrote from " + EMAIL + ".")),
                AiMessage.from("I will look up " + NAME + ".", List.of(ToolExecutionRequest.builder().id("call_1")
                        .name("lookup").arguments("{\"patient\":\"" + NAME + "\",\"ssn\":\"" + SSN + "\"}").build())),
                ToolExecutionResultMessage.from("call_1", "lookup", NAME + " phone " + PHONE),
                UserMessage.from("How can I reach " + NAME + "?"));

        ChatResponse r = inScope(model, messages);

        String body = vendor.bodies().get(0);
        assertThat(CANARIES).allSatisfy(c -> assertThat(body).doesNotContain(c));
        assertThat(body).contains("<NAME_1>", "<SSN_1>", "<EMAIL_1>", "<PHONE_1>", "tool_calls", "call_1");
        assertThat(vendor.requestCount()).isEqualTo(1);
        assertThat(r.aiMessage().text()).isEqualTo(NAME + " (SSN " + SSN + ") can be reached at " + PHONE + " or "
                + EMAIL + ".");
        ChatReport report = reports.get(0);
        assertThat(report.messages()).isEqualTo(5);
        assertThat(report.label()).isEqualTo(FilterLabel.PSEUDONYMIZED);
        assertThat(report.minimized()).containsKeys(dev.phisafe.core.detect.PhiType.NAME,
                dev.phisafe.core.detect.PhiType.SOCIAL_SECURITY_NUMBER, dev.phisafe.core.detect.PhiType.DATE);
        assertThat(report.restored()).containsEntry("NAME", 1).containsEntry("SSN", 1);
        assertThat(report.toString()).satisfies(t -> CANARIES.forEach(c -> assertThat(t).doesNotContain(c)));
        assertThat(r.aiMessage().attributes()).containsKey(PhiGuard.REPORT_ATTRIBUTE);
    }

    @Test
    void chat_destinationWithoutBaa_getsSafeHarborText_evenThoughThePolicySaysPseudonymized() {
        ChatModel model = guarded(Fixtures.guard(), NO_BAA);
        vendor.answer("Noted for <NAME_1>.");

        String answer = guard.withScope(SCOPE, () -> model.chat(NAME + " was admitted on " + DATE + "."));

        String body = vendor.bodies().get(0);
        // Safe Harbor keeps only the year of a date (164.514(b)(2)(i)(C)); PSEUDONYMIZED would have shifted it
        assertThat(body).contains("<NAME_1> was admitted on 2024.").doesNotContain("March").doesNotContain(NAME);
        assertThat(answer).isEqualTo("Noted for " + NAME + ".");
        assertThat(reports.get(0).policyId()).isEqualTo("pseudonymized@no-baa");
        assertThat(reports.get(0).label()).isEqualTo(FilterLabel.SAFE_HARBOR_DEIDENTIFIED);
    }

    @Test
    void chat_destinationWithBaa_getsShiftedDates_andTheAnswerCarriesTheRealDate() {
        ChatModel model = guarded(Fixtures.guard(), BAA);
        String shifted = Fixtures.dateShifter().shift(DATE, Fixtures.CTX);
        vendor.answer("The follow-up for <NAME_1> is due one week after " + shifted + ".");

        String answer = guard.withScope(SCOPE, () -> model.chat(NAME + " was admitted on " + DATE + "."));

        assertThat(vendor.bodies().get(0)).contains("<NAME_1> was admitted on " + shifted + ".").doesNotContain("March 3");
        assertThat(shifted).isNotEqualTo(DATE);
        assertThat(answer).isEqualTo("The follow-up for " + NAME + " is due one week after " + DATE + ".");
        assertThat(reports.get(0).label()).isEqualTo(FilterLabel.PSEUDONYMIZED);
    }

    @Test
    void chat_answerWithPhiTheModelBroughtIn_isRedactedByDefault_andReported() {
        ChatModel model = guarded(Fixtures.guard(), BAA);
        vendor.answer("<NAME_1> should also call Dr. Miriam Oyelaran at 617-555-0199.");

        String answer = guard.withScope(SCOPE, () -> model.chat("Who should " + NAME + " call?"));

        assertThat(answer).startsWith(NAME + " should also call").doesNotContain("617-555-0199")
                .doesNotContain("Oyelaran").contains("[PHONE]");
        assertThat(reports.get(0).newPhi()).containsKey(dev.phisafe.core.detect.PhiType.PHONE_NUMBER);
        assertThat(reports.get(0).newPhiHandling()).isEqualTo(PhiGuard.NewPhi.REDACT);
    }

    @Test
    void chat_answerWithNewPhi_underBlock_isWithheld_withoutQuotingIt() {
        ChatModel model = guarded(Fixtures.guard().newPhiInAnswer(PhiGuard.NewPhi.BLOCK), BAA);
        vendor.answer("<NAME_1> should call 617-555-0199.");

        assertThatThrownBy(() -> guard.withScope(SCOPE, () -> model.chat("Who should " + NAME + " call?")))
                .isInstanceOf(PhiBlockedException.class).hasMessageContaining("PHONE_NUMBER")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("617").doesNotContain(NAME));
        assertThat(reports).isEmpty();
    }

    @Test
    void chat_answerWithNewPhi_underReport_isReleasedUnchanged_andReported() {
        ChatModel model = guarded(Fixtures.guard().newPhiInAnswer(PhiGuard.NewPhi.REPORT), BAA);
        vendor.answer("<NAME_1> should call 617-555-0199.");

        String answer = guard.withScope(SCOPE, () -> model.chat("Who should " + NAME + " call?"));

        assertThat(answer).isEqualTo(NAME + " should call 617-555-0199.");
        assertThat(reports.get(0).newPhi()).containsEntry(dev.phisafe.core.detect.PhiType.PHONE_NUMBER, 1);
    }

    @Test
    void chat_toolCallInTheAnswer_reachesTheCallerWithRealArguments_asValidJson() throws Exception {
        ChatModel model = guarded(Fixtures.guard(), BAA);
        vendor.toolCall("call_7", "lookup", "{\"patient\":\"<NAME_1>\",\"ssn\":\"<SSN_1>\"}");

        ChatResponse r = guard.withScope(SCOPE, () -> model.chat(List.of(
                UserMessage.from("Find the chart of " + NAME + ", SSN " + SSN + " (say \"hi\")."))));

        ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
        assertThat(Vendor.JSON.readTree(call.arguments()).get("patient").asText()).isEqualTo(NAME);
        assertThat(Vendor.JSON.readTree(call.arguments()).get("ssn").asText()).isEqualTo(SSN);
        assertThat(call.id()).isEqualTo("call_7");
        assertThat(vendor.bodies().get(0)).doesNotContain(NAME).doesNotContain(SSN);
    }

    @Test
    void wrappedModel_forwardsProviderCapabilitiesAndDefaults_andItsOwnListenersSeeOnlyTheMinimizedRequest() {
        List<String> seen = new ArrayList<>();
        ChatModelListener spy = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext ctx) {
                seen.add(ctx.chatRequest().messages().toString());
            }
        };
        OpenAiChatModel raw = vendor.chatModel(spy);
        guard = Fixtures.guard().build();
        ChatModel model = guard.wrap(raw, BAA);
        vendor.answer("ok");

        guard.withScope(SCOPE, () -> model.chat("Call " + NAME + " at " + PHONE + "."));

        assertThat(model.provider()).isEqualTo(raw.provider()).isEqualTo(ModelProvider.OPEN_AI);
        assertThat(model.supportedCapabilities()).isEqualTo(raw.supportedCapabilities());
        assertThat(model.defaultRequestParameters()).isEqualTo(raw.defaultRequestParameters());
        assertThat(model.listeners()).isEmpty();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).contains("<NAME_1>").doesNotContain(NAME).doesNotContain(PHONE);
    }

    @Test
    void toString_showsTheChain_neverContent() {
        ChatModel model = guarded(Fixtures.guard(), BAA);
        vendor.answer("ok <NAME_1>");
        guard.withScope(SCOPE, () -> model.chat("Call " + NAME + "."));

        assertThat(model.toString()).contains("PhiChatModel", "openai", "BAA", "OpenAiChatModel", "PhiGuard",
                        "TREATMENT=pseudonymized v1", "RESEARCH=deny-all v1")
                .doesNotContain(NAME).doesNotContain("test-key");
        assertThat(guard.toString()).contains("PolicyRouter", "TREATMENT", "REDACT").doesNotContain(NAME);
    }
}
