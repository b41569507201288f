package com.example.bomconsumer;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
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
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A user's class built only from phi-bom-managed artifacts: a PhiGuard (Tink-encrypted vault) in front of an
 * in-process echo model with no BAA. Exits 0 if the model never saw the name and the answer carries it again.
 */
public final class BomConsumer {
    private BomConsumer() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("bom-consumer");
        TinkKeyring keys = TinkKeyring.builder().directory(work.resolve("keys"))
                .kek(new LocalKekClient(), LocalKekClient.generate(work.resolve("kek.json"))).build();
        KeysetId tenantKeys = KeysetId.of("clinic-1", KeyPurpose.AEAD);
        keys.create(tenantKeys);
        PhiGuard guard = PhiGuard.builder()
                .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build())
                .vault(PseudonymVault.builder().maxEntriesPerTenant(1_000).ttl(Duration.ofMinutes(5))
                        .aead(keys.aead(tenantKeys)).build())
                .dateShifter(DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(     // production: a managed key
                        "bom-consumer-date-key-32-bytes!!".getBytes(StandardCharsets.UTF_8), "date-key")).build())
                .build();

        AtomicReference<String> received = new AtomicReference<>();
        ChatModel echo = new ChatModel() {                 // stands in for a vendor: echoes what it was sent
            @Override
            public ChatResponse doChat(ChatRequest request) {
                ChatMessage last = request.messages().get(request.messages().size() - 1);
                received.set(((UserMessage) last).singleText());
                return ChatResponse.builder().aiMessage(AiMessage.from("Noted: " + received.get())).build();
            }
        };
        ChatModel guarded = guard.wrap(echo, Destination.builder("echo-vendor").model("echo").build());
        PhiScope scope = PhiScope.of(PhiContext.builder().tenant("clinic-1").conversation("c-1").build(),
                Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-1", "treatment"));
        String name = "Anna Kowalczyk";
        String answer = guard.withScope(scope, () -> guarded.chat("Remind " + name + " about her 3pm visit."));

        System.out.println("vendor received: " + received.get());
        System.out.println("answer:          " + answer);
        boolean ok = !received.get().contains(name) && answer.contains(name);
        System.out.println(ok ? "BOM CONSUMER OK" : "BOM CONSUMER FAILED");
        System.exit(ok ? 0 : 1);
    }
}
