package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PhiDetectorsTest {
    private static final String CANARY = "Zebulon Quartermaine 078-05-1123";

    /** A detector that reports fixed spans, for testing the suite's own logic. */
    private static PhiDetector fixed(String name, PhiSpan... spans) {
        return new PhiDetector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<PhiType> types() {
                return EnumSet.allOf(PhiType.class);
            }

            @Override
            public List<PhiSpan> detect(CharSequence text) {
                return List.of(spans);
            }
        };
    }

    @Test
    void emptyText_hasNoFindings() {
        assertThat(PhiDetectors.defaults().detect("")).isEmpty();
    }

    @Test
    void nullText_isAProgrammingError() {
        assertThatThrownBy(() -> PhiDetectors.defaults().detect(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void overlappingFindings_mergeIntoTheirUnion_typedByTheMostConfident() {
        PhiDetectors suite = PhiDetectors.emptyBuilder()
                .add(fixed("a", new PhiSpan(0, 5, PhiType.NAME, 0.7, "a")))
                .add(fixed("b", new PhiSpan(3, 9, PhiType.GEOGRAPHIC_LOCATION, 0.9, "b")))
                .build();
        assertThat(suite.detect("abcdefghijkl")).containsExactly(new PhiSpan(0, 9, PhiType.GEOGRAPHIC_LOCATION, 0.9, "a+b"));
    }

    @Test
    void spans_areTrimmedOfWhitespace_andDroppedBelowMinConfidence() {
        PhiDetectors suite = PhiDetectors.emptyBuilder()
                .add(fixed("a", new PhiSpan(0, 6, PhiType.NAME, 0.8, "a"), new PhiSpan(8, 10, PhiType.DATE, 0.3, "a")))
                .build();
        assertThat(suite.detect(" Anna  ..12")).containsExactly(new PhiSpan(1, 5, PhiType.NAME, 0.8, "a"));
    }

    @Test
    void spans_neverSplitASurrogatePair() {
        String text = "a\uD83D\uDE00b";
        PhiDetectors suite = PhiDetectors.emptyBuilder()
                .add(fixed("a", new PhiSpan(2, 3, PhiType.NAME, 0.8, "a")))
                .build();
        assertThat(suite.detect(text)).containsExactly(new PhiSpan(1, 3, PhiType.NAME, 0.8, "a"));
    }

    @Test
    void disabledType_isNotReported() {
        String text = "Call 555-123-4567 or write to jane.doe@example.org";
        PhiDetectors suite = PhiDetectors.builder().disable(PhiType.EMAIL_ADDRESS).build();
        assertThat(suite.detect(text)).extracting(PhiSpan::type).containsExactly(PhiType.PHONE_NUMBER);
    }

    @Test
    void allowListedTerm_isDropped_butDenyListWins() {
        String text = "Seen by Dr. Halvorsen at Project Falcon with Mayo Clinic.";
        PhiDetectors suite = PhiDetectors.builder()
                .allow("Mayo Clinic", "Project Falcon")
                .deny(PhiType.UNIQUE_IDENTIFIER, "project falcon")
                .build();
        List<String> found = suite.detect(text).stream().map(s -> s.type() + ":" + s.textIn(text)).collect(Collectors.toList());
        assertThat(found).contains("NAME:Dr. Halvorsen", "UNIQUE_IDENTIFIER:Project Falcon").noneMatch(s -> s.contains("Mayo"));
    }

    @Test
    void customPatternDetector_isAddedInOneLine() {
        PhiDetectors suite = PhiDetectors.builder()
                .add(PhiDetectors.pattern("locker", PhiType.UNIQUE_IDENTIFIER).regex("[a-z]{2}[0-9]{2}[a-z]{2}").build())
                .build();
        String text = "the locker qq77rr is free";
        assertThat(suite.detect(text)).anySatisfy(s -> {
            assertThat(s.textIn(text)).isEqualTo("qq77rr");
            assertThat(s.detector()).isEqualTo("locker");
        });
    }

    @Test
    void builder_rejectsBadSettingsAtOnce() {
        assertThatThrownBy(() -> PhiDetectors.builder().add(fixed("name"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> PhiDetectors.builder().minConfidence(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhiDetectors.builder().allow(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhiDetectors.builder().deny(PhiType.NAME, "x").deny(PhiType.DATE, "X"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NAME").hasMessageContaining("DATE");
        assertThatThrownBy(() -> PhiDetectors.builder().only().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PhiDetectors.builder().remove("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failingDetector_closesThePath_withoutQuotingTheText() {
        PhiDetector throwing = new PhiDetector() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Set<PhiType> types() {
                return EnumSet.of(PhiType.NAME);
            }

            @Override
            public List<PhiSpan> detect(CharSequence text) {
                throw new IllegalStateException("cannot parse " + text);
            }
        };
        PhiDetectors suite = PhiDetectors.builder().add(throwing).build();
        assertThatThrownBy(() -> suite.detect("Patient " + CANARY))
                .isInstanceOf(PhiProcessingException.class)
                .hasMessageContaining("broken")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("Zebulon").doesNotContain("078-05");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void toStringOfSuiteAndSpans_holdNoText() {
        PhiDetectors suite = PhiDetectors.builder().allow("Zebulon").deny(PhiType.NAME, "Quartermaine").build();
        List<PhiSpan> spans = suite.detect("Patient " + CANARY);
        assertThat(spans).isNotEmpty();
        assertThat(suite.toString() + spans).doesNotContain("Zebulon").doesNotContain("Quartermaine").doesNotContain("078-05");
    }

    @Test
    void hostileInputs_finish_andStayInsideTheText() {
        String[] seeds = {"1", "-", "1-", "@.", "Dr. ", "Anna ", "\uD83D\uDE00", "\u0000", "((((", "a@b.", "MRN: "};
        for (String seed : seeds) {
            String text = seed.repeat(200_000 / seed.length());
            for (PhiSpan s : PhiDetectors.defaults().detect(text)) {
                assertThat(s.end()).isLessThanOrEqualTo(text.length());
            }
        }
    }
}
