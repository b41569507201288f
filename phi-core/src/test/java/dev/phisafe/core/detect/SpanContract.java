package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

/**
 * The span contract of {@link PhiDetector} and {@link PhiDetectors}, as assertions for fuzz targets. Failure
 * messages carry offsets and types only, never input text (the inputs are saved by Jazzer anyway).
 */
final class SpanContract {

    private SpanContract() {
    }

    /** What any detector must return: spans inside the text, of its own types, not splitting a surrogate pair. */
    static void assertValidSpans(String text, List<PhiSpan> spans, Set<PhiType> types) {
        assertThat(spans).as("spans").isNotNull().doesNotContainNull();
        for (PhiSpan s : spans) {
            assertThat(s.start()).as("start of %s", s).isBetween(0, text.length() - 1);
            assertThat(s.end()).as("end of %s", s).isGreaterThan(s.start()).isLessThanOrEqualTo(text.length());
            assertThat(s.confidence()).as("confidence of %s", s).isBetween(0.0, 1.0);
            assertThat(types).as("declared types, for %s", s).contains(s.type());
            assertThat(splitsPair(text, s.start())).as("start of %s splits a surrogate pair", s).isFalse();
            assertThat(splitsPair(text, s.end())).as("end of %s splits a surrogate pair", s).isFalse();
        }
    }

    /** What the suite must return besides: sorted by start, no two spans overlapping. */
    static void assertSortedAndDisjoint(List<PhiSpan> spans) {
        for (int i = 1; i < spans.size(); i++) {
            PhiSpan prev = spans.get(i - 1);
            PhiSpan cur = spans.get(i);
            assertThat(cur.start()).as("span %d %s after %s", i, cur, prev).isGreaterThanOrEqualTo(prev.end());
        }
    }

    /** Whether a boundary at {@code index} falls between the two halves of a surrogate pair. */
    static boolean splitsPair(String text, int index) {
        return index > 0 && index < text.length() && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index));
    }
}
