package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
 * Where the time goes: the gold corpus (one call per document) through a suite holding one default detector only,
 * plus {@code none} (tokenizing and resolving only: a suite needs a detector, so it holds one that finds
 * nothing). The budget rule is that each detector costs well under 1/7 of the 10 MB/s target: the time of a
 * one-detector suite minus the time of {@code none} should stay well under 1/70 s per MB. MB/s as in
 * {@link CorpusThroughputBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DetectorCostBenchmark {

    /** The name of the one default detector in the suite, or {@code none}. */
    @Param({"none", "contact", "phone", "identifier", "date", "age", "location", "name"})
    public String detector;

    private PhiDetectors suite;
    private String[] documents;
    private long bytes;

    /** Builds the one-detector suite and loads the gold corpus. */
    @Setup(Level.Trial)
    public void load() {
        List<String> texts = Corpora.goldTexts();
        documents = texts.toArray(new String[0]);
        bytes = Corpora.utf8Bytes(texts);
        PhiDetector chosen = null;
        for (PhiDetector d : PhiDetectors.defaults().detectors()) {
            if (d.name().equals(detector)) {
                chosen = d;
            }
        }
        if (chosen == null && !"none".equals(detector)) {
            throw new IllegalStateException("no default detector named " + detector);
        }
        suite = chosen != null ? PhiDetectors.emptyBuilder().add(chosen).build()
                : PhiDetectors.emptyBuilder().add(new FindsNothing()).build();
    }

    /** A detector that returns at once: what remains is the suite's own cost (tokenizing, resolving). */
    static final class FindsNothing implements PhiDetector {
        @Override
        public String name() {
            return "nothing";
        }

        @Override
        public Set<PhiType> types() {
            return EnumSet.allOf(PhiType.class);
        }

        @Override
        public List<PhiSpan> detect(CharSequence text) {
            return List.of();
        }
    }

    /**
     * Scans the whole gold corpus once.
     *
     * @param counter byte and document counters
     * @param bh      consumes the findings
     */
    @Benchmark
    public void scanGold(ByteCounter counter, Blackhole bh) {
        for (String doc : documents) {
            bh.consume(suite.detect(doc));
        }
        counter.bytes += bytes;
        counter.documents += documents.length;
    }
}
