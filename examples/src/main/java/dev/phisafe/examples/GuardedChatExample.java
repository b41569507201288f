package dev.phisafe.examples;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.langchain4j.PhiGuard;
import dev.phisafe.langchain4j.PhiScope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Puts a PhiGuard in front of an existing AiServices chat: the vendor (no BAA here) receives Safe Harbor text with
 * placeholders, the clinician gets the answer about the real patient.
 */
public final class GuardedChatExample {
    private GuardedChatExample() {
    }

    interface Assistant {
        String chat(String message);
    }

    /** Asks one question through the guard; {@code baseUrl} is an OpenAI-compatible endpoint. */
    public static String ask(String baseUrl, String apiKey, String question) {
        PhiGuard guard = PhiGuard.builder()                                  // built once, shared
                .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build())
                .vault(PseudonymVault.builder().maxEntriesPerTenant(100_000).ttl(Duration.ofHours(1))
                        .originalsInPlaintext().build())                     // production: .aead(...) from phi-tink
                .dateShifter(DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(   // production: a managed key
                        "demo-key-demo-key-demo-key-32byt".getBytes(StandardCharsets.UTF_8), "demo-date-key")).build())
                .build();
        OpenAiChatModel openAi = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName("gpt-4o-mini")
                .build();
        Destination vendor = Destination.builder("openai").model("gpt-4o-mini").build();   // no BAA: Safe Harbor
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(guard.wrap(openAi, vendor))                       // the one line that changes
                .chatMemory(MessageWindowChatMemory.withMaxMessages(20)).build();
        PhiScope scope = PhiScope.of(PhiContext.builder().tenant("clinic-1").conversation("visit-42").build(),
                Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-17", "treatment: answer to the clinician"));
        return guard.withScope(scope, () -> assistant.chat(question));
    }

    public static void main(String[] args) {
        System.out.println(ask(System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1"),
                System.getenv("OPENAI_API_KEY"), "Draft a reminder for Anna Kowalczyk to call 555-123-4567."));
    }
}
