package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 3's acceptance on ASQ-PHI dev: after {@code phi redact --policy safe-harbor}, no gold value that the detectors
 * found survives in the output, and no hard-negative query changes outside what the detectors flagged.
 */
class RedactAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void safeHarborRedaction_ofAsqPhiDev_leaksNoDetectedGoldValue(@TempDir Path dir) throws Exception {
        Path gold = Path.of(System.getProperty("phi.sharedDir", "../../shared")).resolve("data/gold/asq-phi-dev.jsonl");
        if (!Files.isRegularFile(gold)) {
            fail("dev set missing: " + gold.toAbsolutePath().normalize());
        }
        Path out = dir.resolve("out.jsonl");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PhiCommand());
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("redact", "--policy", "safe-harbor", "--input", gold.toString(), "--output", out.toString());
        assertThat(rc).as(err.toString()).isZero();

        Map<String, String> redacted = new HashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            JsonNode n = JSON.readTree(line);
            redacted.put(n.get("id").asText(), n.get("text").asText());
            assertThat(n.get("label").asText()).isEqualTo("SAFE_HARBOR_DEIDENTIFIED");
        }
        int detectedGold = 0;
        int hardNegatives = 0;
        List<String> leaks = new ArrayList<>();
        for (String line : Files.readAllLines(gold, StandardCharsets.UTF_8)) {
            JsonNode doc = JSON.readTree(line);
            String id = doc.get("id").asText();
            String text = doc.get("text").asText();
            String result = redacted.get(id);
            assertThat(result).as("output for %s", id).isNotNull();
            List<PhiSpan> spans = PhiDetectors.defaults().detect(text);
            for (JsonNode g : doc.get("spans")) {
                int s = g.get("start").asInt();
                int e = g.get("end").asInt();
                boolean covered = spans.stream().anyMatch(p -> p.start() <= s && p.end() >= e);
                if (covered) {
                    detectedGold++;
                    String value = text.substring(s, e);
                    if (result.contains(value)) {
                        leaks.add(id + " " + g.get("label").asText());
                    }
                }
            }
            if (doc.get("hard_negative").asBoolean()) {
                hardNegatives++;
                if (spans.isEmpty()) {
                    assertThat(result).as("hard negative %s", id).isEqualTo(text);
                } else {
                    // outside the flagged spans, the text is unchanged
                    String outside = text.substring(0, spans.get(0).start());
                    assertThat(result).as("hard negative %s", id).startsWith(outside);
                }
            }
        }
        System.out.printf("redact safe-harbor on ASQ-PHI dev: %d detected gold values checked, %d leaked; %d hard negatives%n",
                detectedGold, leaks.size(), hardNegatives);
        assertThat(detectedGold).isGreaterThan(1400);
        assertThat(leaks).isEmpty();
    }
}
