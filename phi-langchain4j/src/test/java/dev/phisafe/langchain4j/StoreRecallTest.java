package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.phisafe.tink.DcpeVectorCipher;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall@10 of the guarded store against the same kind of store holding plaintext (MiniLM, the shared dev texts), at
 * the defaults a user gets: {@link DcpeVectorCipher#DEFAULT_BETA} (2.5) and {@link StoreOptions#DEFAULT_OVER_FETCH}.
 * Over {@code InMemoryEmbeddingStore} and over a real Chroma server ({@link ChromaServer}).
 */
class StoreRecallTest {
    static final int K = 10;
    static RecallCorpus corpus;

    @BeforeAll
    static void load() throws Exception {
        corpus = new RecallCorpus(1000, 100);
    }

    private static double recall(String label, PhiGuard guard, EmbeddingStore<TextSegment> guarded,
            EmbeddingStore<TextSegment> plain, StoreOptions options, double beta) {
        guard.withScope(SCOPE, () -> guarded.addAll(corpus.ids(), corpus.docEmbeddings, corpus.segments("p1")));
        double r = corpus.recallAt(K, guarded, (Supplier<java.util.List<String>> body) -> guard.withScope(SCOPE, body),
                plain);
        System.out.printf(Locale.ROOT, "guarded %s: %d docs, %d queries, beta %.1f, over-fetch %dx: recall@%d vs "
                + "plaintext %s = %.4f%n", label, corpus.docs.size(), corpus.queries.size(), beta,
                options.overFetch(), K, label, r);
        return r;
    }

    @Test
    void recallAt10_inMemory_atTheDefaults_isAtLeast099(@TempDir Path dir) {
        StoreFixtures fx = new StoreFixtures(dir);
        PhiGuard guard = fx.guard();
        StoreOptions options = fx.defaultOptions();
        assertThat(options.overFetch()).isEqualTo(StoreOptions.DEFAULT_OVER_FETCH).isEqualTo(10);
        assertThat(fx.defaultCipher().beta()).isEqualTo(DcpeVectorCipher.DEFAULT_BETA).isEqualTo(2.5);

        double r = recall("InMemoryEmbeddingStore", guard, guard.wrap(new InMemoryEmbeddingStore<>(), options),
                new InMemoryEmbeddingStore<>(), options, DcpeVectorCipher.DEFAULT_BETA);

        assertThat(r).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void recallAt10_chroma_atTheDefaults_isAtLeast099(@TempDir Path dir) {
        ChromaServer.url();
        StoreFixtures fx = new StoreFixtures(dir);
        PhiGuard guard = fx.guard();
        StoreOptions options = fx.defaultOptions();

        double r = recall("Chroma", guard, guard.wrap(ChromaServer.collection(), options), ChromaServer.collection(),
                options, DcpeVectorCipher.DEFAULT_BETA);

        assertThat(r).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void recallAt10_threefoldOverFetch_atBeta25_fallsShort_whichIsWhyTheDefaultIsTen(@TempDir Path dir) {
        // measured, and bounded both ways: the reason for the default, not a target
        StoreFixtures fx = new StoreFixtures(dir);
        PhiGuard guard = fx.guard();
        StoreOptions options = fx.options(DcpeVectorCipher.DEFAULT_BETA, 3);

        double r = recall("InMemoryEmbeddingStore", guard, guard.wrap(new InMemoryEmbeddingStore<>(), options),
                new InMemoryEmbeddingStore<>(), options, DcpeVectorCipher.DEFAULT_BETA);

        assertThat(r).isGreaterThan(0.9).isLessThan(0.99);
    }
}
