package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.DATE;
import static dev.phisafe.langchain4j.Fixtures.EMAIL;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.PHONE;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.injector.DefaultContentInjector;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.rag.query.transformer.CompressingQueryTransformer;
import dev.langchain4j.rag.query.transformer.ExpandingQueryTransformer;
import dev.langchain4j.rag.query.transformer.QueryTransformer;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance (issue 6, lines 1 and 2): canary PHI planted in each kind of message never appears in any request body
 * that reaches the vendor (an OpenAI-compatible server on loopback, through {@code langchain4j-open-ai}), for every
 * entry point, streaming and not; and under PSEUDONYMIZED the re-identified answer equals the answer the caller gets
 * without the guard.
 *
 * <p>Each case runs twice against a fresh {@link EchoVendor} (its answer is a function of the request): once without
 * the guard, to prove the canary does cross the wire there (so the case can fail), and once guarded. Entry points:
 * {@code chat(ChatRequest)}, {@code chat(List<ChatMessage>)}, {@code doChat(ChatRequest)} (the blocking and the
 * streaming variant of each) and an AiService (a {@code String} or a {@code TokenStream} method) with memory, RAG,
 * tools and output guardrails. For the direct entry points, query-transformer cases run the real LangChain4j
 * transformer over a {@code ChatModel} that sends through the entry point, and the reprompt case sends the messages
 * LangChain4j sends on a reprompt (history, the first answer, the reprompt as a user message).
 */
class WireMatrixTest {
    /** Every canary of the matrix: full values only, so that a leak of any part is caught by the shorter forms. */
    static final List<String> CANARIES = List.of(NAME, "Kowalczyk", SSN, "90-4399", PHONE, "123-4567", EMAIL,
            "kowalczyk@", DATE, "March 3", "MRN-7734421", "7734421");
    static final String MRN = "MRN-7734421";

    enum Entry { CHAT_REQUEST, CHAT_MESSAGES, DO_CHAT, AI_SERVICE }

    enum Kind { SYSTEM, USER, HISTORY, RETRIEVED, TOOL_RESULT, QUERY_COMPRESSION, QUERY_EXPANSION, REPROMPT }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Entry e : Entry.values()) {
            for (Kind k : Kind.values()) {
                for (boolean streaming : new boolean[] {false, true}) {
                    out.add(Arguments.of(e, k, streaming));
                }
            }
        }
        return out.stream();
    }

    /** What one run saw: the caller's answer and every body the vendor received. */
    record Run(String answer, List<String> bodies) {
    }

    @ParameterizedTest(name = "{0} × {1} × streaming={2}")
    @MethodSource("matrix")
    void canaryInEveryKindOfMessage_neverCrossesTheWire_andTheAnswerEqualsTheUnguardedOne(Entry entry, Kind kind,
            boolean streaming) {
        Run plain = run(entry, kind, streaming, null);
        PhiGuard guard = Fixtures.guard().build();
        Run guarded = run(entry, kind, streaming, guard);

        // the case plants PHI on the wire when unguarded, so the guarded assertion below can fail
        assertThat(String.join("\n", plain.bodies())).as("unguarded bodies").containsAnyOf(
                CANARIES.toArray(String[]::new));
        // the path under test really ran: a tool loop, a reprompt, a transformer call each add one vendor call
        boolean twoCalls = entry == Entry.AI_SERVICE && (kind == Kind.TOOL_RESULT || kind == Kind.REPROMPT
                || kind == Kind.QUERY_COMPRESSION || kind == Kind.QUERY_EXPANSION);
        assertThat(plain.bodies()).hasSize(twoCalls ? 2 : 1);
        assertThat(guarded.bodies()).as("the guarded run made the same calls").hasSameSizeAs(plain.bodies());
        for (String body : guarded.bodies()) {
            for (String c : CANARIES) {
                assertThat(body).as("guarded request body").doesNotContain(c);
            }
        }
        assertThat(String.join("\n", guarded.bodies())).contains("<");
        // PSEUDONYMIZED: what the caller gets is what it would have got without the guard
        assertThat(guarded.answer()).isEqualTo(plain.answer());
    }

    // -------------------------------------------------------------------------------------------- one run

    private Run run(Entry entry, Kind kind, boolean streaming, PhiGuard guard) {
        try (EchoVendor vendor = new EchoVendor()) {
            ChatModel blocking = guard == null ? vendor.chatModel() : guard.wrap(vendor.chatModel(), BAA);
            StreamingChatModel stream = guard == null ? vendor.streamingModel()
                    : guard.wrap(vendor.streamingModel(), BAA);
            Supplier<String> call = entry == Entry.AI_SERVICE
                    ? () -> aiService(kind, streaming, blocking, stream)
                    : () -> direct(entry, kind, streaming, blocking, stream);
            String answer = guard == null ? call.get() : guard.withScope(SCOPE, call);
            return new Run(answer, vendor.bodies());
        }
    }

    // ------------------------------------------------------------------------------------ direct entries

    /** Sends one request through the entry point and returns the answer text (streamed: checked equal to partials). */
    private static ChatResponse send(Entry entry, boolean streaming, ChatModel blocking, StreamingChatModel stream,
            ChatRequest request) {
        if (!streaming) {
            return switch (entry) {
                case CHAT_REQUEST -> blocking.chat(request);
                case CHAT_MESSAGES -> blocking.chat(request.messages());
                // doChat is what ChatModel.chat calls after merging the model's defaults: the caller merges here
                case DO_CHAT -> blocking.doChat(request.toBuilder().parameters(blocking.defaultRequestParameters()
                        .overrideWith(request.parameters())).build());
                default -> throw new IllegalArgumentException(entry.name());
            };
        }
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        StringBuilder partials = new StringBuilder();
        StreamingChatResponseHandler handler = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
        switch (entry) {
            case CHAT_REQUEST -> stream.chat(request, handler);
            case CHAT_MESSAGES -> stream.chat(request.messages(), handler);
            case DO_CHAT -> stream.doChat(request.toBuilder().parameters(stream.defaultRequestParameters()
                    .overrideWith(request.parameters())).build(), handler);
            default -> throw new IllegalArgumentException(entry.name());
        }
        ChatResponse r = await(done);
        assertThat(partials.toString()).as("streamed tokens").isEqualTo(r.aiMessage().text());
        return r;
    }

    private static String direct(Entry entry, Kind kind, boolean streaming, ChatModel blocking,
            StreamingChatModel stream) {
        List<ChatMessage> messages = switch (kind) {
            case SYSTEM -> List.of(SystemMessage.from("You assist the care team of " + NAME + " (" + MRN + ")."),
                    UserMessage.from("Summarize the chart."));
            case USER -> List.of(UserMessage.from("Summarize the visit of " + NAME + ", phone " + PHONE + "."));
            case HISTORY -> history("And what is due next?");
            case RETRIEVED -> List.of(new DefaultContentInjector().inject(retrieved(),
                    UserMessage.from("Summarize the chart.")));
            case TOOL_RESULT -> List.of(UserMessage.from("What is the latest lab?"),
                    AiMessage.from(ToolExecutionRequest.builder().id("call_1").name(EchoVendor.TOOL).arguments("{}")
                            .build()),
                    ToolExecutionResultMessage.from("call_1", EchoVendor.TOOL, labResult()));
            case REPROMPT -> List.of(UserMessage.from("Summarize the chart."), AiMessage.from("Echo: summary."),
                    UserMessage.from(repromptText()));
            case QUERY_COMPRESSION, QUERY_EXPANSION -> null;
        };
        if (messages != null) {
            return send(entry, streaming, blocking, stream, ChatRequest.builder().messages(messages).build())
                    .aiMessage().text();
        }
        // the real transformer, calling a ChatModel that sends through this entry point
        ChatModel viaEntry = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return send(entry, streaming, blocking, stream, request);
            }
        };
        QueryTransformer t = kind == Kind.QUERY_COMPRESSION ? new CompressingQueryTransformer(viaEntry)
                : new ExpandingQueryTransformer(viaEntry);
        Query q = kind == Kind.QUERY_COMPRESSION ? compressionQuery() : Query.from(expansionQuestion());
        return t.transform(q).stream().map(Query::text).collect(Collectors.joining(" || "));
    }

    private static List<ChatMessage> history(String question) {
        return List.of(UserMessage.from("Patient " + NAME + ", SSN " + SSN + ", seen on " + DATE + "."),
                AiMessage.from("Noted for " + NAME + ", reachable at " + EMAIL + "."), UserMessage.from(question));
    }

    private static List<Content> retrieved() {
        return List.of(Content.from(NAME + " was seen on " + DATE + "; email " + EMAIL + "."),
                Content.from("Potassium 5.9 for " + MRN + "."));
    }

    private static String labResult() {
        return "Potassium 5.9 for " + NAME + " (SSN " + SSN + ").";
    }

    private static String repromptText() {
        return "Your answer must name the patient: " + NAME + ", SSN " + SSN + ". Answer again.";
    }

    private static String expansionQuestion() {
        return "Potassium trend of " + NAME + " (" + MRN + ")?";
    }

    private static Query compressionQuery() {
        List<ChatMessage> memory = history("x").subList(0, 2);
        UserMessage question = UserMessage.from("What about her potassium?");
        return Query.from(question.singleText(), Metadata.builder().chatMessage(question).chatMemory(memory)
                .invocationContext(InvocationContext.builder().interfaceName("Direct").methodName("transform")
                        .build()).build());
    }

    // -------------------------------------------------------------------------------------------- AiService

    interface Assistant {
        String chat(String message);
    }

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    /** The tool of the TOOL_RESULT case: no PHI in, PHI out. */
    static final class Labs {
        @Tool("The latest lab result of the patient in the chart")
        String latestLab() {
            return labResult();
        }
    }

    /** Reprompts once, with PHI in the reprompt; passes the second answer. */
    static final class RepromptOnce implements OutputGuardrail {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public OutputGuardrailResult validate(AiMessage response) {
            return calls.getAndIncrement() == 0 ? reprompt("the answer does not name the patient", repromptText())
                    : success();
        }
    }

    private static String aiService(Kind kind, boolean streaming, ChatModel blocking, StreamingChatModel stream) {
        ChatMemory memory = MessageWindowChatMemory.withMaxMessages(20);
        String question = "Summarize the chart.";
        switch (kind) {
            case USER -> question = "Summarize the visit of " + NAME + ", phone " + PHONE + ".";
            case HISTORY, QUERY_COMPRESSION -> history("x").subList(0, 2).forEach(memory::add);
            case QUERY_EXPANSION -> question = expansionQuestion();
            default -> {
            }
        }
        Class<?> type = streaming ? StreamingAssistant.class : Assistant.class;
        AiServices<?> b = AiServices.builder(type).chatMemory(memory);
        if (streaming) {
            b.streamingChatModel(stream);
        } else {
            b.chatModel(blocking);
        }
        ContentRetriever fixed = q -> kind == Kind.RETRIEVED ? retrieved() : List.of(Content.from("No notes."));
        switch (kind) {
            case SYSTEM -> b.systemMessageProvider(id -> "You assist the care team of " + NAME + " (" + MRN + ").");
            case RETRIEVED -> b.contentRetriever(fixed);
            case TOOL_RESULT -> b.tools(new Labs());
            case QUERY_COMPRESSION, QUERY_EXPANSION -> b.retrievalAugmentor(DefaultRetrievalAugmentor.builder()
                    .queryTransformer(kind == Kind.QUERY_COMPRESSION ? new CompressingQueryTransformer(blocking)
                            : new ExpandingQueryTransformer(blocking))
                    .contentRetriever(fixed).build());
            case REPROMPT -> b.outputGuardrails(new RepromptOnce());
            default -> {
            }
        }
        Object service = b.build();
        if (!streaming) {
            return ((Assistant) service).chat(question);
        }
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        StringBuilder partials = new StringBuilder();
        ((StreamingAssistant) service).chat(question).onPartialResponse(partials::append)
                .onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
        ChatResponse r = await(done);
        if (kind != Kind.REPROMPT) {
            // with output guardrails LangChain4j replays buffered tokens; the complete response is the answer
            assertThat(partials.toString()).as("streamed tokens").isEqualTo(r.aiMessage().text());
        }
        return r.aiMessage().text();
    }

    private static ChatResponse await(CompletableFuture<ChatResponse> done) {
        try {
            return done.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the streamed answer did not complete: " + e, e);
        }
    }
}
