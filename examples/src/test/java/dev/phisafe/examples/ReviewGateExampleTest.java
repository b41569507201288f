package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewGateExampleTest {

    @Test
    void run_selfReviewRefused_editedTextCommittedOnce_journalHoldsNoNoteText(@TempDir Path dir) throws Exception {
        Map<String, String> ehr = new HashMap<>();
        Object[] r = ReviewGateExample.run(dir, ehr);
        assertThat(r[0]).isEqualTo("reviewer-is-requester");
        assertThat(r[1]).isEqualTo("Plan: continue warfarin 5 mg daily; recheck INR in 2 weeks.");
        assertThat(r[2]).isEqualTo(true);
        assertThat(ehr).hasSize(1);
        assertThat((String) r[3]).contains("\"docStatus\":\"final\"");
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).doesNotContain("warfarin")
                        .doesNotContain("pat-7f3c");
            }
        }
    }

    @Test
    void main_printsTheOutcome() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            ReviewGateExample.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("self-review: reviewer-is-requester")
                .contains("second commit same result: true");
    }
}
