package dev.phisafe.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.phisafe.core.PhiException;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.transform.StreamingReidentifier;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A {@link StreamingChatModel} that minimizes every request for its destination, calls the wrapped model exactly once,
 * and re-identifies the answer as the tokens arrive. See {@link PhiGuard#wrap(StreamingChatModel,
 * dev.phisafe.core.policy.Destination)}.
 */
final class PhiStreamingChatModel implements StreamingChatModel {
    private final StreamingChatModel delegate;
    private final ChatGuard guard;

    PhiStreamingChatModel(StreamingChatModel delegate, ChatGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public void chat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        chat(chatRequest, ChatRequestOptions.EMPTY, handler);
    }

    @Override
    public void chat(ChatRequest chatRequest, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        guarded(chatRequest, handler, (minimized, h) -> delegate.chat(minimized, options, h));
    }

    @Override
    public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        guarded(chatRequest, handler, delegate::doChat);
    }

    /** Failures before the call are thrown here, on the caller's thread, and the wrapped model is not called. */
    private void guarded(ChatRequest request, StreamingChatResponseHandler handler,
            BiConsumer<ChatRequest, StreamingChatResponseHandler> call) {
        java.util.Objects.requireNonNull(handler, "handler");
        ChatGuard.Exchange exchange = guard.begin();
        ChatRequest minimized;
        try {
            minimized = exchange.minimize(request);
        } catch (RuntimeException | Error e) {
            exchange.close();
            throw e;
        }
        try {
            call.accept(minimized, new Handler(handler, exchange, guard.guard)); // the one call to the vendor
        } catch (RuntimeException | Error e) {
            exchange.close();
            throw e;
        }
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    /** Empty, as for the blocking decorator: the wrapped model's listeners see only the minimized request. */
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

    @Override
    public String toString() {
        return "PhiStreamingChatModel{" + guard + ", delegate=" + delegate.getClass().getName() + "}";
    }

    /**
     * Re-identifies one streamed answer for the caller's handler. Callbacks are serialized; every one forwarded runs
     * with the call's scope bound, so a call the caller's handler makes from the vendor's thread (AiServices' tool
     * loop) is guarded in the same scope. After the first failure only that failure is reported.
     */
    static final class Handler implements StreamingChatResponseHandler {
        private final StreamingChatResponseHandler downstream;
        private final ChatGuard.Exchange exchange;
        private final PhiGuard guard;
        private final StreamingReidentifier text;
        private final StreamingReidentifier thoughts;
        private final StringBuilder rawText = new StringBuilder();
        private final StringBuilder shownText = new StringBuilder();
        private final StringBuilder shownThinking = new StringBuilder();
        private boolean partialText;
        private boolean partialThinking;
        private boolean done;

        Handler(StreamingChatResponseHandler downstream, ChatGuard.Exchange exchange, PhiGuard guard) {
            this.downstream = downstream;
            this.exchange = exchange;
            this.guard = guard;
            this.text = exchange.reidentifier().streaming();
            this.thoughts = exchange.reidentifier().streaming();
        }

        @Override
        public void onPartialResponse(String partialResponse) {
            partial(partialResponse, null);
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            partial(partialResponse.text(), context);
        }

        private synchronized void partial(String chunk, PartialResponseContext context) {
            if (done || chunk == null) {
                return;
            }
            String ready;
            try {
                partialText = true;
                rawText.append(chunk);
                ready = text.accept(chunk);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            emitText(ready, context);
        }

        private void emitText(String ready, PartialResponseContext context) {
            if (ready.isEmpty()) {
                return;
            }
            shownText.append(ready);
            forward(() -> {
                if (context == null) {
                    downstream.onPartialResponse(ready);
                } else {
                    downstream.onPartialResponse(new PartialResponse(ready), context);
                }
            });
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            thinking(partialThinking, null);
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            thinking(partialThinking, context);
        }

        private synchronized void thinking(PartialThinking chunk, PartialThinkingContext context) {
            if (done || chunk == null || chunk.text() == null) {
                return;
            }
            String ready;
            try {
                partialThinking = true;
                ready = thoughts.accept(chunk.text());
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            emitThinking(ready, context);
        }

        private void emitThinking(String ready, PartialThinkingContext context) {
            if (ready.isEmpty()) {
                return;
            }
            shownThinking.append(ready);
            forward(() -> {
                if (context == null) {
                    downstream.onPartialThinking(new PartialThinking(ready));
                } else {
                    downstream.onPartialThinking(new PartialThinking(ready), context);
                }
            });
        }

        /** Not forwarded: a partial JSON argument may end inside a placeholder. The complete call is forwarded. */
        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
        }

        /** Not forwarded: see {@link #onPartialToolCall(PartialToolCall)}. */
        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        }

        @Override
        public synchronized void onCompleteToolCall(CompleteToolCall completeToolCall) {
            if (done) {
                return;
            }
            CompleteToolCall restored;
            try {
                restored = new CompleteToolCall(completeToolCall.index(),
                        exchange.restoreCall(completeToolCall.toolExecutionRequest()));
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            forward(() -> downstream.onCompleteToolCall(restored));
        }

        /** Not forwarded: a raw vendor event bypasses re-identification and the scan for new PHI. */
        @Override
        public void onUnmappedRawEvent(Object rawEvent) {
        }

        @Override
        public synchronized void onCompleteResponse(ChatResponse completeResponse) {
            if (done) {
                return;
            }
            ChatResponse out;
            try {
                AiMessage a = completeResponse.aiMessage();
                if (!partialText && a.text() != null) {
                    partial(a.text(), null); // nothing was streamed: the whole text is streamed once now
                    if (done) {
                        return;
                    }
                }
                emitText(text.finish(), null);
                if (!partialThinking && a.thinking() != null) {
                    thinking(new PartialThinking(a.thinking()), null);
                    if (done) {
                        return;
                    }
                }
                emitThinking(thoughts.finish(), null);
                exchange.tally(text.restoredCounts(), text.unknownPlaceholders());
                exchange.tally(thoughts.restoredCounts(), thoughts.unknownPlaceholders());
                // the scan for PHI the answer brought in by itself runs on the whole text
                exchange.count(exchange.reidentifier().reidentify(rawText.toString()).newPhi());
                List<ToolExecutionRequest> calls = exchange.restoreCalls(a.toolExecutionRequests());
                ChatReport report = exchange.report(true);
                guard.report(report);
                exchange.audit(dev.phisafe.core.audit.AuditAction.REIDENTIFY,
                        exchange.sawNewPhi() && guard.newPhi() != PhiGuard.NewPhi.REPORT
                                ? dev.phisafe.core.audit.AuditOutcome.SERIOUS_FAILURE
                                : dev.phisafe.core.audit.AuditOutcome.SUCCESS, null);
                if (exchange.sawNewPhi() && guard.newPhi() != PhiGuard.NewPhi.REPORT) {
                    // the text is already shown and cannot be redacted: the stream ends in an error instead
                    PhiType first = report.newPhi().keySet().iterator().next();
                    fail(new PhiBlockedException(ChatGuard.NEW_PHI_POLICY, first));
                    return;
                }
                AiMessage restored = a.toBuilder().text(a.text() == null ? null : shownText.toString())
                        .thinking(a.thinking() == null && !partialThinking ? null : shownThinking.toString())
                        .toolExecutionRequests(calls)
                        .attributes(ChatGuard.Exchange.withReport(a.attributes(), report)).build();
                out = completeResponse.toBuilder().aiMessage(restored).build();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            done = true;
            exchange.close();
            forward(() -> downstream.onCompleteResponse(out));
        }

        @Override
        public synchronized void onError(Throwable error) {
            if (done) {
                return;
            }
            done = true;
            exchange.close();
            forward(() -> downstream.onError(error));
        }

        private void fail(RuntimeException e) {
            done = true;
            exchange.close();
            // PhiException messages are PHI-free by contract; anything else may quote text and is not chained
            RuntimeException safe = e instanceof PhiException ? e
                    : new PhiProcessingException("re-identifying the streamed answer failed ("
                            + e.getClass().getSimpleName() + "); the rest is withheld");
            forward(() -> downstream.onError(safe));
        }

        private void forward(Runnable callback) {
            PhiGuard.Bound previous = guard.bind(exchange.bound);
            try {
                callback.run();
            } finally {
                guard.bind(previous);
            }
        }
    }
}
