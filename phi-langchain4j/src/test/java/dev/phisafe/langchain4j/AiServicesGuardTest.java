package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.PHONE;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guard under AiServices, as users wire it: chat memory, tools, streaming. */
class AiServicesGuardTest {
    private final Vendor vendor = new Vendor();

    @AfterEach
    void stop() {
        vendor.close();
    }

    interface Assistant {
        @SystemMessage("You assist the care team. Be brief.")
        String chat(String message);
    }

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    /** A tool the model calls with a pseudonym; it must receive the real name. */
    static final class Directory {
        final List<String> askedFor = new ArrayList<>();

        @Tool("Finds the phone number of a patient")
        String phoneOf(String patientName) {
            askedFor.add(patientName);
            return patientName + " can be reached at " + PHONE;
        }
    }

    @Test
    void twoTurnsWithMemory_historyIsMinimizedOnTheWire_andMemoryHoldsTheCallersView() {
        PhiGuard guard = Fixtures.guard().build();
        MessageWindowChatMemory memory = MessageWindowChatMemory.withMaxMessages(10);
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(guard.wrap(vendor.chatModel(), BAA))
                .chatMemory(memory).build();
        vendor.answer("Noted: <NAME_1>, SSN <SSN_1>.");
        vendor.answer("<NAME_1> is due for a refill.");

        String first = guard.withScope(SCOPE, () -> assistant.chat("Patient " + NAME + ", SSN " + SSN + "."));
        String second = guard.withScope(SCOPE, () -> assistant.chat("What is due for " + NAME + "?"));

        assertThat(first).isEqualTo("Noted: " + NAME + ", SSN " + SSN + ".");
        assertThat(second).isEqualTo(NAME + " is due for a refill.");
        List<String> bodies = vendor.bodies();
        assertThat(bodies).hasSize(2);
        bodies.forEach(b -> CANARIES.forEach(c -> assertThat(b).doesNotContain(c)));
        // the second request resends the history: the same placeholders, still minimized
        assertThat(bodies.get(1)).contains("Noted: <NAME_1>, SSN <SSN_1>.", "What is due for <NAME_1>?")
                .doesNotContain(PhiGuard.REPORT_ATTRIBUTE); // the report attribute stays on the caller's side
        // memory is the caller's side: re-identified (so it must be encrypted at rest: the ChatMemoryStore wrapper)
        List<ChatMessage> remembered = memory.messages();
        assertThat(((AiMessage) remembered.get(remembered.size() - 1)).text()).isEqualTo(second);
    }

    @Test
    void toolLoop_toolGetsTheRealArgument_itsResultIsMinimizedBeforeTheModelSeesIt() {
        PhiGuard guard = Fixtures.guard().build();
        Directory directory = new Directory();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(guard.wrap(vendor.chatModel(), BAA))
                .chatMemory(MessageWindowChatMemory.withMaxMessages(10)).tools(directory).build();
        // without -parameters the tool's parameter is named arg0 in its specification
        vendor.toolCall("call_1", "phoneOf", "{\"arg0\":\"<NAME_1>\"}");
        vendor.answer("Call <NAME_1> at <PHONE_1>.");

        String answer = guard.withScope(SCOPE, () -> assistant.chat("How do I reach " + NAME + "?"));

        assertThat(directory.askedFor).containsExactly(NAME);
        assertThat(answer).isEqualTo("Call " + NAME + " at " + PHONE + ".");
        List<String> bodies = vendor.bodies();
        assertThat(bodies).hasSize(2);
        bodies.forEach(b -> CANARIES.forEach(c -> assertThat(b).doesNotContain(c)));
        assertThat(bodies.get(1)).contains("<NAME_1> can be reached at <PHONE_1>", "call_1");
    }

    @Test
    void streamingAiService_tokensAreReidentified_andTheScopeFollowsTheCallbacks() throws Exception {
        PhiGuard guard = Fixtures.guard().build();
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(guard.wrap(vendor.streamingModel(), BAA))
                .chatMemory(MessageWindowChatMemory.withMaxMessages(10)).build();
        vendor.stream(List.of("Hello <NA", "ME_1>", ", all set."));
        StringBuilder partials = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        guard.withScope(SCOPE, () -> assistant.chat("Prepare the visit of " + NAME + ".")
                .onPartialResponse(partials::append).onCompleteResponse(done::complete).onError(done::completeExceptionally)
                .start());

        assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Hello " + NAME + ", all set.");
        assertThat(partials.toString()).isEqualTo("Hello " + NAME + ", all set.");
        assertThat(vendor.bodies().get(0)).contains("Prepare the visit of <NAME_1>.").doesNotContain(NAME);
    }
}
