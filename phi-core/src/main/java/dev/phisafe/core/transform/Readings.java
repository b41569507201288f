package dev.phisafe.core.transform;

import dev.phisafe.core.detect.PhiSpan;
import java.util.Arrays;
import java.util.List;

/**
 * The dates found in each segment of one text, recorded segment by segment in text order: what the filter's reading
 * of its own output hands to the re-identifier's date stage it simulates, so that no segment is read twice. Most
 * outputs hold no date, so the lists are kept only once one is found.
 */
final class Readings {
    private long[] ranges = new long[4];
    private List<PhiSpan>[] found;
    private int size;

    /** Records the dates found in {@code [start, end)}; segments come in text order, each once. */
    @SuppressWarnings("unchecked")
    void add(int start, int end, List<PhiSpan> dates) {
        if (size > 0 && start < end(size - 1)) {
            throw new IllegalStateException("segments out of order");
        }
        if (size == ranges.length) {
            ranges = Arrays.copyOf(ranges, 2 * size);
            if (found != null) {
                found = Arrays.copyOf(found, 2 * size);
            }
        }
        if (!dates.isEmpty() && found == null) {
            found = (List<PhiSpan>[]) new List<?>[ranges.length];
        }
        ranges[size] = range(start, end);
        if (found != null) {
            found[size] = dates;
        }
        size++;
    }

    /** The dates recorded for exactly {@code [start, end)}, or null when that segment was not read. */
    List<PhiSpan> get(int start, int end) {
        int k = Arrays.binarySearch(ranges, 0, size, range(start, end));
        return k < 0 ? null : dates(k);
    }

    /** A segment's start and end, as one key: keys of segments in text order ascend. */
    private static long range(int start, int end) {
        return ((long) start << 32) | end;
    }

    /** How many segments were recorded. */
    int size() {
        return size;
    }

    /** The start of the {@code k}-th segment. */
    int start(int k) {
        return (int) (ranges[k] >>> 32);
    }

    private int end(int k) {
        return (int) ranges[k];
    }

    /** The dates found in the {@code k}-th segment (relative to its start). */
    List<PhiSpan> dates(int k) {
        List<PhiSpan> d = found == null ? null : found[k];
        return d == null ? List.of() : d;
    }

    /** Whether any segment holds a date. */
    boolean any() {
        return found != null;
    }
}
