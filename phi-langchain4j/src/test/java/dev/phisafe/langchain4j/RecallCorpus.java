package dev.phisafe.langchain4j;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A small MiniLM corpus from the shared dev sets ({@code shared/data/gold/*.jsonl}; {@code -Dphi.sharedDir=DIR}):
 * the first distinct texts as documents, every {@code stride}-th held out as a query. Recall@k of a guarded store is
 * measured against plaintext exact search (LangChain4j's InMemoryEmbeddingStore) over the same embeddings.
 */
final class RecallCorpus {
    final List<String> docs = new ArrayList<>();
    final List<String> queries = new ArrayList<>();
    final List<Embedding> docEmbeddings;
    final List<Embedding> queryEmbeddings;

    RecallCorpus(int docCount, int queryCount) throws IOException {
        Path gold = Path.of(System.getProperty("phi.sharedDir", "../../shared")).resolve("data").resolve("gold");
        if (!Files.isDirectory(gold)) {
            fail("dev sets not found at " + gold.toAbsolutePath().normalize() + " (pass -Dphi.sharedDir=DIR)");
        }
        Set<String> texts = new LinkedHashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String f : List.of("asq-phi-dev.jsonl", "presidio-synth-v2.jsonl")) {
            for (String line : Files.readAllLines(gold.resolve(f), StandardCharsets.UTF_8)) {
                JsonNode t = line.isBlank() ? null : json.readTree(line).get("text");
                if (t != null && !t.asText().isBlank()) {
                    texts.add(t.asText().strip());
                }
            }
        }
        int stride = (docCount + queryCount) / queryCount;
        int i = 0;
        for (String t : texts) {
            if (docs.size() == docCount && queries.size() == queryCount) {
                break;
            }
            if (i++ % stride == stride / 2 && queries.size() < queryCount) {
                queries.add(t);
            } else if (docs.size() < docCount) {
                docs.add(t);
            }
        }
        docEmbeddings = StoreFixtures.model().embedAll(docs.stream().map(TextSegment::from).toList()).content();
        queryEmbeddings = StoreFixtures.model().embedAll(queries.stream().map(TextSegment::from).toList()).content();
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            ids.add("doc-" + i);
        }
        return ids;
    }

    List<TextSegment> segments(String patient) {
        return docs.stream().map(d -> StoreFixtures.segment(d, patient, "note")).toList();
    }

    /** Mean recall@k of {@code guarded} (searched inside {@code scoped}) against exact plaintext search. */
    double recallAt(int k, EmbeddingStore<TextSegment> guarded, java.util.function.Function<Supplier<List<String>>,
            List<String>> scoped) {
        return recallAt(k, guarded, scoped, new InMemoryEmbeddingStore<>());
    }

    /** Mean recall@k of {@code guarded} against {@code plain}, a store of the same kind given the plain vectors. */
    double recallAt(int k, EmbeddingStore<TextSegment> guarded, java.util.function.Function<Supplier<List<String>>,
            List<String>> scoped, EmbeddingStore<TextSegment> plain) {
        // the baseline needs ids and vectors only: its segments carry the id, so no dev text lands in a shared
        // server's files (ChromaStoreTest scans them for plaintext)
        plain.addAll(ids(), docEmbeddings, ids().stream().map(TextSegment::from).toList());
        double sum = 0;
        for (Embedding q : queryEmbeddings) {
            Set<String> truth = new HashSet<>(ids(plain.search(request(q, k)).matches()));
            List<String> got = scoped.apply(() -> ids(guarded.search(request(q, k)).matches()));
            sum += got.stream().filter(truth::contains).count() / (double) k;
        }
        return sum / queryEmbeddings.size();
    }

    private static EmbeddingSearchRequest request(Embedding q, int k) {
        return EmbeddingSearchRequest.builder().queryEmbedding(q).maxResults(k).build();
    }

    private static List<String> ids(List<EmbeddingMatch<TextSegment>> matches) {
        return matches.stream().map(EmbeddingMatch::embeddingId).toList();
    }
}
