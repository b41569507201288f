package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.phisafe.core.detect.PhiDetectors;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the default detector suite's accuracy on the shared development sets: each figure must stay at or above the
 * floor in {@code accuracy-floors.properties}. Prints the measured figures (aggregates only, never text).
 *
 * <p>The data lives outside the repository, in {@code shared/data} next to it ({@code ../../shared} from this
 * module's directory, where Maven runs tests); override with {@code -Dphi.sharedDir=DIR}.
 */
class AccuracyRegressionTest {

    private static Properties floors;
    private static Path data;

    @BeforeAll
    static void load() throws Exception {
        floors = new Properties();
        try (InputStream in = AccuracyRegressionTest.class.getResourceAsStream("/accuracy-floors.properties")) {
            assertThat(in).as("accuracy-floors.properties on the test classpath").isNotNull();
            floors.load(in);
        }
        data = Path.of(System.getProperty("phi.sharedDir", "../../shared")).resolve("data");
        if (!Files.isDirectory(data)) {
            fail("shared data folder not found at " + data.toAbsolutePath().normalize()
                    + ": the dev sets live in <repo>/../shared/data (or pass -Dphi.sharedDir=DIR)");
        }
    }

    private static Score score(String relative) throws Exception {
        Path file = data.resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail("dev set missing: " + file.toAbsolutePath().normalize());
        }
        try (JsonLines in = JsonLines.open(file)) {
            Score s = GoldScorer.scoreFile(relative, in, PhiDetectors.defaults());
            System.out.println(String.format(Locale.ROOT,
                    "%-32s recall %s  precision %s  hn-specificity %s  typed %s  (%d docs, %d gold, %d detected, %d FP)  %s MB/s",
                    relative, f(s.recall()), f(s.precision()), f(s.hardNegativeSpecificity()), f(s.typedAccuracy()),
                    s.documents(), s.goldSpans(), s.detected(), s.falsePositives(), f(s.throughputMBps())));
            s.perLabel().forEach((label, l) -> System.out.println(String.format(Locale.ROOT,
                    "    %-32s %4d/%4d recall %s typed %s", label, l.protectedSpans(), l.gold(), f(l.recall()),
                    f(l.typedAccuracy()))));
            return s;
        }
    }

    /** A null figure (zero denominator) passes only a floor of 0. */
    private static void assertFloor(String key, Double measured) {
        String v = floors.getProperty(key);
        assertThat(v).as("floor '%s' in accuracy-floors.properties", key).isNotNull();
        double floor = Double.parseDouble(v.strip());
        if (floor > 0.0) {
            assertThat(measured).as("%s is undefined (nothing to measure) but its floor is %s", key, floor).isNotNull();
            assertThat(measured).as("%s fell below its floor", key).isGreaterThanOrEqualTo(floor);
        }
    }

    @Test
    void asqPhiDev_recallAndHardNegativeSpecificity_stayAtOrAboveFloors() throws Exception {
        Score s = score("gold/asq-phi-dev.jsonl");
        assertThat(s.documents()).isPositive();
        assertFloor("asq.recall", s.recall());
        assertFloor("asq.hnSpecificity", s.hardNegativeSpecificity());
    }

    @Test
    void presidioSynth_recallAndPrecision_stayAtOrAboveFloors() throws Exception {
        Score s = score("gold/presidio-synth-v2.jsonl");
        assertThat(s.documents()).isPositive();
        assertFloor("presidio.recall", s.recall());
        assertFloor("presidio.precision", s.precision());
    }

    @Test
    void aciBenchDev_nameRecall_staysAtOrAboveFloor() throws Exception {
        Score s = score("corpus/aci-bench-dev.jsonl");
        assertThat(s.documents()).isPositive();
        assertFloor("aci.recall", s.recall());
    }

    private static String f(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
