package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.audit.AuditUnavailableException;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.vault.PseudonymVault;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every failure before the call: the vendor receives nothing, the exception quotes nothing. */
class FailClosedTest {
    private static final String PROMPT = "Patient " + NAME + ", SSN " + SSN + ", needs a refill.";
    private final Vendor vendor = new Vendor();

    @AfterEach
    void stop() {
        vendor.close();
    }

    /** A detector that throws with the text in its message, as a careless one might. */
    static final class ThrowingDetector implements PhiDetector {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public Set<PhiType> types() {
            return Set.of(PhiType.NAME);
        }

        @Override
        public List<PhiSpan> detect(CharSequence text) {
            throw new IllegalStateException("cannot parse: " + text);
        }
    }

    /** An AEAD whose key is gone: the vault cannot store an original. */
    static final class KeylessAead implements Aead {
        @Override
        public String keyId() {
            return "destroyed-key";
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
            throw new IllegalStateException("key unavailable");
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
            throw new IllegalStateException("key unavailable");
        }
    }

    /** One row per path that must fail closed: detector, vault, key, journal, and a policy block. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("failing detector", (Consumer<PhiGuard.Builder>) b -> b.detectors(new ThrowingDetector()),
                        PhiProcessingException.class),
                Arguments.of("failing vault", (Consumer<PhiGuard.Builder>) b -> { }, PhiProcessingException.class),
                Arguments.of("failing key", (Consumer<PhiGuard.Builder>) b -> { }, PhiProcessingException.class),
                Arguments.of("failing journal", (Consumer<PhiGuard.Builder>) b -> b.auditSink(e -> {
                    throw new IllegalStateException("journal disk full: " + e);
                }), AuditUnavailableException.class),
                Arguments.of("blocked type", (Consumer<PhiGuard.Builder>) b -> { }, PhiBlockedException.class));
    }

    private static PhiGuard build(String name, Consumer<PhiGuard.Builder> extra) {
        PhiGuard.Builder b = PhiGuard.builder().dateShifter(Fixtures.dateShifter());
        if (name.equals("failing key")) {
            // the vault's AEAD throws: an original cannot be kept, so no placeholder can be handed out
            b.vault(PseudonymVault.builder().maxEntriesPerTenant(100).ttl(Duration.ofHours(1)).aead(new KeylessAead())
                    .build()).policy(PhiPolicies.PSEUDONYMIZED);
        } else if (name.equals("failing vault")) {
            // the vault refuses a new entry (full): the prompt holds more identifiers than it may map
            b.vault(PseudonymVault.builder().maxEntriesPerTenant(1).ttl(Duration.ofHours(1)).originalsInPlaintext()
                    .build()).policy(PhiPolicies.PSEUDONYMIZED);
        } else if (name.equals("blocked type")) {
            b.vault(Fixtures.vault()).policy(PhiPolicies.PSEUDONYMIZED.toBuilder()
                    .action(PhiType.SOCIAL_SECURITY_NUMBER, PhiAction.BLOCK).build());
        } else {
            b.vault(Fixtures.vault()).policy(PhiPolicies.PSEUDONYMIZED);
        }
        extra.accept(b);
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void chat_componentFails_noRequestReachesTheVendor_andTheMessageQuotesNothing(String name,
            Consumer<PhiGuard.Builder> extra, Class<? extends RuntimeException> expected) {
        PhiGuard guard = build(name, extra);
        ChatModel model = guard.wrap(vendor.chatModel(), BAA);
        vendor.answer("never used");

        assertFailsQuietly(() -> guard.withScope(SCOPE, () -> model.chat(PROMPT)), expected);
        assertThat(vendor.requestCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void streamingChat_componentFails_noRequestReachesTheVendor_andTheMessageQuotesNothing(String name,
            Consumer<PhiGuard.Builder> extra, Class<? extends RuntimeException> expected) {
        PhiGuard guard = build(name, extra);
        StreamingChatModel model = guard.wrap(vendor.streamingModel(), BAA);
        vendor.stream(List.of("never used"));

        assertFailsQuietly(() -> guard.withScope(SCOPE, () -> model.chat(PROMPT, new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse r) {
            }

            @Override
            public void onError(Throwable t) {
            }
        })), expected);
        assertThat(vendor.requestCount()).isZero();
    }

    interface Assistant {
        String chat(String message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void guardrailPair_componentFails_noRequestReachesTheVendor(String name, Consumer<PhiGuard.Builder> extra,
            Class<? extends RuntimeException> expected) {
        PhiGuard guard = build(name, extra);
        Assistant assistant = dev.langchain4j.service.AiServices.builder(Assistant.class)
                .chatModel(vendor.chatModel()).inputGuardrails(guard.inputGuardrail(BAA))
                .outputGuardrails(guard.outputGuardrail(BAA)).build();
        vendor.answer("never used");

        // LangChain4j wraps a throwing guardrail in a GuardrailException: ours is its cause
        assertThatThrownBy(() -> guard.withScope(SCOPE, () -> assistant.chat(PROMPT))).satisfies(e -> {
            Throwable cause = e instanceof dev.langchain4j.guardrail.GuardrailException ? e.getCause() : e;
            assertThat(cause).isInstanceOf(expected);
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage());
                CANARIES.forEach(c -> assertThat(m).doesNotContain(c));
            }
        });
        assertThat(vendor.requestCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"failing key", "failing journal"})
    void storeAdd_keyOrJournalFails_nothingReachesTheStore(String name, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        StoreFixtures fx = new StoreFixtures(dir);
        PhiGuard guard = name.equals("failing journal") ? Fixtures.guard().auditSink(e -> {
            throw new IllegalStateException("journal down");
        }).build() : fx.guard();
        StoreOptions.Builder o = StoreOptions.builder("notes").tokens(fx.keyring.deterministicAead(StoreFixtures.TOKENS))
                .vectors(fx.cipher(1.5)).integrity(fx.keyring.mac(StoreFixtures.MAC));
        o.aead(name.equals("failing key") ? new KeylessAead() : fx.keyring.aead(StoreFixtures.AEAD));
        dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore<dev.langchain4j.data.segment.TextSegment>
                raw = new dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore<>();
        var store = guard.wrap(raw, o.build());
        float[] v = new float[384];
        v[0] = 1;

        assertFailsQuietly(() -> guard.withScope(SCOPE, () -> store.add(dev.langchain4j.data.embedding.Embedding
                .from(v), StoreFixtures.segment(PROMPT, "p1", "note"))), name.equals("failing key")
                ? PhiProcessingException.class : AuditUnavailableException.class);
        assertThat(raw.size()).isZero();
    }

    @Test
    void chat_withoutAScope_isRefused_andNothingIsSent() {
        PhiGuard guard = Fixtures.guard().build();
        ChatModel model = guard.wrap(vendor.chatModel(), BAA);

        assertThatThrownBy(() -> model.chat(PROMPT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withScope");
        assertThat(vendor.requestCount()).isZero();
    }

    @Test
    void chat_purposeWithoutARoute_isDeniedByDefault() {
        PhiGuard guard = Fixtures.guard().build();
        ChatModel model = guard.wrap(vendor.chatModel(), BAA);
        PhiScope research = PhiScope.of(Fixtures.CTX, dev.phisafe.core.policy.Purpose.RESEARCH, SCOPE.access());

        assertFailsQuietly(() -> guard.withScope(research, () -> model.chat(PROMPT)), PhiBlockedException.class);
        assertThat(vendor.requestCount()).isZero();
    }

    @Test
    void chat_imageContent_isRefused_notPassedThrough() {
        PhiGuard guard = Fixtures.guard().build();
        ChatModel model = guard.wrap(vendor.chatModel(), BAA);
        UserMessage withImage = UserMessage.from(TextContent.from("What does this show?"),
                ImageContent.from("https://example.org/scan-of-" + "kowalczyk.png"));

        assertThatThrownBy(() -> guard.withScope(SCOPE, () -> model.chat(withImage)))
                .isInstanceOf(PhiProcessingException.class).hasMessageContaining("IMAGE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("kowalczyk"));
        assertThat(vendor.requestCount()).isZero();
    }

    @Test
    void reportConsumerFails_theAnswerIsWithheld() {
        PhiGuard guard = Fixtures.guard().onReport(r -> {
            throw new IllegalStateException("journal full");
        }).build();
        ChatModel model = guard.wrap(vendor.chatModel(), BAA);
        vendor.answer("Call <NAME_1>.");

        assertFailsQuietly(() -> guard.withScope(SCOPE, () -> model.chat(PROMPT)), PhiProcessingException.class);
    }

    private static void assertFailsQuietly(ThrowingCallable call, Class<? extends RuntimeException> expected) {
        assertThatThrownBy(call).isInstanceOf(expected).satisfies(e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = String.valueOf(t.getMessage());
                CANARIES.forEach(c -> assertThat(m).doesNotContain(c));
            }
        });
    }
}
