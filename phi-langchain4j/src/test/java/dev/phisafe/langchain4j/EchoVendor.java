package dev.phisafe.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An OpenAI-compatible vendor on loopback whose answer is a pure function of the request body, so that a run with
 * the guard and one without can be compared: it echoes the text of every message ({@code "Echo: a | b | ..."}), or,
 * when the request offers tools and holds no tool result yet, calls the tool {@value #TOOL} with {@code {}}. Answers
 * in JSON or, for {@code "stream": true}, as server-sent events of {@value #CHUNK} characters (so placeholders are
 * cut across chunks). Every request body is kept as received.
 */
final class EchoVendor implements AutoCloseable {
    static final String TOOL = "latestLab";
    static final int CHUNK = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    EchoVendor() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody() == null ? "" : request.getBody().utf8();
                bodies.add(body);
                try {
                    return answer(JSON.readTree(body));
                } catch (IOException e) {
                    return new MockResponse.Builder().code(400).body("bad request").build();
                }
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    OpenAiChatModel chatModel() {
        return OpenAiChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("test-key")
                .modelName("gpt-4o-mini").maxRetries(0).build();
    }

    OpenAiStreamingChatModel streamingModel() {
        return OpenAiStreamingChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("test-key")
                .modelName("gpt-4o-mini").build();
    }

    /** @return every request body received so far */
    List<String> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** The deterministic answer: echo of all message texts, or one tool call. */
    static String echo(JsonNode request) {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : request.path("messages")) {
            JsonNode c = m.get("content");
            if (c == null || c.isNull()) {
                continue;
            }
            if (c.isTextual()) {
                texts.add(c.asText());
            } else {
                for (JsonNode part : c) {
                    if (part.has("text")) {
                        texts.add(part.get("text").asText());
                    }
                }
            }
        }
        return "Echo: " + String.join(" | ", texts);
    }

    private static boolean wantsTool(JsonNode request) {
        if (!request.has("tools")) {
            return false;
        }
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                return false;
            }
        }
        return true;
    }

    private static MockResponse answer(JsonNode request) throws JsonProcessingException {
        boolean stream = request.path("stream").asBoolean(false);
        boolean tool = wantsTool(request);
        String text = echo(request);
        if (!stream) {
            ObjectNode message = JSON.createObjectNode().put("role", "assistant");
            if (tool) {
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_1").put("type",
                        "function");
                call.putObject("function").put("name", TOOL).put("arguments", "{}");
            } else {
                message.put("content", text);
            }
            ObjectNode body = envelope("chat.completion");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            choice.set("message", message);
            choice.put("finish_reason", tool ? "tool_calls" : "stop");
            body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
            return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                    .body(JSON.writeValueAsString(body)).build();
        }
        StringBuilder sse = new StringBuilder();
        if (tool) {
            ObjectNode delta = JSON.createObjectNode().put("role", "assistant");
            ObjectNode call = delta.putArray("tool_calls").addObject().put("index", 0).put("id", "call_1")
                    .put("type", "function");
            call.putObject("function").put("name", TOOL).put("arguments", "{}");
            event(sse, delta, null);
            event(sse, JSON.createObjectNode(), "tool_calls");
        } else {
            for (int i = 0; i < text.length(); i += CHUNK) {
                int end = Math.min(text.length(), i + CHUNK);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end++;
                }
                event(sse, JSON.createObjectNode().put("content", text.substring(i, end)), null);
                i = end - CHUNK;
            }
            event(sse, JSON.createObjectNode(), "stop");
        }
        sse.append("data: [DONE]\n\n");
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(sse.toString()).build();
    }

    private static ObjectNode envelope(String object) {
        return JSON.createObjectNode().put("id", "chatcmpl-1").put("object", object).put("created", 1700000000)
                .put("model", "gpt-4o-mini");
    }

    private static void event(StringBuilder sse, ObjectNode delta, String finish) throws JsonProcessingException {
        ObjectNode body = envelope("chat.completion.chunk");
        ArrayNode choices = body.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        sse.append("data: ").append(JSON.writeValueAsString(body)).append("\n\n");
    }

    @Override
    public void close() {
        server.close();
    }
}
