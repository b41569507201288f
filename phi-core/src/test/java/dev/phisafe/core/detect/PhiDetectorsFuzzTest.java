package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.PhiProcessingException;
import java.util.List;

/**
 * Fuzzes the whole default suite: on any text (non-BMP, lone surrogates, control characters, hostile runs) it
 * must not throw, must return sorted, disjoint spans inside the text that never split a surrogate pair, with a
 * confidence in [0, 1], and must give the same answer twice.
 *
 * <p>In the normal build only the committed seeds in {@code PhiDetectorsFuzzTestInputs/} run (regression mode).
 * Fuzz for real with {@code JAZZER_FUZZ=1 mvn -o -pl phi-core test -Dtest=PhiDetectorsFuzzTest}; the session
 * stops after {@code maxDuration}.
 */
class PhiDetectorsFuzzTest {

    private static final PhiDetectors SUITE = PhiDetectors.defaults();

    @FuzzTest(maxDuration = "10m")
    void suite_anyText_returnsValidDisjointDeterministicSpans(FuzzedDataProvider data) {
        String text = FuzzText.from(data);
        List<PhiSpan> spans = detectOrRethrowCause(text);

        SpanContract.assertValidSpans(text, spans, SUITE.types());
        SpanContract.assertSortedAndDisjoint(spans);
        assertThat(SUITE.detect(text)).as("second run on the same text").isEqualTo(spans);
    }

    /**
     * The suite hides a failing detector's exception (its message might quote the text); to make a crash
     * diagnosable, run the detectors one by one so that the first failing one throws its own exception here.
     */
    private static List<PhiSpan> detectOrRethrowCause(String text) {
        try {
            return SUITE.detect(text);
        } catch (PhiProcessingException e) {
            for (PhiDetector d : SUITE.detectors()) {
                d.detect(text);
            }
            throw e;
        }
    }
}
