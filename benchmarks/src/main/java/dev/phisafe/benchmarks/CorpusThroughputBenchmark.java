package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetectors;
import java.util.List;
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
 * Single-threaded throughput of the default detector suite on real text.
 *
 * <p>One operation scans a whole corpus, calling {@link PhiDetectors#detect} once per document (as {@code phi scan}
 * does), except for {@code gold-joined}, where the gold documents are joined by blank lines into one text to show
 * that cost stays linear in length. MB/s is the secondary result {@code ·bytes} (UTF-8 bytes per second, see
 * {@link ByteCounter}) divided by 10^6; equivalently ops/s × the corpus size printed by {@code @Setup}.
 * <ul>
 *   <li>{@code gold}: ASQ-PHI + presidio-synth gold texts ({@code gold/*.jsonl}), short documents;</li>
 *   <li>{@code aci}: ACI-Bench dev notes ({@code corpus/aci-bench-dev.jsonl}), long clinical notes.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class CorpusThroughputBenchmark {

    /** Which corpus one operation scans. */
    @Param({"gold", "aci", "gold-joined"})
    public String corpus;

    private PhiDetectors detectors;
    private String[] documents;
    private long bytes;

    /** Loads the corpus and the detector suite (dictionaries included) before any measurement. */
    @Setup(Level.Trial)
    public void load() {
        List<String> texts;
        switch (corpus) {
            case "gold":
                texts = Corpora.goldTexts();
                break;
            case "aci":
                texts = Corpora.aciTexts();
                break;
            case "gold-joined":
                texts = List.of(String.join("\n\n", Corpora.goldTexts()));
                break;
            default:
                throw new IllegalArgumentException("unknown corpus " + corpus);
        }
        documents = texts.toArray(new String[0]);
        bytes = Corpora.utf8Bytes(texts);
        detectors = PhiDetectors.defaults();
        System.out.printf("%n[corpus %s: %d documents, %d UTF-8 bytes, %s]%n", corpus, documents.length, bytes,
                Corpora.sharedDir());
    }

    /**
     * Scans the whole corpus once.
     *
     * @param counter byte and document counters
     * @param bh      consumes the findings so the work is not eliminated
     */
    @Benchmark
    public void scanCorpus(ByteCounter counter, Blackhole bh) {
        for (String doc : documents) {
            bh.consume(detectors.detect(doc));
        }
        counter.bytes += bytes;
        counter.documents += documents.length;
    }
}
