package dev.phisafe.examples.demo;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sits between the guard and the vendor's client and keeps what crossed: the minimized request and the vendor's raw
 * answer, so the demo can show "what the vendor received" exactly as the client sent it. Not thread-safe (the demo
 * asks one question at a time).
 */
final class RecordingChatModel implements ChatModel {
    /** One vendor call: the request as the vendor got it and its answer before re-identification. */
    record Call(ChatRequest request, ChatResponse response) {
    }

    private final ChatModel vendor;
    private final List<Call> calls = new ArrayList<>();

    RecordingChatModel(ChatModel vendor) {
        this.vendor = vendor;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return chat(request, ChatRequestOptions.EMPTY);
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        ChatResponse response = vendor.chat(request, options);
        calls.add(new Call(request, response));
        return response;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return chat(request);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return vendor.defaultRequestParameters();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return vendor.supportedCapabilities();
    }

    @Override
    public ModelProvider provider() {
        return vendor.provider();
    }

    /** @return the last call, or null */
    Call last() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    /** @return every call so far */
    List<Call> calls() {
        return List.copyOf(calls);
    }
}
