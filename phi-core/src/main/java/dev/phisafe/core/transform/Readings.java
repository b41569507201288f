package dev.phisafe.core.transform;

import dev.phisafe.core.detect.PhiSpan;
import java.util.List;

/**
 * The dates found in each segment of one text, segment by segment in text order: what the filter's reading of its
 * own output hands to the re-identifier's date stage it simulates, so that no segment is read twice. Most outputs
 * hold no date, so the lists are kept only once one is found.
 */
final class Readings {
    /** {start, end} of each segment, in order; the reader's own array, not copied. */
    private int[] segments = new int[0];
    private int size;
    private List<PhiSpan>[] found;

    /** Records the segments read: {@code segments[0, 2 * size)} holds {start, end} of each, in order. */
    void segments(int[] segments, int size) {
        this.segments = segments;
        this.size = size;
        this.found = null;
    }

    /** Records the dates found in the {@code k}-th segment (relative to its start). */
    @SuppressWarnings("unchecked")
    void found(int k, List<PhiSpan> dates) {
        if (dates.isEmpty()) {
            return;
        }
        if (found == null) {
            found = (List<PhiSpan>[]) new List<?>[size];
        }
        found[k] = dates;
    }

    /** The dates recorded for exactly {@code [start, end)}, or null when that segment was not read. */
    List<PhiSpan> get(int start, int end) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int s = segments[2 * mid];
            if (s < start) {
                lo = mid + 1;
            } else if (s > start) {
                hi = mid - 1;
            } else {
                return segments[2 * mid + 1] == end ? dates(mid) : null;
            }
        }
        return null;
    }

    /** How many segments were recorded. */
    int size() {
        return size;
    }

    /** The start of the {@code k}-th segment. */
    int start(int k) {
        return segments[2 * k];
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
