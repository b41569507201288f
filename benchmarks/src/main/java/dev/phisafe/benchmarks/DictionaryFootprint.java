package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetectors;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Heap retained by the default suite (mostly its dictionaries), and the wall-clock time of the first
 * {@link PhiDetectors#defaults()} call. Not a JMH benchmark: it must run in a fresh JVM that has loaded nothing
 * else, once.
 *
 * <p>Method: settle the heap (several {@code System.gc()} calls with short pauses, which on HotSpot's default
 * collectors are full collections), read used heap, force {@code PhiDetectors.defaults()}, settle again, read
 * again, and keep the suite reachable until after the second reading. The difference is the retained heap of the
 * suite plus the few classes' static data it drags in; garbage made while loading is not counted. Figures are
 * precise to roughly a hundred kilobytes (TLAB and region accounting). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.phisafe.benchmarks.DictionaryFootprint}.
 */
public final class DictionaryFootprint {

    private DictionaryFootprint() {
    }

    /**
     * Prints the figures on stdout, one {@code key=value} per line.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while letting the collector settle
     */
    public static void main(String[] args) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledUsedHeap(memory);
        long t0 = System.nanoTime();
        PhiDetectors suite = PhiDetectors.defaults();
        long t1 = System.nanoTime();
        long after = settledUsedHeap(memory);
        Reference.reachabilityFence(suite);
        System.out.printf(Locale.ROOT, "used_heap_before_bytes=%d%n", before);
        System.out.printf(Locale.ROOT, "used_heap_after_bytes=%d%n", after);
        System.out.printf(Locale.ROOT, "dictionary_heap_mb=%.1f%n", (after - before) / 1e6);
        System.out.printf(Locale.ROOT, "first_defaults_ms=%.0f%n", (t1 - t0) / 1e6);
        StringBuilder gcs = new StringBuilder();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.append(gcs.length() == 0 ? "" : " + ").append(gc.getName());
        }
        System.out.printf(Locale.ROOT, "gc=%s%n", gcs);
    }

    private static long settledUsedHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
