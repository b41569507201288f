package dev.phisafe.core.detect;

import java.util.Objects;

/**
 * One finding: the UTF-16 range {@code [start, end)} of a text that holds PHI of a {@link PhiType}.
 *
 * <p>A span carries offsets, never the text it covers, so it can be logged, audited and serialized without leaking
 * PHI. Offsets never split a surrogate pair when produced by phi-safe's detectors.
 *
 * @param start      first UTF-16 index, inclusive, {@code >= 0}
 * @param end        last UTF-16 index, exclusive, {@code > start}
 * @param type       what the span is
 * @param confidence how sure the detector is, in {@code [0, 1]}
 * @param detector   the name of the detector that found it (non-secret, e.g. {@code "name"}, {@code "date"})
 */
public record PhiSpan(int start, int end, PhiType type, double confidence, String detector) implements Comparable<PhiSpan> {

    /**
     * Checks the invariants; a span that breaks them is a programming error.
     *
     * @param start      first UTF-16 index, inclusive, {@code >= 0}
     * @param end        last UTF-16 index, exclusive, {@code > start}
     * @param type       what the span is
     * @param confidence how sure the detector is, in {@code [0, 1]}
     * @param detector   the name of the detector that found it (non-secret)
     * @throws IllegalArgumentException if {@code start < 0}, {@code end <= start} or the confidence lies outside
     *                                  {@code [0, 1]}
     * @throws NullPointerException     if {@code type} or {@code detector} is null
     */
    public PhiSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span needs 0 <= start < end, got [" + start + ", " + end + ")");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detector, "detector");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must lie in [0, 1], got " + confidence);
        }
    }

    /** @return {@code end - start} */
    public int length() {
        return end - start;
    }

    /**
     * @param other another span
     * @return whether the two ranges share at least one index
     */
    public boolean overlaps(PhiSpan other) {
        return start < other.end && other.start < end;
    }

    /**
     * The covered text. Use it only where PHI may be (the caller's own lane), never for logs.
     *
     * @param text the text this span was found in
     * @return {@code text.substring(start, end)}
     */
    public String textIn(CharSequence text) {
        return text.subSequence(start, end).toString();
    }

    /** Orders by start, then longer first, then type. */
    @Override
    public int compareTo(PhiSpan o) {
        int c = Integer.compare(start, o.start);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(o.end, end);
        return c != 0 ? c : type.compareTo(o.type);
    }
}
