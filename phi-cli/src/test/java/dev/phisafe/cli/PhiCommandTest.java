package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code phi} commands run in-process on temporary files: formats, exit codes, and no input text in messages. */
class PhiCommandTest {

    private static final String CANARY = "CANARY-7731-PHI";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A deterministic detector for format checks: SSN-shaped numbers, whatever the state of the real detectors. */
    private static final PhiDetector SSN_ONLY = PhiDetectors.emptyBuilder()
            .add(PhiDetectors.pattern("ssn-test", PhiType.SOCIAL_SECURITY_NUMBER).regex("[0-9]{3}-[0-9]{2}-[0-9]{4}")
                    .contextWords("ssn").build())
            .build();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        /** @return stdout and stderr together, for "appears nowhere" checks */
        String all() {
            return out + "\n" + err;
        }
    }

    private static Run run(PhiCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run runWithStdin(PhiDetector detector, String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return run(new PhiCommand(detector, in), args);
    }

    private static Run run(PhiDetector detector, String... args) {
        return runWithStdin(detector, "", args);
    }

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void scan_writesOneLinePerRecord_withTheContractFields() throws Exception {
        Path in = write("in.jsonl", "{\"id\":\"a\",\"text\":\"SSN 123-45-6789.\",\"extra\":[1,2]}\n"
                + "\n"
                + "{\"id\":42,\"text\":\"nothing here\"}\n"
                + "{\"id\":\"é-1\",\"text\":\"\"}\n");
        Path out = dir.resolve("out.jsonl");

        Run r = run(SSN_ONLY, "scan", "--input", in.toString(), "--output", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("id", "spans");
        assertThat(first.get("id").asText()).isEqualTo("a");
        JsonNode span = first.get("spans").get(0);
        assertThat(span.fieldNames()).toIterable().containsExactly("start", "end", "type", "confidence", "detector");
        assertThat(span.get("start").asInt()).isEqualTo(4);
        assertThat(span.get("end").asInt()).isEqualTo(15);
        assertThat(span.get("type").asText()).isEqualTo("SOCIAL_SECURITY_NUMBER");
        assertThat(span.get("confidence").asDouble()).isEqualTo(0.9);
        assertThat(span.get("detector").asText()).isEqualTo("ssn-test");
        assertThat(JSON.readTree(lines.get(1)).get("id").asInt()).as("a numeric id stays a number").isEqualTo(42);
        assertThat(JSON.readTree(lines.get(1)).get("spans")).isEmpty();
        assertThat(JSON.readTree(lines.get(2)).get("id").asText()).isEqualTo("é-1");
        assertThat(lines.get(2)).as("output is ASCII, whatever the platform charset").matches("\\p{ASCII}*");
        assertThat(r.err()).contains("scanned 3 documents");
    }

    @Test
    void scan_withDefaultDetectors_writesOneLinePerRecord() throws Exception {
        Path in = write("in.jsonl", "{\"id\":\"1\",\"text\":\"Anna Smith, DOB 03/14/1931, MRN 00482917\"}\n"
                + "{\"id\":\"2\",\"text\":\"no PHI\"}\n");
        Path out = dir.resolve("out.jsonl");

        Run r = run(new PhiCommand(), "scan", "--input", in.toString(), "--output", out.toString(), "--quiet");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(2).allSatisfy(l -> assertThat(JSON.readTree(l).has("spans")).isTrue());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void scan_stdinToStdout() {
        Run r = runWithStdin(SSN_ONLY, "{\"id\":\"s\",\"text\":\"ssn 123-45-6789\"}\n", "scan", "--input", "-", "--output", "-");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(r.out()).startsWith("{\"id\":\"s\",\"spans\":[{\"start\":4,\"end\":15,\"type\":\"SOCIAL_SECURITY_NUMBER\"");
        assertThat(r.err()).doesNotContain("{");
    }

    @Test
    void scan_malformedLine_exits2_namingTheLineNumberButNotItsText() throws Exception {
        Path in = write("in.jsonl", "{\"id\":\"1\",\"text\":\"fine\"}\n"
                + "{\"id\":\"2\",\"text\":\"fine too\"}\n"
                + "{\"id\":\"3\",\"text\":\"Patient " + CANARY + " SSN 123-45-6789\"\n"); // missing brace
        Path out = dir.resolve("out.jsonl");

        Run r = run(SSN_ONLY, "scan", "--input", in.toString(), "--output", out.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 3");
        assertThat(r.all()).doesNotContain(CANARY).doesNotContain("123-45-6789");
        assertThat(out).as("fail closed: no partial output file").doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void scan_malformedLineOnStdin_exits2_withoutEchoingIt() {
        Run r = runWithStdin(SSN_ONLY, "{\"id\":\"1\",\"text\":\"ok\"}\nnot json " + CANARY + "\n", "scan", "--input", "-",
                "--output", "-");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 2");
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void scan_recordWithoutText_exits2_namingLineAndField() throws Exception {
        Path in = write("in.jsonl", "{\"id\":\"1\",\"body\":\"" + CANARY + "\"}\n");

        Run r = run(SSN_ONLY, "scan", "--input", in.toString(), "--output", dir.resolve("o.jsonl").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 1").contains("\"text\"");
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void scan_invalidUtf8_exits2() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});

        Run r = run(SSN_ONLY, "scan", "--input", in.toString(), "--output", "-");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("UTF-8");
    }

    @Test
    void scan_missingInputFile_exits2() {
        Run r = run(SSN_ONLY, "scan", "--input", dir.resolve("nope.jsonl").toString(), "--output", "-");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not found");
    }

    @Test
    void scan_missingOption_exits2() {
        Run r = run(SSN_ONLY, "scan", "--input", "x.jsonl");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--output");
    }

    @Test
    void scan_detectorFailure_exits1_failsClosed_andDoesNotEchoTheText() throws Exception {
        PhiDetector boom = new PhiDetector() {
            @Override
            public String name() {
                return "boom";
            }

            @Override
            public Set<PhiType> types() {
                return Set.of(PhiType.NAME);
            }

            @Override
            public List<PhiSpan> detect(CharSequence text) {
                if (text.toString().contains(CANARY)) {
                    throw new IllegalStateException("cannot handle " + text); // a careless detector quoting input
                }
                return List.of();
            }
        };
        PhiDetectors suite = PhiDetectors.emptyBuilder().add(boom).build();
        Path in = write("in.jsonl", "{\"id\":\"1\",\"text\":\"fine\"}\n{\"id\":\"2\",\"text\":\"" + CANARY + "\"}\n"
                + "{\"id\":\"3\",\"text\":\"fine\"}\n");
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "previous result\n");

        Run toFile = run(suite, "scan", "--input", in.toString(), "--output", out.toString());
        Run toStdout = run(suite, "scan", "--input", in.toString(), "--output", "-");

        assertThat(toFile.exit()).isEqualTo(1);
        assertThat(toFile.err()).contains("line 2").contains("boom");
        assertThat(Files.readString(out)).as("target left untouched").isEqualTo("previous result\n");
        assertThat(toStdout.exit()).isEqualTo(1);
        assertThat(toStdout.out().strip().lines()).as("only the line before the failure").hasSize(1);
        assertThat(toFile.all() + toStdout.all()).doesNotContain(CANARY);
    }

    @Test
    void eval_printsContractJson() throws Exception {
        Path gold = write("gold.jsonl",
                "{\"id\":\"1\",\"text\":\"SSN 123-45-6789 and 2019\",\"spans\":[{\"start\":4,\"end\":15,\"label\":\"SOCIAL_SECURITY_NUMBER\"},"
                        + "{\"start\":20,\"end\":24,\"label\":\"X_DATE\"}],\"hard_negative\":false}\n"
                        + "{\"id\":\"2\",\"text\":\"a 55-year-old\",\"spans\":[],\"hard_negative\":true}\n");

        Run r = run(SSN_ONLY, "eval", "--gold", gold.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("documents").asInt()).isEqualTo(2);
        assertThat(j.get("goldSpans").asInt()).isEqualTo(1);
        assertThat(j.get("protected").asInt()).isEqualTo(1);
        assertThat(j.get("recall").asDouble()).isEqualTo(1.0);
        assertThat(j.get("precision").asDouble()).isEqualTo(1.0);
        assertThat(j.get("hardNegativeSpecificity").asDouble()).isEqualTo(1.0);
        assertThat(j.get("perLabel").get("SOCIAL_SECURITY_NUMBER").get("typedAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(j.get("throughputMBps").isNumber()).isTrue();
        assertThat(r.out()).doesNotContain("123-45-6789");
    }

    @Test
    void eval_table_isReadableAndHoldsNoText() throws Exception {
        Path gold = write("gold.jsonl", "{\"id\":\"1\",\"text\":\"" + CANARY + "\",\"spans\":[{\"start\":0,\"end\":6,"
                + "\"label\":\"NAME\",\"role\":\"PATIENT\"}]}\n");

        Run r = run(SSN_ONLY, "eval", "--gold", gold.toString(), "--table");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("recall").contains("NAME").contains("n/a");
        assertThat(r.all()).doesNotContain(CANARY).doesNotContain("CANARY");
    }

    @Test
    void eval_malformedGold_exits2_withoutEchoingIt() throws Exception {
        Path gold = write("gold.jsonl", "{\"id\":\"1\",\"text\":\"" + CANARY + "\",\"spans\":[{\"start\":0}]}\n");

        Run r = run(SSN_ONLY, "eval", "--gold", gold.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 1");
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void eval_missingFile_exits2() {
        Run r = run(SSN_ONLY, "eval", "--gold", dir.resolve("absent.jsonl").toString());

        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void demoScanOnly_marksFindingsAndCountsThem() {
        Run r = run(SSN_ONLY, "demo", "--scan-only", "--color", "never");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("[SOCIAL_SECURITY_NUMBER: 123-45-6789]")
                .contains("findings per type")
                .contains("SOCIAL_SECURITY_NUMBER")
                .doesNotContain("\u001b[");
    }

    @Test
    void demoScanOnly_withDefaultDetectors_runs() {
        Run r = run(new PhiCommand(), "demo", "--scan-only");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("DISCHARGE SUMMARY").contains("total");
    }

    @Test
    void demoScanOnly_color_usesAnsiEscapes() {
        Run r = run(SSN_ONLY, "demo", "--scan-only", "--color", "always");

        assertThat(r.out()).contains("\u001b[");
    }

    @Test
    void noCommand_exits2_withUsage() {
        Run r = run(SSN_ONLY);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: phi");
    }

    @Test
    void version_exits0() {
        Run r = run(SSN_ONLY, "--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("phi-safe ");
    }

    @Test
    void unknownCommand_exits2() {
        Run r = run(SSN_ONLY, "frobnicate");

        assertThat(r.exit()).isEqualTo(2);
    }
}
