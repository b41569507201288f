package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DetectPhiExampleTest {

    private static List<String> covered(String text, List<PhiSpan> spans) {
        return spans.stream().map(s -> s.type() + ":" + s.textIn(text)).collect(Collectors.toList());
    }

    @Test
    void defaults_findNameRecordNumberDateAndFacility() {
        String text = "Pt Anna S., MRN 4471-223, seen 03/14/2024 at St. Vincent's Hospital.";
        assertThat(covered(text, DetectPhiExample.withDefaults(text))).containsExactly(
                "NAME:Anna S.", "MEDICAL_RECORD_NUMBER:4471-223", "DATE:03/14/2024",
                "GEOGRAPHIC_LOCATION:St. Vincent's Hospital");
    }

    @Test
    void configured_appliesAllowDenyAndCustomDetector() {
        String text = "Employee E123456 of Project Falcon asked Mayo about https://example.org/x today.";
        List<String> found = covered(text, DetectPhiExample.configured(text));
        assertThat(found).contains("NAME:Project Falcon");
        assertThat(found).anyMatch(s -> s.startsWith("UNIQUE_IDENTIFIER:") && s.endsWith("E123456"));
        assertThat(found).noneMatch(s -> s.contains("Mayo") || s.startsWith(PhiType.URL.name()));
    }

    @Test
    void main_printsEveryFinding() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            DetectPhiExample.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("NAME [3, 10) Anna S.");
    }
}
