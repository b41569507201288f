package dev.phisafe.examples;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.langchain4j.PhiGuard;
import dev.phisafe.langchain4j.PhiScope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Streams through a PhiGuard: placeholders map back as tokens arrive; the final response equals what streamed. */
public final class StreamingGuardedChatExample {
    private StreamingGuardedChatExample() {
    }

    /** Streams one answer; every released piece goes to {@code show}; returns the final response. */
    public static CompletableFuture<ChatResponse> stream(String baseUrl, String prompt, Consumer<String> show) {
        PhiGuard guard = PhiGuard.builder().policy(PhiPolicies.SAFE_HARBOR)
                .vault(PseudonymVault.builder().maxEntriesPerTenant(10_000).ttl(Duration.ofMinutes(30))
                        .originalsInPlaintext().build())
                .build();
        StreamingChatModel model = guard.wrap(OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("demo")
                .modelName("gpt-4o-mini").build(), Destination.builder("openai").build());
        PhiScope scope = PhiScope.of(PhiContext.builder().tenant("clinic-1").conversation("chat-7").build(),
                Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-17", "treatment"));
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        guard.withScope(scope, () -> model.chat(prompt, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                show.accept(text);                                        // never half a placeholder
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        }));
        return done;
    }

    public static void main(String[] args) {
        stream(args[0], "Remind Anna Kowalczyk about her appointment.", System.out::print).join();
    }
}
