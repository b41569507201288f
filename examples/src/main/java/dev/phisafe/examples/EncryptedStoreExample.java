package dev.phisafe.examples;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.chroma.ChromaApiVersion;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;
import dev.phisafe.langchain4j.PhiGuard;
import dev.phisafe.langchain4j.PhiScope;
import dev.phisafe.langchain4j.StoreOptions;
import java.util.List;

/**
 * An embedding store (here Chroma) that holds PHI only encrypted: search and equality filters still work, for the
 * patient in scope only. Keys: {@link StoreKeys#options}.
 */
public final class EncryptedStoreExample {
    static final List<String> NOTES = List.of("Anna Kowalczyk has chest pain; troponin negative.",
            "Anna Kowalczyk is allergic to penicillin.");

    private EncryptedStoreExample() {
    }

    /** A Chroma collection (v2 API) as the backing store; any LangChain4j store works the same way. */
    public static EmbeddingStore<TextSegment> chroma(String url) {
        return ChromaEmbeddingStore.builder().apiVersion(ChromaApiVersion.V2).baseUrl(url).collectionName("notes")
                .build();
    }

    /** Stores patient p-1's notes through the guard and returns the best match for {@code question}. */
    public static String run(PhiGuard guard, PhiScope scope, StoreOptions options, EmbeddingStore<TextSegment> backing,
            String question) {
        EmbeddingStore<TextSegment> store = guard.wrap(backing, options);        // the one line that changes
        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();                // in-process: text stays here
        return guard.withScope(scope, () -> {
            NOTES.forEach(n -> store.add(model.embed(n).content(), TextSegment.from(n, Metadata.from("patient_id",
                    "p-1").put("doc_type", "note"))));
            return store.search(EmbeddingSearchRequest.builder().queryEmbedding(model.embed(question).content())
                    .maxResults(1).build()).matches().get(0).embedded().text();
        });
    }
}
