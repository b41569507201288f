package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phisafe.cli.GoldScorer.GoldDocument;
import dev.phisafe.cli.GoldScorer.GoldSpan;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every scoring rule of DESIGN.md "Scoring", on hand-made gold and detections. */
class GoldScorerTest {

    private static GoldDocument doc(String text, boolean hardNegative, GoldSpan... spans) {
        return new GoldDocument("d", text, List.of(spans), hardNegative);
    }

    private static GoldSpan gold(int start, int end, String label) {
        return new GoldSpan(start, end, label);
    }

    private static PhiSpan det(int start, int end, PhiType type) {
        return new PhiSpan(start, end, type, 0.9, "test");
    }

    private static Score score(GoldDocument d, PhiSpan... detections) {
        GoldScorer s = new GoldScorer();
        s.add(d, List.of(detections));
        return s.score("test");
    }

    @Test
    void goldSpan_coveredExceptForInnerWhitespace_isProtected() {
        // "Anna  Smith": the two spaces need no cover, the letters do
        Score s = score(doc("Anna  Smith was seen", false, gold(0, 11, "NAME")),
                det(0, 4, PhiType.NAME), det(6, 11, PhiType.NAME));
        assertThat(s.protectedSpans()).isEqualTo(1);
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.falsePositives()).isZero();
    }

    @Test
    void goldSpan_oneLetterUncovered_isNotProtected() {
        Score s = score(doc("Anna Smith was seen", false, gold(0, 10, "NAME")), det(0, 9, PhiType.NAME));
        assertThat(s.protectedSpans()).isZero();
        assertThat(s.recall()).isEqualTo(0.0);
        // it overlaps the gold span, so it is no false positive even though it does not protect it
        assertThat(s.falsePositives()).isZero();
        assertThat(s.precision()).isEqualTo(1.0);
    }

    @Test
    void goldSpan_coveredByOneWiderSpan_isProtected() {
        Score s = score(doc("call 555-0143 now", false, gold(5, 13, "PHONE_NUMBER")), det(0, 17, PhiType.PHONE_NUMBER));
        assertThat(s.recall()).isEqualTo(1.0);
    }

    @Test
    void xLabel_missed_isNoMiss_andIsNotCounted() {
        Score s = score(doc("lives in Texas near Anna", false, gold(9, 14, "X_GPE"), gold(20, 24, "NAME")),
                det(20, 24, PhiType.NAME));
        assertThat(s.goldSpans()).isEqualTo(1);
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.perLabel()).containsOnlyKeys("NAME");
    }

    @Test
    void xLabel_detected_isNoFalsePositive() {
        Score s = score(doc("lives in Texas", false, gold(9, 14, "X_GPE")), det(9, 14, PhiType.GEOGRAPHIC_LOCATION));
        assertThat(s.detected()).isEqualTo(1);
        assertThat(s.falsePositives()).isZero();
        assertThat(s.precision()).isEqualTo(1.0);
        assertThat(s.goldSpans()).isZero();
        assertThat(s.recall()).as("no scored gold span: recall is undefined, not 0 or 1").isNull();
    }

    @Test
    void detectedSpan_overlappingNoGoldSpan_isFalsePositive() {
        Score s = score(doc("Anna has type 2 diabetes", false, gold(0, 4, "NAME")),
                det(0, 4, PhiType.NAME), det(9, 15, PhiType.UNIQUE_IDENTIFIER));
        assertThat(s.detected()).isEqualTo(2);
        assertThat(s.falsePositives()).isEqualTo(1);
        assertThat(s.precision()).isEqualTo(0.5);
    }

    @Test
    void detectedSpan_touchingButNotOverlappingGold_isFalsePositive() {
        // end is exclusive: [4,8) does not overlap [0,4)
        Score s = score(doc("Anna1234", false, gold(0, 4, "NAME")), det(4, 8, PhiType.UNIQUE_IDENTIFIER));
        assertThat(s.falsePositives()).isEqualTo(1);
    }

    @Test
    void nothingDetected_precisionIsUndefined() {
        Score s = score(doc("Anna", false, gold(0, 4, "NAME")));
        assertThat(s.detected()).isZero();
        assertThat(s.precision()).isNull();
        assertThat(s.typedAccuracy()).as("nothing protected").isNull();
    }

    @Test
    void hardNegatives_specificityIsShareOfThoseWithNoDetectionAtAll() {
        GoldScorer s = new GoldScorer();
        s.add(doc("A 55-year-old male, diagnosed in 2021.", true), List.of());
        s.add(doc("Guidelines for ACE inhibitors in 2019.", true), List.of(det(34, 38, PhiType.DATE)));
        s.add(doc("Anna", false, gold(0, 4, "NAME")), List.of(det(0, 4, PhiType.NAME)));
        Score score = s.score("test");
        assertThat(score.hardNegatives()).isEqualTo(2);
        assertThat(score.hardNegativeSpecificity()).isEqualTo(0.5);
        assertThat(score.documents()).isEqualTo(3);
    }

    @Test
    void noHardNegatives_specificityIsUndefined() {
        Score s = score(doc("Anna", false, gold(0, 4, "NAME")), det(0, 4, PhiType.NAME));
        assertThat(s.hardNegatives()).isZero();
        assertThat(s.hardNegativeSpecificity()).isNull();
        assertThat(s.toJson().get("hardNegativeSpecificity").isNull()).isTrue();
        assertThat(s.toTable()).contains("n/a");
    }

    @Test
    void typeMixUp_isProtected_butNotTypedCorrectly() {
        Score s = score(doc("Seen at Mercy on 01/08/2025", false, gold(8, 13, "GEOGRAPHIC_LOCATION"),
                gold(17, 27, "DATE")), det(8, 13, PhiType.NAME), det(17, 27, PhiType.DATE));
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.typedAccuracy()).isEqualTo(0.5);
        assertThat(s.perLabel().get("GEOGRAPHIC_LOCATION").typedAccuracy()).isEqualTo(0.0);
        assertThat(s.perLabel().get("GEOGRAPHIC_LOCATION").recall()).isEqualTo(1.0);
        assertThat(s.perLabel().get("DATE").typedAccuracy()).isEqualTo(1.0);
    }

    @Test
    void goldSpan_coveredBySpansOfTwoTypes_isNotTypedCorrectly() {
        Score s = score(doc("Anna Smith", false, gold(0, 10, "NAME")), det(0, 4, PhiType.NAME),
                det(5, 10, PhiType.GEOGRAPHIC_LOCATION));
        assertThat(s.recall()).isEqualTo(1.0);
        assertThat(s.typedAccuracy()).isEqualTo(0.0);
    }

    @Test
    void perLabel_recallCountsEachLabelSeparately() {
        Score s = score(doc("Anna Bob 123-45-6789", false, gold(0, 4, "NAME"), gold(5, 8, "NAME"),
                gold(9, 20, "SOCIAL_SECURITY_NUMBER")), det(0, 4, PhiType.NAME), det(9, 20, PhiType.SOCIAL_SECURITY_NUMBER));
        assertThat(s.perLabel().get("NAME").gold()).isEqualTo(2);
        assertThat(s.perLabel().get("NAME").recall()).isEqualTo(0.5);
        assertThat(s.perLabel().get("SOCIAL_SECURITY_NUMBER").recall()).isEqualTo(1.0);
        assertThat(s.recall()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void json_hasEveryContractField() {
        Score s = score(doc("Anna", true, gold(0, 4, "NAME")), det(0, 4, PhiType.NAME));
        JsonNode j = s.toJson();
        assertThat(j.fieldNames()).toIterable().containsExactly("file", "documents", "goldSpans", "protected", "recall",
                "detected", "falsePositives", "precision", "hardNegatives", "hardNegativeSpecificity", "typedAccuracy",
                "perLabel", "throughputMBps");
        assertThat(j.get("perLabel").get("NAME").fieldNames()).toIterable()
                .containsExactly("gold", "protected", "recall", "typedAccuracy");
        assertThat(j.get("recall").asDouble()).isEqualTo(1.0);
        assertThat(j.get("hardNegativeSpecificity").asDouble()).isEqualTo(0.0);
        assertThat(j.get("throughputMBps").isNull()).as("no timing recorded").isTrue();
    }

    @Test
    void parse_aciBenchRecord_withRoleAndNoHardNegative_isAccepted() throws Exception {
        String line = "{\"id\":\"aci-1\",\"split\":\"train\",\"text\":\"Martha Collins is here\","
                + "\"spans\":[{\"start\":0,\"end\":6,\"label\":\"NAME\",\"role\":\"PATIENT\"}],\"annotation\":\"silver\"}\n";
        try (JsonLines in = JsonLines.of(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)))) {
            GoldDocument d = GoldScorer.parse(in.next(), in);
            assertThat(d.hardNegative()).isFalse();
            assertThat(d.spans()).containsExactly(gold(0, 6, "NAME"));
        }
    }

    @Test
    void parse_spanPastTheText_isBadInputNamingTheLine() throws Exception {
        String lines = "\n{\"id\":\"a\",\"text\":\"CANARY-7731-PHI\",\"spans\":[{\"start\":0,\"end\":99,\"label\":\"NAME\"}]}\n";
        try (JsonLines in = JsonLines.of(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)))) {
            var rec = in.next();
            assertThatThrownBy(() -> GoldScorer.parse(rec, in))
                    .isInstanceOf(InputFormatException.class)
                    .hasMessageStartingWith("line 2:")
                    .hasMessageNotContaining("CANARY");
        }
    }

    @Test
    void scoreFile_runsTheDetectorAndRecordsThroughput() throws Exception {
        String lines = "{\"id\":\"1\",\"text\":\"SSN 123-45-6789 here\",\"spans\":[{\"start\":4,\"end\":15,\"label\":\"SOCIAL_SECURITY_NUMBER\"}],\"hard_negative\":false}\n"
                + "{\"id\":\"2\",\"text\":\"nothing to see\",\"spans\":[],\"hard_negative\":true}\n";
        var detector = dev.phisafe.core.detect.PhiDetectors.emptyBuilder()
                .add(dev.phisafe.core.detect.PhiDetectors.pattern("ssn-test", PhiType.SOCIAL_SECURITY_NUMBER)
                        .regex("[0-9]{3}-[0-9]{2}-[0-9]{4}").build())
                .build();
        try (JsonLines in = JsonLines.of(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)))) {
            Score s = GoldScorer.scoreFile("mem", in, detector);
            assertThat(s.documents()).isEqualTo(2);
            assertThat(s.recall()).isEqualTo(1.0);
            assertThat(s.precision()).isEqualTo(1.0);
            assertThat(s.hardNegativeSpecificity()).isEqualTo(1.0);
            assertThat(s.typedAccuracy()).isEqualTo(1.0);
            assertThat(s.throughputMBps()).isNotNull().isPositive();
        }
    }
}
