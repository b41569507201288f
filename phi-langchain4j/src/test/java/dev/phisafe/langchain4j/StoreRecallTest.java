package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recall@10 through the guarded store over InMemoryEmbeddingStore, against plaintext search (MiniLM, dev texts). */
class StoreRecallTest {
    static RecallCorpus corpus;

    @BeforeAll
    static void load() throws Exception {
        corpus = new RecallCorpus(1000, 100);
    }

    double recall(Path dir, double beta, int overFetch) {
        StoreFixtures fx = new StoreFixtures(dir);
        PhiGuard guard = fx.guard();
        EmbeddingStore<TextSegment> store = guard.wrap(new InMemoryEmbeddingStore<>(), fx.options(beta, overFetch));
        guard.withScope(SCOPE, () -> store.addAll(corpus.ids(), corpus.docEmbeddings, corpus.segments("p1")));
        double r = corpus.recallAt(10, store, body -> guard.withScope(SCOPE, body));
        System.out.printf(Locale.ROOT, "guarded InMemoryEmbeddingStore: %d docs, %d queries, beta %.1f, over-fetch %dx:"
                + " recall@10 = %.4f%n", corpus.docs.size(), corpus.queries.size(), beta, overFetch, r);
        return r;
    }

    @Test
    void recallAt10_defaultOverFetch_beta15_isAtLeast099(@TempDir Path dir) {
        assertThat(recall(dir, 1.5, 3)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void recallAt10_beta25_needsTenfoldOverFetch_forAtLeast099(@TempDir Path dir) {
        assertThat(recall(dir, 2.5, 10)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void recallAt10_beta25_defaultOverFetch_isMeasured(@TempDir Path dir) {
        // measured, not a target: the DCPE noise at beta 2.5 needs more candidates (phi-tink's VectorRecallTest)
        assertThat(recall(dir, 2.5, 3)).isGreaterThan(0.9);
    }
}
