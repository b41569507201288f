package dev.phisafe.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH auxiliary counters for the throughput benchmarks: every operation adds the UTF-8 size of the text it
 * scanned to {@link #bytes}. In {@code Mode.Throughput} JMH reports a counter as a rate, so the secondary result
 * {@code ·bytes} reads in bytes per second ("ops/s" in JMH's table); {@code run.sh} divides by 10^6 for MB/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
    /** UTF-8 bytes scanned during the iteration. */
    public long bytes;
    /** Documents scanned during the iteration. */
    public long documents;

    /** Counters restart with every iteration so each iteration reports its own rate. */
    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
        documents = 0;
    }
}
