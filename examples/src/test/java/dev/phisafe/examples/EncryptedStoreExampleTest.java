package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example over LangChain4j's in-memory store (the example's Chroma line is exercised against a real Chroma
 * server by phi-langchain4j's ChromaStoreTest; with -Dphi.chroma.url=URL this test runs the example on Chroma too).
 */
class EncryptedStoreExampleTest {

    @Test
    void encryptedStore_findsTheRightNote_andHoldsNoPlaintext(@TempDir Path keys) throws Exception {
        InMemoryEmbeddingStore<TextSegment> backing = new InMemoryEmbeddingStore<>();

        String best = EncryptedStoreExample.run(GuardedRagExampleTest.guard(new ArrayList<>()),
                GuardedRagExampleTest.SCOPE, StoreKeys.options(keys, "clinic-1"), backing, "Which antibiotic allergy?");

        assertThat(best).isEqualTo("Anna Kowalczyk is allergic to penicillin.");
        assertThat(backing.serializeToJson()).doesNotContain("Kowalczyk").doesNotContain("penicillin")
                .doesNotContain("troponin");
    }

    @Test
    void onChroma_whenAServerIsGiven(@TempDir Path keys) throws Exception {
        String url = System.getProperty("phi.chroma.url");
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null, "no -Dphi.chroma.url: Chroma run skipped here");

        String best = EncryptedStoreExample.run(GuardedRagExampleTest.guard(new ArrayList<>()),
                GuardedRagExampleTest.SCOPE, StoreKeys.options(keys, "clinic-1"), EncryptedStoreExample.chroma(url),
                "Which antibiotic allergy?");

        assertThat(best).isEqualTo("Anna Kowalczyk is allergic to penicillin.");
    }
}
