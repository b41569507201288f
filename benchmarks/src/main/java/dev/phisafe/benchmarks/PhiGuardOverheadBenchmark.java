package dev.phisafe.benchmarks;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.content.injector.DefaultContentInjector;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PolicyRouter;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.spi.Mac;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import dev.phisafe.langchain4j.PhiGuard;
import dev.phisafe.langchain4j.PhiScope;
import dev.phisafe.langchain4j.StoreOptions;
import dev.phisafe.tink.DcpeVectorCipher;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What PhiGuard adds to one RAG turn through AiServices (issue 6 acceptance: ≤ 1 ms median): a 2 KB clinical prompt
 * with PHI, 5 retrieved segments of about 400 characters, an answer with placeholders. {@link #guardedTurn} runs the
 * guarded chain (guarded model, guarded encrypted store at the defaults — DCPE beta 2.5, 10× over-fetch, AEAD,
 * integrity envelopes — guarded retriever, the guard's content injector, audit events to a sink); {@link #plainTurn}
 * runs the same chain without phi-safe. The overhead is the difference of the two medians (SampleTime, p0.50).
 *
 * <p>Excluded, as the target says: vendor time (the ChatModel is an in-process stub answering at once) and
 * embedding time (the query and the 200 stored segments have precomputed 384-dimensional embeddings; the embedding
 * model is a stub returning the query's). Both chains search an InMemoryEmbeddingStore of 200 segments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class PhiGuardOverheadBenchmark {
    static final int DIM = 384;
    static final int STORED = 200;
    static final Destination BAA = Destination.builder("openai").model("gpt-4o-mini").baa().build();

    /** The AI service both chains use. */
    public interface Assistant {
        String chat(String question);
    }

    private PhiGuard guard;
    private PhiScope scope;
    private Assistant guarded;
    private Assistant plain;
    private String prompt;

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("phisafe-bench-guard");
        String kek = LocalKekClient.generate(dir.resolve("kek.json"));
        TinkKeyring keyring = TinkKeyring.builder().directory(dir.resolve("keys")).kek(new LocalKekClient(), kek)
                .build();
        for (KeyPurpose p : List.of(KeyPurpose.AEAD, KeyPurpose.DETERMINISTIC_AEAD, KeyPurpose.MAC)) {
            keyring.create(KeysetId.of("t1", p));
        }
        PrfConfig.register();
        DcpeVectorCipher vectors = DcpeVectorCipher.builder()
                .keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF))
                .exactCopyAead(keyring.aead(KeysetId.of("t1", KeyPurpose.AEAD))).dimension(DIM).build();
        Mac mac = keyring.mac(KeysetId.of("t1", KeyPurpose.MAC));
        StoreOptions options = StoreOptions.builder("bench-notes").aead(keyring.aead(KeysetId.of("t1",
                        KeyPurpose.AEAD))).tokens(keyring.deterministicAead(KeysetId.of("t1",
                        KeyPurpose.DETERMINISTIC_AEAD))).vectors(vectors).integrity(mac).build();

        guard = PhiGuard.builder()
                .policies(PolicyRouter.builder().route(Purpose.TREATMENT, PhiPolicies.PSEUDONYMIZED).build())
                .vault(PseudonymVault.builder().maxEntriesPerTenant(100_000).ttl(Duration.ofHours(1))
                        .originalsInPlaintext().build())
                .dateShifter(DateShifter.builder().keyedHash(KeyedHash.jdkHmacSha256(
                        "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "date-1")).build())
                .auditSink(e -> { }) // events are built and validated; where they go is another benchmark
                .build();
        scope = PhiScope.of(PhiContext.builder().tenant("t1").conversation("c1").patient("p1").build(),
                Purpose.TREATMENT, PhiAccess.grantedTo("clinician:u-1", "treatment"));

        // precomputed embeddings: 200 unit vectors, the query close to the first five
        Random rnd = new Random(42);
        List<Embedding> embeddings = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        List<TextSegment> plainSegments = new ArrayList<>();
        for (int i = 0; i < STORED; i++) {
            embeddings.add(unit(rnd, null, 0));
            String text = segment(i);
            segments.add(TextSegment.from(text, new Metadata().put("patient_id", "p1")));
            plainSegments.add(TextSegment.from(text, new Metadata().put("patient_id", "p1")));
        }
        Embedding query = unit(rnd, embeddings.subList(0, 5), 0.9);
        EmbeddingModel embedder = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> textSegments) {
                List<Embedding> out = new ArrayList<>();
                textSegments.forEach(s -> out.add(query));
                return Response.from(out);
            }
        };

        EmbeddingStore<TextSegment> store = guard.wrap(new InMemoryEmbeddingStore<>(), options);
        guard.withScope(scope, () -> store.addAll(embeddings, segments));
        InMemoryEmbeddingStore<TextSegment> plainStore = new InMemoryEmbeddingStore<>();
        plainStore.addAll(embeddings, plainSegments);

        ChatModel vendor = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                return ChatResponse.builder().aiMessage(AiMessage.from("Summary for <NAME_1> (MRN <MRN_1>): potassium"
                        + " 5.9 on the last visit; call <PHONE_1> to arrange a repeat panel.")).build();
            }
        };
        ContentRetriever retriever = guard.wrap(EmbeddingStoreContentRetriever.builder().embeddingStore(store)
                .embeddingModel(embedder).maxResults(5).build(), BAA, mac);
        guarded = AiServices.builder(Assistant.class).chatModel(guard.wrap(vendor, BAA))
                .retrievalAugmentor(DefaultRetrievalAugmentor.builder().contentRetriever(retriever)
                        .contentInjector(guard.contentInjector(mac)).build()).build();
        plain = AiServices.builder(Assistant.class).chatModel(vendor)
                .retrievalAugmentor(DefaultRetrievalAugmentor.builder().contentRetriever(
                        EmbeddingStoreContentRetriever.builder().embeddingStore(plainStore).embeddingModel(embedder)
                                .maxResults(5).build()).contentInjector(new DefaultContentInjector()).build())
                .build();
        prompt = prompt();
        String check = guardedTurn();
        if (!check.contains("Anna Kowalczyk") || plainTurn().isEmpty()) {
            throw new IllegalStateException("the guarded chain did not re-identify the answer");
        }
    }

    private static Embedding unit(Random rnd, List<Embedding> near, double weight) {
        float[] v = new float[DIM];
        double n = 0;
        for (int i = 0; i < DIM; i++) {
            double x = rnd.nextGaussian();
            if (near != null) {
                for (Embedding e : near) {
                    x = x * (1 - weight) / 3 + weight * e.vector()[i] * 10;
                }
            }
            v[i] = (float) x;
            n += x * x;
        }
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (v[i] / Math.sqrt(n));
        }
        return Embedding.from(v);
    }

    /** About 400 characters of a progress note with PHI. */
    static String segment(int i) {
        return ("Progress note " + i + ": Anna Kowalczyk (MRN-7734421), seen on March 3, 2024 at Mercy General, "
                + "reports fatigue and palpitations. Potassium 5.9 mmol/L, creatinine 1.4 mg/dL. Lisinopril 20 mg "
                + "held; spironolactone stopped. Repeat basic metabolic panel in 48 hours. Daughter Maria Kowalczyk "
                + "can be reached at 555-123-4567 or anna.kowalczyk@example.org. Follow-up with Dr. Chen in the "
                + "renal clinic; ECG shows peaked T waves, no arrhythmia on telemetry overnight.");
    }

    /** About 2 KB of clinical question with PHI. */
    static String prompt() {
        StringBuilder b = new StringBuilder("Summarize for the covering physician. ");
        String[] lines = {
            "Patient Anna Kowalczyk, born 04/12/1957, MRN-7734421, SSN 536-90-4399, lives at 12 Elm Street, Springfield.",
            "Admitted on March 3, 2024 with hyperkalemia; potassium 6.1 on arrival, treated with insulin and dextrose.",
            "Home medications: lisinopril 20 mg daily, spironolactone 25 mg daily, metformin 500 mg twice daily.",
            "Her daughter Maria Kowalczyk (555-123-4567) asks about discharge timing and home monitoring.",
            "Nephrology (Dr. Chen) recommends holding ACE inhibitors and repeating the panel in 48 hours.",
            "Please list the open issues, the medication changes, and what to tell the family today."};
        int i = 0;
        while (b.length() < 2048) {
            b.append(lines[i++ % lines.length]).append(' ');
        }
        return b.substring(0, 2048);
    }

    @Benchmark
    public String guardedTurn() {
        return guard.withScope(scope, () -> guarded.chat(prompt));
    }

    @Benchmark
    public String plainTurn() {
        return plain.chat(prompt);
    }
}
