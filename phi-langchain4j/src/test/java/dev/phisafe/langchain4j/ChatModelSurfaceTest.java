package dev.phisafe.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fails when LangChain4j adds a method to the interfaces the decorators implement: each method was reviewed and is
 * either overridden by the decorator (it carries a request, an answer or metadata) or left to its default because
 * that default only builds a request and calls an overridden method.
 */
class ChatModelSurfaceTest {

    private static final String OVERRIDE = "override";
    private static final String DEFAULT_ROUTES_TO_OVERRIDE = "default";

    private static final Map<String, String> CHAT_MODEL = Map.of(
            "chat(ChatRequest)", OVERRIDE,
            "chat(ChatRequest,ChatRequestOptions)", OVERRIDE,
            "doChat(ChatRequest)", OVERRIDE,
            "defaultRequestParameters()", OVERRIDE,
            "listeners()", OVERRIDE,
            "provider()", OVERRIDE,
            "supportedCapabilities()", OVERRIDE,
            "chat(String)", DEFAULT_ROUTES_TO_OVERRIDE,              // -> chat(ChatRequest)
            "chat(ChatMessage[])", DEFAULT_ROUTES_TO_OVERRIDE,       // -> chat(ChatRequest)
            "chat(List)", DEFAULT_ROUTES_TO_OVERRIDE);               // -> chat(ChatRequest)

    private static final Map<String, String> STREAMING_CHAT_MODEL = Map.of(
            "chat(ChatRequest,StreamingChatResponseHandler)", OVERRIDE,
            "chat(ChatRequest,ChatRequestOptions,StreamingChatResponseHandler)", OVERRIDE,
            "doChat(ChatRequest,StreamingChatResponseHandler)", OVERRIDE,
            "defaultRequestParameters()", OVERRIDE,
            "listeners()", OVERRIDE,
            "provider()", OVERRIDE,
            "supportedCapabilities()", OVERRIDE,
            "chat(String,StreamingChatResponseHandler)", DEFAULT_ROUTES_TO_OVERRIDE,   // -> chat(ChatRequest, handler)
            "chat(List,StreamingChatResponseHandler)", DEFAULT_ROUTES_TO_OVERRIDE);    // -> chat(ChatRequest, handler)

    /** Every callback carries text or a tool call, so the re-identifying handler overrides all of them. */
    private static final Map<String, String> HANDLER = new TreeMap<>(Map.of(
            "onPartialResponse(String)", OVERRIDE,
            "onPartialResponse(PartialResponse,PartialResponseContext)", OVERRIDE,
            "onPartialThinking(PartialThinking)", OVERRIDE,
            "onPartialThinking(PartialThinking,PartialThinkingContext)", OVERRIDE,
            "onPartialToolCall(PartialToolCall)", OVERRIDE,
            "onPartialToolCall(PartialToolCall,PartialToolCallContext)", OVERRIDE,
            "onCompleteToolCall(CompleteToolCall)", OVERRIDE,
            "onUnmappedRawEvent(Object)", OVERRIDE,
            "onCompleteResponse(ChatResponse)", OVERRIDE,
            "onError(Throwable)", OVERRIDE));

    private static Map<String, Method> surface(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
                .collect(Collectors.toMap(ChatModelSurfaceTest::signature, m -> m, (a, b) -> a, TreeMap::new));
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static void check(Class<?> api, Class<?> decorator, Map<String, String> reviewed) {
        Map<String, Method> methods = surface(api);
        assertThat(methods.keySet()).as("methods of %s; review each new one, then add it to the list", api.getName())
                .containsExactlyInAnyOrderElementsOf(reviewed.keySet());
        for (Map.Entry<String, Method> e : methods.entrySet()) {
            boolean overridden;
            try {
                decorator.getDeclaredMethod(e.getValue().getName(), e.getValue().getParameterTypes());
                overridden = true;
            } catch (NoSuchMethodException ex) {
                overridden = false;
            }
            assertThat(overridden).as("%s overrides %s", decorator.getSimpleName(), e.getKey())
                    .isEqualTo(OVERRIDE.equals(reviewed.get(e.getKey())));
        }
    }

    @Test
    void chatModel_everyMethodIsReviewed_andTheOnesCarryingRequestsOrMetadataAreOverridden() {
        check(ChatModel.class, PhiChatModel.class, CHAT_MODEL);
    }

    @Test
    void streamingChatModel_everyMethodIsReviewed_andTheOnesCarryingRequestsOrMetadataAreOverridden() {
        check(StreamingChatModel.class, PhiStreamingChatModel.class, STREAMING_CHAT_MODEL);
    }

    @Test
    void streamingHandler_everyCallbackIsReviewed_andOverridden() {
        check(StreamingChatResponseHandler.class, PhiStreamingChatModel.Handler.class, HANDLER);
    }
}
