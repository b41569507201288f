package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceReportExampleTest {

    @Test
    void run_writesIntactReportWithTheTwoDisclosures(@TempDir Path dir) throws Exception {
        var report = EvidenceReportExample.run(dir);
        assertThat(report.journalIntact()).isTrue();
        String json = Files.readString(dir.resolve("report/evidence.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"toBaa\" : 2").contains("\"NAME\" : 4");
        assertThat(Files.readString(dir.resolve("report/index.html"), StandardCharsets.UTF_8))
                .contains("HIPAA 164.312(b)").contains("id=\"chart-phi-per-day\"");
    }

    @Test
    void main_printsTheVerdict() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            EvidenceReportExample.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("journal INTACT; evidence in ");
    }
}
