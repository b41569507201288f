package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.vault.PseudonymVault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 3's target: filtering (detection + transforms) costs at most 20 % more than detection alone. One operation
 * runs the gold corpus (one call per document) through detection only ({@code mode=detect}), or through a
 * {@link PhiFilter} with one of the presets: Safe Harbor ({@code mode=safe-harbor}: placeholders from a vault, years,
 * 90+, ZIP3), or, for a destination under a BAA, the limited data set ({@code mode=limited-data-set}: placeholders for
 * direct identifiers, dates and places kept) or pseudonymized ({@code mode=pseudonymized}: placeholders and
 * per-patient date shift, checked to read back exactly); or in-house, for a model inside the covered entity
 * ({@code mode=in-house}: kept, three kinds of number masked).
 * The other parameters vary how the corpus is cut into texts and conversations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class FilterOverheadBenchmark {

    /** What one document goes through. */
    @Param({"detect", "safe-harbor", "limited-data-set", "pseudonymized", "in-house"})
    public String mode;

    /**
     * How many values the conversation already maps before the run (shifted dates of earlier messages): the cost of
     * one call must not grow with the length of the conversation.
     */
    @Param({"0"})
    public int priorValues;

    /**
     * Which conversation each document is filtered in: {@code shared}, one conversation for the whole corpus (its
     * vault maps grow to thousands of values, a worst case), or {@code per-document}, one conversation per
     * document, as independent prompts are (a few values each).
     */
    @Param({"shared"})
    public String conversation;

    /** How many gold documents make one text (1: the prompts as they are, 102 bytes on average; 20: about 2 KB). */
    @Param({"1"})
    public int joined;

    private String[] documents;
    private long bytes;
    private PhiDetectors detectors;
    private PhiFilter filter;
    private PhiContext[] contexts;

    /** Loads the corpus, the detectors and the filter before any measurement. */
    @Setup(Level.Trial)
    public void load() {
        java.util.List<String> gold = Corpora.goldTexts();
        java.util.List<String> texts = new java.util.ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < gold.size(); i++) {
            b.append(gold.get(i));
            if ((i + 1) % joined == 0 || i + 1 == gold.size()) {
                texts.add(b.toString());
                b.setLength(0);
            } else {
                b.append(' ');
            }
        }
        documents = texts.toArray(new String[0]);
        bytes = Corpora.utf8Bytes(texts);
        detectors = PhiDetectors.defaults();
        PseudonymVault vault = PseudonymVault.builder().maxEntriesPerTenant(10_000_000).ttl(Duration.ofHours(1))
                .originalsInPlaintext().build();
        KeyedHash key = KeyedHash.jdkHmacSha256("benchmark-key-0123456789abcdef01".getBytes(StandardCharsets.UTF_8), "b1");
        boolean harbor = "safe-harbor".equals(mode) || "detect".equals(mode);
        filter = PhiFilter.builder()
                .policy(PhiPolicies.byId(harbor ? "safe-harbor" : mode))
                .destination(harbor ? Destination.builder("bench").build()
                        : "in-house".equals(mode) ? Destination.builder("bench").inHouse().build()
                        : Destination.builder("bench").baa().build())
                .vault(vault).dateShifter(DateShifter.builder().keyedHash(key).build())
                .build();
        contexts = new PhiContext[documents.length];
        for (int d = 0; d < documents.length; d++) {
            contexts[d] = "per-document".equals(conversation)
                    ? PhiContext.builder().tenant("bench").conversation("c" + d).patient("p" + d).build()
                    : PhiContext.builder().tenant("bench").conversation("c1").patient("p1").build();
        }
        for (int i = 0; i < priorValues; i++) {
            vault.alias(contexts[0], PhiType.DATE, "earlier date " + i, "earlier shifted date " + i);
        }
    }

    /**
     * Runs the gold corpus once.
     *
     * @param counter byte and document counters
     * @param bh      consumes the results
     */
    @Benchmark
    public void run(ByteCounter counter, Blackhole bh) {
        if ("detect".equals(mode)) {
            for (String doc : documents) {
                bh.consume(detectors.detect(doc));
            }
        } else {
            for (int d = 0; d < documents.length; d++) {
                bh.consume(filter.filter(documents[d], contexts[d]));
            }
        }
        counter.bytes += bytes;
        counter.documents += documents.length;
    }
}
