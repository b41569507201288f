package dev.phisafe.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A real HTTP server on loopback that speaks the OpenAI chat-completions protocol (JSON and SSE), in place of the
 * vendor. Everything that crossed the wire is kept as the exact bytes received.
 */
final class Vendor implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final MockWebServer server = new MockWebServer();

    Vendor() {
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return server.url("/v1").toString();
    }

    OpenAiChatModel chatModel(ChatModelListener... listeners) {
        return OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("test-key").modelName("gpt-4o-mini").maxRetries(0)
                .listeners(listeners).build();
    }

    OpenAiStreamingChatModel streamingModel() {
        return OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey("test-key").modelName("gpt-4o-mini")
                .build();
    }

    /** Queues a non-streamed answer with this text. */
    void answer(String text) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
        enqueueCompletion(message, "stop");
    }

    /** Queues a non-streamed answer that calls one tool with these JSON arguments. */
    void toolCall(String id, String name, String arguments) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        enqueueCompletion(message, "tool_calls");
    }

    private void enqueueCompletion(ObjectNode message, String finish) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("created", 1700000000).put("model", "gpt-4o-mini");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
                .body(write(body)).build());
    }

    /** Queues a streamed answer: one SSE event per chunk, then a stop event and [DONE]. */
    void stream(List<String> chunks) {
        StringBuilder sse = new StringBuilder();
        for (String c : chunks) {
            sse.append("data: ").append(write(chunk(JSON.createObjectNode().put("content", c), null))).append("\n\n");
        }
        sse.append("data: ").append(write(chunk(JSON.createObjectNode(), "stop"))).append("\n\n");
        sse.append("data: [DONE]\n\n");
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                .body(sse.toString()).build());
    }

    private static ObjectNode chunk(ObjectNode delta, String finish) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("created", 1700000000).put("model", "gpt-4o-mini");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return body;
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    int requestCount() {
        return server.getRequestCount();
    }

    /** The bodies of every request received so far, as the exact bytes decoded as UTF-8. */
    List<String> bodies() {
        List<String> out = new ArrayList<>();
        try {
            RecordedRequest r;
            while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
                out.add(r.getBody() == null ? "" : r.getBody().utf8());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
