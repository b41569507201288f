package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.audit.JournalVerification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJournalExampleTest {

    @Test
    void run_recordsOneEvent_journalVerifiesAndHoldsNoRawIdentifiers(@TempDir Path dir) throws Exception {
        JournalVerification v = AuditJournalExample.run(dir);
        assertThat(v.status()).isEqualTo(JournalVerification.Status.INTACT);
        assertThat(v.records()).isEqualTo(1);
        assertThat(v.checkpoints()).isGreaterThanOrEqualTo(1);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String content = Files.readString(f, StandardCharsets.UTF_8);
                assertThat(content).doesNotContain("MRN-0042").doesNotContain("Summarise");
            }
        }
    }

    @Test
    void main_printsTheVerdict() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            AuditJournalExample.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("journal INTACT: 1 record(s)");
    }
}
