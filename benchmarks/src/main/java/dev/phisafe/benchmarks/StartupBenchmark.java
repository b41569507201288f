package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start of the default suite: the first {@link PhiDetectors#defaults()} call in a fresh JVM, which loads the
 * detector classes and the bundled dictionaries. Only the first call in a JVM does that work (the suite is then
 * cached), so each fork measures exactly one call: {@code SingleShotTime}, no warm-up, one iteration, many forks.
 * Command-line {@code -wi}/{@code -i} options override these annotations and would measure a cached field read, so
 * {@code run.sh} runs this class on its own with {@code -wi 0 -i 1 -f N}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class StartupBenchmark {

    /** @return the suite, loaded from scratch */
    @Benchmark
    public PhiDetectors firstDefaults() {
        return PhiDetectors.defaults();
    }

    /** @return the findings of the first detection in a fresh JVM (loading plus a cold, interpreted first scan) */
    @Benchmark
    public List<PhiSpan> firstDetect() {
        return PhiDetectors.defaults().detect(PromptLatencyBenchmark.PROMPT);
    }
}
