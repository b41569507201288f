package dev.phisafe.examples;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.langchain4j.PhiGuard;
import dev.phisafe.langchain4j.PhiScope;
import dev.phisafe.langchain4j.StoreOptions;

/**
 * An existing LangChain4j RAG chain (ingestor, store, retriever, AiService) made PHI-safe by wrapping four of its
 * parts — the lines marked {@code // phi-safe}: the store holds ciphertext, the query is minimized, every segment's
 * integrity and patient are checked, the prompt states the minimization, and the vendor sees placeholders only.
 */
public final class GuardedRagExample {
    private GuardedRagExample() {
    }

    interface Assistant {
        String chat(String question);
    }

    /** Ingests one note of patient p-1 and asks {@code question} about it; {@code baseUrl}: OpenAI-compatible. */
    public static String ask(PhiGuard guard, PhiScope scope, StoreOptions keys, String baseUrl, String question) {
        EmbeddingModel embeddings = new AllMiniLmL6V2EmbeddingModel();
        ChatModel openAi = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("demo").modelName("gpt-4o-mini").build();
        Destination vendor = Destination.builder("openai").model("gpt-4o-mini").baa().build();
        Destination inProcess = Destination.builder("in-process").model("all-minilm-l6-v2").baa().build();

        EmbeddingStore<TextSegment> store = guard.wrap(new InMemoryEmbeddingStore<>(), keys);              // phi-safe
        var retriever = guard.wrap(EmbeddingStoreContentRetriever.builder().embeddingStore(store)           // phi-safe
                .embeddingModel(embeddings).maxResults(3).build(), inProcess, keys.integrity());
        var augmentor = DefaultRetrievalAugmentor.builder().contentRetriever(retriever)
                .contentInjector(guard.contentInjector(keys.integrity())).build();                          // phi-safe
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(guard.wrap(openAi, vendor))    // phi-safe
                .retrievalAugmentor(augmentor).build();

        return guard.withScope(scope, () -> {
            EmbeddingStoreIngestor.builder().embeddingModel(embeddings).embeddingStore(store).build().ingest(Document
                    .from("Anna Kowalczyk has chest pain; troponin negative.", Metadata.from("patient_id", "p-1")));
            return assistant.chat(question);
        });
    }
}
