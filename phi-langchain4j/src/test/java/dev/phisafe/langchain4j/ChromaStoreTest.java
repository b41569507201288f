package dev.phisafe.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarded store over a real Chroma server (npm {@code chromadb@3.0.9}, v2 API, through
 * {@code langchain4j-chroma}); see {@link ChromaServer} for where the server comes from. Recall over Chroma is in
 * {@link StoreRecallTest}.
 */
class ChromaStoreTest {
    static ChromaEmbeddingStore chroma() {
        return ChromaServer.collection();
    }

    @Test
    void chroma_holdsNoPlaintext_andTheGuardedStoreSearchesFiltersAndScopes(@TempDir Path keys) throws IOException {
        StoreFixtures fx = new StoreFixtures(keys);
        PhiGuard guard = fx.guard();
        EmbeddingStore<TextSegment> store = guard.wrap(chroma(), fx.options());
        List<TextSegment> segs = new ArrayList<>();
        for (int i = 0; i < PhiEmbeddingStoreTest.TEXTS.size(); i++) {
            segs.add(StoreFixtures.segment(PhiEmbeddingStoreTest.TEXTS.get(i), "p1", i % 2 == 0 ? "note" : "lab"));
        }
        segs.add(StoreFixtures.segment(PhiEmbeddingStoreTest.OTHER_NAME + " has chest pain.", "p2", "note"));
        List<Embedding> embeddings = StoreFixtures.model().embedAll(segs).content();
        guard.withScope(SCOPE, () -> store.addAll(embeddings, segs));

        Embedding q = StoreFixtures.model().embed("chest pain troponin").content();
        List<EmbeddingMatch<TextSegment>> hits = guard.withScope(SCOPE, () -> store.search(
                EmbeddingSearchRequest.builder().queryEmbedding(q).maxResults(10).build()).matches());
        List<EmbeddingMatch<TextSegment>> labs = guard.withScope(SCOPE, () -> store.search(
                EmbeddingSearchRequest.builder().queryEmbedding(q).maxResults(10)
                        .filter(metadataKey("doc_type").isEqualTo("lab")).build()).matches());

        assertThat(hits).hasSize(4);
        assertThat(hits.get(0).embedded().text()).isEqualTo(PhiEmbeddingStoreTest.TEXTS.get(0));
        assertThat(labs).extracting(m -> m.embedded().text()).containsExactlyInAnyOrder(
                PhiEmbeddingStoreTest.TEXTS.get(1), PhiEmbeddingStoreTest.TEXTS.get(3));
        assertThatThrownBy(() -> guard.withScope(SCOPE, () -> store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(q).filter(metadataKey("year").isLessThan(2030)).build())))
                .isInstanceOf(UnsupportedOperationException.class);

        Path dataDir = ChromaServer.dataDir();
        Assumptions.assumeTrue(dataDir != null, "data directory unknown (-Dphi.chroma.dataDir): file scan skipped");
        List<String> found = new ArrayList<>();
        int[] files = {0};
        try (Stream<Path> all = Files.walk(dataDir)) {
            all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("chroma.log"))
                    .forEach(f -> {
                        files[0]++;
                        try {
                            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                            for (String c : CANARIES) {
                                if (bytes.contains(c)) {
                                    found.add(c + " in " + f.getFileName());
                                }
                            }
                            for (String w : List.of("troponin", "metformin", "Quenneville")) {
                                if (bytes.contains(w)) {
                                    found.add(w + " in " + f.getFileName());
                                }
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        System.out.println("Chroma data directory: " + files[0] + " files scanned, plaintext fragments found: "
                + found.size());
        assertThat(files[0]).isPositive();
        assertThat(found).isEmpty();
    }
}
