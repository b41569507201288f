package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternDetectorTest {

    @Test
    void match_withContextWord_getsContextConfidence() {
        PatternDetector d = PhiDetectors.pattern("emp", PhiType.UNIQUE_IDENTIFIER)
                .regex("E[0-9]{6}").contextWords("employee").build();
        List<PhiSpan> withContext = d.detect("employee number E123456");
        List<PhiSpan> without = d.detect("see E123456");
        assertThat(withContext).singleElement().satisfies(s -> assertThat(s.confidence()).isEqualTo(0.9));
        assertThat(without).singleElement().satisfies(s -> assertThat(s.confidence()).isEqualTo(0.6));
    }

    @Test
    void requireContext_dropsMatchesWithoutIt() {
        PatternDetector d = PhiDetectors.pattern("emp", PhiType.UNIQUE_IDENTIFIER)
                .regex("E[0-9]{6}").contextWords("employee").requireContext().build();
        assertThat(d.detect("see E123456")).isEmpty();
        assertThat(d.detect("Employee: E123456")).hasSize(1);
    }

    @Test
    void validator_decidesWhichMatchesCount() {
        PatternDetector d = PhiDetectors.pattern("even", PhiType.UNIQUE_IDENTIFIER)
                .regex("[0-9]{4}").validator(s -> (s.charAt(3) - '0') % 2 == 0).build();
        assertThat(d.detect("1234 1235")).extracting(PhiSpan::start).containsExactly(0);
    }

    @Test
    void matchesInsideWords_areIgnored() {
        PatternDetector d = PhiDetectors.pattern("x", PhiType.UNIQUE_IDENTIFIER).regex("AB[0-9]{2}").build();
        assertThat(d.detect("XAB12 AB12 AB123")).extracting(PhiSpan::start).containsExactly(6);
    }

    @Test
    void builder_rejectsBadConfiguration() {
        assertThatThrownBy(() -> PhiDetectors.pattern("x", PhiType.NAME).regex("(a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
        assertThatThrownBy(() -> PhiDetectors.pattern("x", PhiType.NAME).regex("(a)\\1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhiDetectors.pattern("x", PhiType.NAME).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PhiDetectors.pattern("x", PhiType.NAME).regex("a").requireContext().build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PhiDetectors.pattern(" ", PhiType.NAME)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhiDetectors.pattern("x", PhiType.NAME).contextWindow(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void catastrophicPatternForBacktrackers_runsLinearly() {
        // (a+)+$ blows up backtracking engines on "aaaa…b"; RE2 has no backtracking
        PatternDetector d = PhiDetectors.pattern("evil", PhiType.UNIQUE_IDENTIFIER).regex("(a+)+$").build();
        assertThat(d.detect("a".repeat(200_000) + "b")).isEmpty();
    }
}
