package dev.phisafe.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link ChatModel} that minimizes every request for its destination, calls the wrapped model exactly once, and
 * re-identifies the answer for the caller. Every entry point ({@code chat(String)}, {@code chat(ChatMessage...)},
 * {@code chat(List)}, {@code chat(ChatRequest)}) ends in {@link #chat(ChatRequest, ChatRequestOptions)}; {@link #doChat}
 * is guarded too, for callers that skip the listener layer. See {@link PhiGuard}.
 */
final class PhiChatModel implements ChatModel {
    private final ChatModel delegate;
    private final ChatGuard guard;

    PhiChatModel(ChatModel delegate, ChatGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public ChatResponse chat(ChatRequest chatRequest) {
        return chat(chatRequest, ChatRequestOptions.EMPTY);
    }

    @Override
    public ChatResponse chat(ChatRequest chatRequest, ChatRequestOptions options) {
        return guarded(chatRequest, minimized -> delegate.chat(minimized, options));
    }

    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        return guarded(chatRequest, delegate::doChat);
    }

    private ChatResponse guarded(ChatRequest request, Function<ChatRequest, ChatResponse> call) {
        try (ChatGuard.Exchange exchange = guard.begin()) {
            ChatRequest minimized = exchange.minimize(request);
            return exchange.restore(call.apply(minimized)); // the one call to the vendor
        }
    }

    /** The wrapped model's: AiServices reads it, and the vendor applies it to the minimized request. */
    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    /**
     * Empty: the wrapped model's listeners fire inside it, on the minimized request. Returning them here would let
     * code that fires a model's listeners itself show them the caller's unminimized request.
     */
    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    /** The chain: guard, destination and the wrapped model's class (its own toString may hold settings). */
    @Override
    public String toString() {
        return "PhiChatModel{" + guard + ", delegate=" + delegate.getClass().getName() + "}";
    }
}
