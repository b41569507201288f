package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import java.util.List;
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
 * Time for the default suite to scan 1 MB (2^20 chars) of hostile input, one benchmark per kind of input
 * ({@link AdversarialInputs}). At the 10 MB/s target each should take about 100 ms or less; a time that grows
 * with the square of the length would show here as seconds or minutes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class AdversarialBenchmark {

    private PhiDetectors detectors;
    private String digits;
    private String separators;
    private String capitalised;
    private String atDots;
    private String titles;
    private String nonBmp;

    /** Builds the inputs and loads the suite before measuring. */
    @Setup
    public void build() {
        detectors = PhiDetectors.defaults();
        digits = AdversarialInputs.digits();
        separators = AdversarialInputs.separators();
        capitalised = AdversarialInputs.capitalisedRun();
        atDots = AdversarialInputs.atAndDotRuns();
        titles = AdversarialInputs.titles();
        nonBmp = AdversarialInputs.randomNonBmp();
    }

    /** @return findings in 1M ASCII digits */
    @Benchmark
    public List<PhiSpan> digitRun() {
        return detectors.detect(digits);
    }

    /** @return findings in "-/-.-" repeated */
    @Benchmark
    public List<PhiSpan> separatorRun() {
        return detectors.detect(separators);
    }

    /** @return findings in 1 MB of capitalised names */
    @Benchmark
    public List<PhiSpan> capitalisedRun() {
        return detectors.detect(capitalised);
    }

    /** @return findings in '@' and '.' runs */
    @Benchmark
    public List<PhiSpan> atAndDotRuns() {
        return detectors.detect(atDots);
    }

    /** @return findings in "Dr. " repeated */
    @Benchmark
    public List<PhiSpan> titleRun() {
        return detectors.detect(titles);
    }

    /** @return findings in random supplementary-plane code points */
    @Benchmark
    public List<PhiSpan> randomNonBmp() {
        return detectors.detect(nonBmp);
    }
}
