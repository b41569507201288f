package dev.phisafe.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditUnavailableException;
import dev.phisafe.core.integrity.IntegrityEnvelope;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.vault.PhiAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhiEmbeddingStoreTest {
    static final String OTHER_NAME = "Bartholomew Quenneville";
    static final List<String> TEXTS = List.of(
            NAME + " (SSN " + SSN + ") was admitted with chest pain; troponin negative.",
            NAME + " reports shortness of breath climbing stairs.",
            NAME + " started metformin 500 mg twice daily for type 2 diabetes.",
            NAME + " has a penicillin allergy with hives.");

    @TempDir
    Path dir;
    StoreFixtures fx;
    PhiGuard guard;
    RecordingStore delegate;
    EmbeddingStore<TextSegment> store;

    @BeforeEach
    void setUp() {
        fx = new StoreFixtures(dir);
        guard = fx.guard();
        delegate = new RecordingStore();
        store = guard.wrap(delegate, fx.options());
        List<TextSegment> segs = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            segs.add(StoreFixtures.segment(TEXTS.get(i), "p1", i % 2 == 0 ? "note" : "lab"));
        }
        segs.add(StoreFixtures.segment(OTHER_NAME + " has chest pain and a troponin of 0.4.", "p2", "note"));
        List<Embedding> embeddings = StoreFixtures.model().embedAll(segs).content();
        in(SCOPE, () -> store.addAll(embeddings, segs));
        fx.events.clear();
    }

    <T> T in(PhiScope scope, Supplier<T> body) {
        return guard.withScope(scope, body);
    }

    static PhiScope scopeFor(String patient) {
        return PhiScope.of(PhiContext.builder().tenant("t1").conversation("c1").patient(patient).build(),
                Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-1", "treatment"));
    }

    List<EmbeddingMatch<TextSegment>> search(PhiScope scope, String query, int k, Filter filter) {
        EmbeddingSearchRequest r = EmbeddingSearchRequest.builder().query(query)
                .queryEmbedding(StoreFixtures.model().embed(query).content()).maxResults(k).filter(filter).build();
        return in(scope, () -> store.search(r).matches());
    }

    @Test
    void add_storesNoPlaintext_inTheSerializedInMemoryStore() {
        String json = delegate.inner.serializeToJson();
        assertThat(CANARIES).allSatisfy(c -> assertThat(json).doesNotContain(c));
        assertThat(json).doesNotContain(OTHER_NAME).doesNotContain("troponin").doesNotContain("metformin")
                .doesNotContain("\"note\"").doesNotContain("\"p1\"").doesNotContain("\"lab\"");
        assertThat(json).contains("phi.m", "phi.v", "phi.tenant");
    }

    @Test
    void search_returnsDecryptedSegments_rankedExactly_withTheirMetadataAndEnvelope() {
        List<EmbeddingMatch<TextSegment>> hits = search(SCOPE, "chest pain troponin", 2, null);

        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).embedded().text()).isEqualTo(TEXTS.get(0));
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        Metadata m = hits.get(0).embedded().metadata();
        assertThat(m.getString("patient_id")).isEqualTo("p1");
        assertThat(m.getString("doc_type")).isEqualTo("note");
        assertThat(m.getInteger("year")).isEqualTo(2024);
        assertThat(m.getString(IntegrityEnvelope.KEY_MAC)).isNotBlank();
        // the exact vector comes back, so the score is the plaintext cosine
        double plain = dev.langchain4j.store.embedding.RelevanceScore.fromCosineSimilarity(
                dev.langchain4j.store.embedding.CosineSimilarity.between(hits.get(0).embedding(),
                        StoreFixtures.model().embed("chest pain troponin").content()));
        assertThat(hits.get(0).score()).isCloseTo(plain, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void search_neverSendsQueryText_andFetchesOverFetchTimesK() {
        search(SCOPE, NAME + " chest pain", 2, null);

        assertThat(delegate.searches).hasSize(1);
        assertThat(delegate.searches.get(0).query()).isNull();
        assertThat(delegate.searches.get(0).maxResults()).isEqualTo(6);
        assertThat(delegate.searches.get(0).filter().toString()).doesNotContain("p1").doesNotContain(NAME);
    }

    @Test
    void search_returnsOnlyThePatientInScope() {
        List<EmbeddingMatch<TextSegment>> p1 = search(SCOPE, "chest pain troponin", 10, null);
        List<EmbeddingMatch<TextSegment>> p2 = search(scopeFor("p2"), "chest pain troponin", 10, null);

        assertThat(p1).hasSize(4).allSatisfy(m -> assertThat(m.embedded().text()).doesNotContain(OTHER_NAME));
        assertThat(p2).hasSize(1);
        assertThat(p2.get(0).embedded().text()).startsWith(OTHER_NAME);
    }

    @Test
    void search_withoutPatientInScope_orWithoutScope_isRefused() {
        PhiScope noPatient = PhiScope.of(PhiContext.builder().tenant("t1").conversation("c1").build(),
                Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-1", "treatment"));
        Embedding q = StoreFixtures.model().embed("chest pain").content();
        EmbeddingSearchRequest r = EmbeddingSearchRequest.builder().queryEmbedding(q).build();

        assertThatThrownBy(() -> in(noPatient, () -> store.search(r))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names no patient");
        assertThatThrownBy(() -> store.search(r)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withScope");
        assertThat(delegate.searches).isEmpty();
    }

    @Test
    void equalityFilters_areRewrittenToTokens_andWork() {
        assertThat(search(SCOPE, "patient", 10, metadataKey("doc_type").isEqualTo("note")))
                .extracting(m -> m.embedded().text()).containsExactlyInAnyOrder(TEXTS.get(0), TEXTS.get(2));
        assertThat(search(SCOPE, "patient", 10, metadataKey("doc_type").isIn("lab", "imaging")))
                .extracting(m -> m.embedded().text()).containsExactlyInAnyOrder(TEXTS.get(1), TEXTS.get(3));
        assertThat(search(SCOPE, "patient", 10, Filter.not(metadataKey("doc_type").isEqualTo("note"))))
                .hasSize(2);
        assertThat(search(SCOPE, "patient", 10, metadataKey("year").isEqualTo(2024L)
                .and(metadataKey("doc_type").isEqualTo("lab")))).hasSize(2);
        // a filter on another patient's id cannot widen the scope: the scope's patient filter is always added
        assertThat(search(SCOPE, "patient", 10, metadataKey("patient_id").isEqualTo("p2"))).isEmpty();
        assertThat(delegate.searches).allSatisfy(s -> assertThat(s.filter().toString()).doesNotContain("note")
                .doesNotContain("lab").doesNotContain("2024"));
    }

    @Test
    void rangeAndUndeclaredFilters_areRefused_namingTheKeyButNotTheValue() {
        assertThatThrownBy(() -> search(SCOPE, "x", 3, metadataKey("year").isGreaterThan(2019)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'year'")
                .hasMessageContaining("IsGreaterThan").hasMessageNotContaining("2019");
        assertThatThrownBy(() -> search(SCOPE, "x", 3, metadataKey("doc_type").containsString("Kowalczyk")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageNotContaining("Kowalczyk");
        assertThatThrownBy(() -> search(SCOPE, "x", 3, metadataKey("author").isEqualTo(NAME)))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'author'")
                .hasMessageContaining("not declared").hasMessageNotContaining(NAME);
        assertThat(delegate.searches).isEmpty();
    }

    @Test
    void tamperedRow_isDropped_andAudited_theOthersAreReturned() {
        // an operator edits a backup: row 0's text ciphertext is replaced by row 1's (a valid ciphertext, wrong row)
        String json = delegate.inner.serializeToJson();
        List<TextSegment> rows = delegate.added;
        String swapped = json.replace(rows.get(0).text(), rows.get(1).text());
        assertThat(swapped).isNotEqualTo(json);
        delegate.inner = InMemoryEmbeddingStore.fromJson(swapped);

        List<EmbeddingMatch<TextSegment>> hits = search(SCOPE, "chest pain troponin", 4, null);

        assertThat(hits).hasSize(3).noneMatch(m -> m.embedded().text().contains("troponin"));
        assertThat(fx.events).filteredOn(e -> e.action() == AuditAction.INTEGRITY_FAILURE).hasSize(1)
                .allSatisfy(e -> {
                    assertThat(e.reasonCode()).contains("decryption-failed");
                    assertThat(e.recordRefs()).hasSize(1);
                    assertThat(e.invocationId()).isPresent();
                });
        assertThat(fx.events).filteredOn(e -> e.action() == AuditAction.RETRIEVE).singleElement()
                .satisfies(e -> assertThat(e.measures()).containsEntry("dropped", 1L).containsEntry("returned", 3L));
        String all = fx.events.toString() + new String(fx.events.get(0).toCanonicalJson(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CANARIES).allSatisfy(c -> assertThat(all).doesNotContain(c));
    }

    @Test
    void tamperedTopRow_isDropped_andTheNextBestFillsTheResults() {
        // only the best candidates are decrypted beyond their exact vector: a failing one makes room for the next
        String json = delegate.inner.serializeToJson();
        List<TextSegment> rows = delegate.added;
        delegate.inner = InMemoryEmbeddingStore.fromJson(json.replace(rows.get(0).text(), rows.get(2).text()));

        List<EmbeddingMatch<TextSegment>> hits = search(SCOPE, "chest pain troponin", 2, null);

        assertThat(hits).hasSize(2).noneMatch(m -> m.embedded().text().contains("troponin"))
                .allSatisfy(m -> assertThat(m.embedded().text()).startsWith(NAME));
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
        assertThat(fx.events).filteredOn(e -> e.action() == AuditAction.INTEGRITY_FAILURE).singleElement()
                .satisfies(e -> assertThat(e.reasonCode()).contains("decryption-failed"));
        assertThat(fx.events).filteredOn(e -> e.action() == AuditAction.RETRIEVE).singleElement()
                .satisfies(e -> assertThat(e.measures()).containsEntry("dropped", 1L).containsEntry("returned", 2L));
    }

    @Test
    void presealedEnvelope_isVerifiedOnAdd_andAnAlteredTextIsRefused() {
        IntegrityEnvelope env = IntegrityEnvelope.builder().tenant("t1").source("fhir://ehr").reference("Doc/1")
                .resourceVersion("3").segment("s-1").chunker("recursive-500").contentType("text/plain")
                .labels(List.of("R")).created(java.time.Instant.parse("2026-01-01T00:00:00Z"))
                .seal("Original note.", fx.keyring.mac(StoreFixtures.MAC));
        Metadata m = new Metadata().put("patient_id", "p1");
        env.toMetadata().forEach(m::put);
        Embedding e = StoreFixtures.model().embed("x").content();

        assertThatThrownBy(() -> in(SCOPE, () -> store.add(e, TextSegment.from("Altered note.", m))))
                .isInstanceOf(dev.phisafe.core.PhiProcessingException.class).hasMessageContaining("integrity envelope")
                .hasMessageNotContaining("Altered");
        String id = in(SCOPE, () -> store.add(e, TextSegment.from("Original note.", m)));
        List<EmbeddingMatch<TextSegment>> hits = search(SCOPE, "x", 10, null);
        assertThat(hits).filteredOn(h -> h.embeddingId().equals(id)).singleElement().satisfies(h -> {
            assertThat(h.embedded().metadata().getString(IntegrityEnvelope.KEY_REFERENCE)).isEqualTo("Doc/1");
            assertThat(h.embedded().metadata().getString(IntegrityEnvelope.KEY_LABELS)).isEqualTo("R");
        });
    }

    @Test
    void failingAuditSink_withholdsTheResults() {
        PhiGuard failing = Fixtures.guard().auditSink(ev -> {
            throw new IllegalStateException("journal disk full");
        }).build();
        EmbeddingStore<TextSegment> s = failing.wrap(delegate, fx.options());
        EmbeddingSearchRequest r = EmbeddingSearchRequest.builder()
                .queryEmbedding(StoreFixtures.model().embed("chest pain").content()).build();

        assertThatThrownBy(() -> failing.withScope(SCOPE, () -> s.search(r)))
                .isInstanceOf(AuditUnavailableException.class).hasMessageNotContaining("disk");
    }

    @Test
    void embeddingsWithoutSegments_andSegmentsWithoutPatient_areRefused() {
        Embedding e = StoreFixtures.model().embed("x").content();
        PhiScope noPatient = PhiScope.of(PhiContext.builder().tenant("t1").conversation("c1").build(),
                Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-1", "treatment"));

        assertThatThrownBy(() -> store.add(e)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> in(noPatient, () -> store.add(e, TextSegment.from("note"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patient_id");
        assertThatThrownBy(() -> in(SCOPE, () -> store.add(e, TextSegment.from("n", new Metadata().put("phi.x", "1")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> guard.wrap(store, fx.options())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removeAll_withEqualityFilter_removesOnlyMatchingRows() {
        in(SCOPE, () -> {
            store.removeAll(metadataKey("doc_type").isEqualTo("lab"));
            return null;
        });

        assertThat(search(SCOPE, "patient", 10, null)).extracting(m -> m.embedded().text())
                .containsExactlyInAnyOrder(TEXTS.get(0), TEXTS.get(2));
    }

    @Test
    void keyRotation_reencryptsEveryRow_withoutLoss_andOldKeysCanThenBeDisabled() throws Exception {
        List<String> before = search(SCOPE, "chest pain", 10, null).stream().map(m -> m.embedded().text()).toList();
        String oldAead = fx.keyring.aead(StoreFixtures.AEAD).keyId();
        String oldTokens = fx.keyring.deterministicAead(StoreFixtures.TOKENS).keyId();
        String oldMac = fx.keyring.mac(StoreFixtures.MAC).keyId();
        fx.keyring.rotate(StoreFixtures.AEAD);
        fx.keyring.rotate(StoreFixtures.TOKENS);
        fx.keyring.rotate(StoreFixtures.MAC);
        fx.rotateVectorKey();
        EmbeddingStore<TextSegment> rotated = guard.wrap(delegate, fx.options());

        int first = guard.withScope(SCOPE, () -> guard.reencrypt(rotated));
        int second = guard.withScope(SCOPE, () -> guard.reencrypt(rotated));

        assertThat(first).isEqualTo(5);
        assertThat(second).isZero();
        fx.keyring.disable(StoreFixtures.AEAD, oldAead);
        fx.keyring.disable(StoreFixtures.TOKENS, oldTokens);
        fx.keyring.disable(StoreFixtures.MAC, oldMac);
        store = rotated;
        assertThat(search(SCOPE, "chest pain", 10, null)).extracting(m -> m.embedded().text())
                .containsExactlyElementsOf(before);
        assertThat(search(SCOPE, "x", 10, metadataKey("doc_type").isEqualTo("lab"))).hasSize(2);
        assertThat(search(scopeFor("p2"), "chest pain", 10, null)).hasSize(1);
        assertThat(fx.events).anyMatch(e -> e.action() == AuditAction.KEY_OPERATION
                && e.measures().get("reencrypted") == 5L);
        assertThat(delegate.inner.size()).isEqualTo(5);
    }
}
