package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.PHONE;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.injector.ContentInjector;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.integrity.IntegrityEnvelope;
import dev.phisafe.core.spi.Mac;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one invocation reuses (InvocationMemo): the query is detected once per RAG turn and the vendor gets exactly the
 * retriever's minimization of it; a verified segment never vouches for an altered copy; nothing outlives the
 * invocation (no reuse in the next one, no vault lease left open).
 */
class InvocationMemoTest {
    @TempDir
    Path dir;
    StoreFixtures fx;
    PhiGuard guard;
    Mac mac;
    final Vendor vendor = new Vendor();
    /** Every text the guard's detectors were asked about, in order. */
    final List<String> detected = Collections.synchronizedList(new ArrayList<>());

    interface Assistant {
        String chat(String question);
    }

    @BeforeEach
    void setUp() {
        fx = new StoreFixtures(dir);
        PhiDetectors defaults = PhiDetectors.defaults();
        PhiDetector counting = new PhiDetector() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public Set<PhiType> types() {
                return defaults.types();
            }

            @Override
            public List<PhiSpan> detect(CharSequence text) {
                detected.add(text.toString());
                return defaults.detect(text);
            }
        };
        guard = Fixtures.guard().detectors(counting).auditSink(fx.sink()).auditKey(StoreFixtures.auditKey()).build();
        mac = fx.keyring.mac(StoreFixtures.MAC);
    }

    @AfterEach
    void stop() {
        vendor.close();
    }

    static final String[] TEXTS = {NAME + " (SSN " + SSN + ") has chest pain; troponin negative.",
        NAME + " has chest pain at rest since last week."};

    /** Segments sealed at ingestion for tenant t1 and patient p1. */
    InMemoryEmbeddingStore<TextSegment> sealedStore() {
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        for (int i = 0; i < TEXTS.length; i++) {
            store.add(StoreFixtures.model().embed(TEXTS[i]).content(), sealed(i));
        }
        return store;
    }

    TextSegment sealed(int i) {
        IntegrityEnvelope env = IntegrityEnvelope.builder().tenant("t1").source("ehr").reference("Doc/" + i)
                .resourceVersion("1").segment("s" + i).chunker("none").contentType("text/plain")
                .labels(List.of()).created(Instant.parse("2026-01-01T00:00:00Z")).seal(TEXTS[i], mac);
        Metadata m = new Metadata().put("patient_id", "p1");
        env.toMetadata().forEach(m::put);
        return TextSegment.from(TEXTS[i], m);
    }

    @Test
    void ragTurn_detectsTheQueryOnce_andTheVendorGetsExactlyTheRetrieversMinimization() {
        List<Query> seenQueries = new ArrayList<>();
        ContentRetriever inner = EmbeddingStoreContentRetriever.builder().embeddingStore(sealedStore())
                .embeddingModel(StoreFixtures.model()).maxResults(5).build();
        ContentRetriever spy = q -> {
            seenQueries.add(q);
            return inner.retrieve(q);
        };
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(guard.wrap(vendor.chatModel(), BAA))
                .retrievalAugmentor(DefaultRetrievalAugmentor.builder().contentRetriever(guard.wrap(spy, BAA, mac))
                        .contentInjector(guard.contentInjector(mac)).build()).build();
        vendor.answer("<NAME_1> has chest pain; troponin was negative.");
        String question = "Why does " + NAME + " (call " + PHONE + ") have chest pain?";

        String answer = guard.withScope(SCOPE, () -> assistant.chat(question));

        // once, by the retriever: the chat decorator reuses that result instead of detecting the augmented message whole
        assertThat(detected).filteredOn(t -> t.contains(question)).hasSize(1);
        String minimizedQuery = seenQueries.get(0).text();
        assertThat(minimizedQuery).isEqualTo("Why does <NAME_1> (call <PHONE_1>) have chest pain?");
        String body = vendor.bodies().get(0);
        assertThat(body).contains(minimizedQuery, "troponin negative", "minimized before it reached you",
                "45 CFR 164.502(b)");
        assertThat(CANARIES).allSatisfy(c -> assertThat(body).doesNotContain(c));
        assertThat(answer).isEqualTo(NAME + " has chest pain; troponin was negative.");
        assertThat(fx.events).filteredOn(e -> e.action() == AuditAction.DISCLOSE_TO_VENDOR).singleElement()
                // the reused result counts: the query's name and phone, and the segments' two names and SSN
                .satisfies(e -> assertThat(e.phiCounts()).containsEntry(PhiType.NAME, 3)
                        .containsEntry(PhiType.PHONE_NUMBER, 1).containsEntry(PhiType.SOCIAL_SECURITY_NUMBER, 1));
        assertThat(guard.vault().stats().activeLeases()).isZero();

        // the next invocation reuses nothing: the same question is detected again
        vendor.answer("Noted.");
        guard.withScope(SCOPE, () -> assistant.chat(question));

        assertThat(detected).filteredOn(t -> t.contains(question)).hasSize(2);
        String second = vendor.bodies().get(0); // bodies() drains: the second turn's request
        assertThat(CANARIES).allSatisfy(c -> assertThat(second).doesNotContain(c));
        assertThat(guard.vault().stats().activeLeases()).isZero();
    }

    @Test
    void segmentVerifiedEarlierInTheInvocation_doesNotVouchForAnAlteredCopy() {
        ContentRetriever retriever = guard.wrap(EmbeddingStoreContentRetriever.builder().embeddingStore(sealedStore())
                .embeddingModel(StoreFixtures.model()).maxResults(5).build(), BAA, mac);
        ContentInjector injector = guard.contentInjector(mac);
        TextSegment authentic = sealed(0);
        Metadata otherEnvelope = authentic.metadata().copy().put(IntegrityEnvelope.KEY_SEGMENT, "s1");

        ChatMessage injected = guard.withScope(SCOPE, () -> {
            List<Content> verified = retriever.retrieve(Query.from("chest pain troponin"));
            assertThat(verified).extracting(c -> c.textSegment().text()).contains(TEXTS[0]);
            List<Content> mixed = new ArrayList<>(verified);
            mixed.add(Content.from(TextSegment.from(TEXTS[0] + " Discharge now.", authentic.metadata().copy())));
            mixed.add(Content.from(TextSegment.from(TEXTS[0], otherEnvelope)));
            return injector.inject(mixed, UserMessage.from("question"));
        });

        String text = ((UserMessage) injected).singleText();
        assertThat(text).contains(TEXTS[0]).doesNotContain("Discharge now.");
        assertThat(text.split(java.util.regex.Pattern.quote(TEXTS[0]), -1)).hasSize(2); // the original, once
        assertThat(fx.events).filteredOn(e -> e.action() == AuditAction.INTEGRITY_FAILURE).hasSize(2)
                .allSatisfy(e -> assertThat(e.reasonCode()).contains("envelope-mismatch"));
    }

    @Test
    void injectedMessage_changedAfterwards_isMinimizedWhole() {
        ContentInjector injector = guard.contentInjector(mac);
        ChatModel model = guard.wrap(vendor.chatModel(), BAA);
        vendor.answer("Noted.");

        guard.withScope(SCOPE, () -> {
            ChatMessage injected = injector.inject(List.of(Content.from(sealed(1))), UserMessage.from("Summarize."));
            // a later step appends to the assembled text: it is no longer what the injector assembled
            String changed = ((UserMessage) injected).singleText() + " Also call " + PHONE + " re SSN " + SSN + ".";
            return model.chat(UserMessage.from(changed));
        });

        String body = vendor.bodies().get(0);
        assertThat(CANARIES).allSatisfy(c -> assertThat(body).doesNotContain(c));
        assertThat(body).contains("<PHONE_1>", "<SSN_1>", "chest pain at rest");
    }
}
