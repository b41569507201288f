package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.Checkpoint;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code phi evidence} in-process on a real journal (12 days, fixed clock per day) and real keyset files: exit 0
 * with exact figures, 1 for a tampered journal (and the page says so), 2 for bad usage, config, journal or key.
 */
class EvidenceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final String CANARY = "MRN-CANARY-5150";

    @TempDir
    static Path shared;
    static Path journal;
    static Path config;
    static Path pub;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PhiCommand.commandLine(new PhiCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void journalAndConfig() throws Exception {
        journal = shared.resolve("journal");
        KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyedHash key = KeyedHash.jdkHmacSha256(new byte[32], "audit-k1");
        Destination openai = Destination.builder("openai").model("gpt-4o").baa().build();
        for (int d = 0; d < 12; d++) {
            Instant day = START.plus(Duration.ofDays(d));
            // one journal session per day, its clock fixed to that day (epochs follow the events)
            try (AuditJournal j = AuditJournal.builder(journal).signingKey("k1", signing)
                    .clock(Clock.fixed(day, ZoneOffset.UTC)).build()) {
                for (int i = 0; i < 5; i++) {
                    j.record(AuditEvent.builder(AuditAction.DISCLOSE_TO_VENDOR).recorded(day.plusSeconds(i))
                            .outcome(AuditOutcome.SUCCESS).principal("u-1").serviceAccount("svc-chat")
                            .component("phi-langchain4j/chat").destination(openai).purpose(Purpose.TREATMENT)
                            .phiCount(PhiType.NAME, 2).phiCount(PhiType.PHONE_NUMBER, d % 3 == 0 ? 1 : 0)
                            .subject(key, CANARY).queryRef(key, "Jane Canary's chart").build());
                }
                if (d % 4 == 0) {
                    j.record(AuditEvent.builder(AuditAction.POLICY_BLOCK).recorded(day.plusSeconds(60))
                            .outcome(AuditOutcome.SERIOUS_FAILURE).serviceAccount("svc-chat")
                            .component("phi-langchain4j/chat").reasonCode("no-baa").policy("safe-harbor", "1")
                            .build());
                }
            }
        }
        pub = shared.resolve("journal.pub");
        Files.writeString(pub, Checkpoint.verifierKey("k1", signing.getPublic()));
        config = shared.resolve("evidence.yaml");
        Files.writeString(config, String.join("\n",
                "deployment: clinic-b/chat",
                "components:",
                "  - name: chat",
                "    serviceAccount: svc-chat",
                "    destinations: [{vendor: openai, model: gpt-4o, baa: true}]",
                "    policies: {TREATMENT: pseudonymized}",
                "keys: {rotationDays: 90}",
                ""), StandardCharsets.UTF_8);
    }

    @Test
    void intactJournal_exit0_writesHtmlJsonAndVerificationWithExactFigures() throws Exception {
        Path out = shared.resolve("out-ok");
        Run r = run("evidence", "--config", config.toString(), "--journal", journal.toString(), "--out",
                out.toString(), "--public-key", pub.toString(), "--from", "2026-03-02", "--to", "2026-03-13");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("journal intact: 63 records");
        JsonNode j = JSON.readTree(Files.readString(out.resolve("evidence.json")));
        assertThat(j.get("period").get("days").asLong()).isEqualTo(12);
        assertThat(j.get("events").get("inPeriod").asLong()).isEqualTo(63);      // 12*5 disclosures + 3 blocks
        assertThat(j.get("phiFiltered").get("byType").get("NAME").asLong()).isEqualTo(120);
        assertThat(j.get("phiFiltered").get("byType").get("PHONE_NUMBER").asLong()).isEqualTo(4 * 5);
        assertThat(j.get("disclosures").get("toBaa").asLong()).isEqualTo(60);
        assertThat(j.get("policyBlocks").get("byReason").get("no-baa").asLong()).isEqualTo(3);
        assertThat(j.get("journal").get("epochs").toString()).isEqualTo("[\"2026-03\"]");
        String html = Files.readString(out.resolve("index.html"));
        for (String id : List.of("164.312(a)(1)", "164.312(a)(2)(iv)", "164.312(b)", "164.312(c)(1)",
                "164.312(c)(2)", "164.312(e)(1)", "CC6.1", "CC6.2", "CC6.3", "CC6.7", "CC7.2", "CC7.3", "PI1")) {
            assertThat(html).contains(id);
        }
        assertThat(html).contains("id=\"chart-phi-per-day\"").contains("verified <b>INTACT</b>");
        assertThat(Files.readString(out.resolve("journal-verification.txt"))).startsWith("journal intact: 63 records");
        for (Path f : List.of(out.resolve("index.html"), out.resolve("evidence.json"))) {
            assertThat(Files.readString(f)).doesNotContain(CANARY).doesNotContain("Jane").doesNotContain("u-1");
        }
    }

    @Test
    void tamperedJournal_exit1_reportWrittenAndSaysSo() throws Exception {
        Path copy = shared.resolve("tampered");
        Files.createDirectories(copy);
        try (var files = Files.list(journal)) {
            for (Path p : files.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        Path records = copy.resolve("records-2026-03.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(records, StandardCharsets.UTF_8));
        lines.remove(20);                                    // a deleted record
        Files.write(records, lines, StandardCharsets.UTF_8);
        Path out = shared.resolve("out-tampered");
        Run r = run("evidence", "--config", config.toString(), "--journal", copy.toString(), "--out", out.toString(),
                "--public-key", pub.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("JOURNAL VERIFICATION FAILED (TAMPERED)");
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("JOURNAL VERIFICATION FAILED (TAMPERED)").contains("class=\"st FAILED\"");
        assertThat(JSON.readTree(Files.readString(out.resolve("evidence.json"))).get("journal").get("intact")
                .asBoolean()).isFalse();
        assertThat(Files.readString(out.resolve("journal-verification.txt"))).contains("journal NOT intact");
    }

    @Test
    void keyring_tenantKeysInInventory_patientKeysetsCountedNeverNamed() throws Exception {
        Path dir = shared.resolve("keyring");
        Files.createDirectories(dir);
        String kek = run("keys", "init-kek", "--file", dir.resolve("kek.json").toString()).out().strip();
        Path keys = dir.resolve("keys");
        assertThat(run("keys", "create", "--keys", keys.toString(), "--kek", kek, "--tenant", "tenant-a",
                "--purpose", "aead").exit()).isZero();
        assertThat(run("keys", "rotate", "--keys", keys.toString(), "--kek", kek, "--tenant", "tenant-a",
                "--purpose", "aead").exit()).isZero();
        assertThat(run("keys", "create", "--keys", keys.toString(), "--kek", kek, "--tenant", "tenant-a",
                "--patient", "pt-CANARY77", "--purpose", "aead").exit()).isZero();
        Path out = shared.resolve("out-keys");
        Run r = run("evidence", "--config", config.toString(), "--journal", journal.toString(), "--out",
                out.toString(), "--public-key", pub.toString(), "--keys", keys.toString(), "--kek", kek);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 per-patient keysets counted, not listed");
        JsonNode entries = JSON.readTree(Files.readString(out.resolve("evidence.json"))).get("inventory")
                .get("keys").get("entries");
        assertThat(entries).hasSize(2);
        List<String> statuses = new ArrayList<>();
        for (JsonNode e : entries) {
            assertThat(e.get("keyset").asText()).isEqualTo("tenant-a/aead");
            assertThat(e.get("keyId").asText()).matches("[0-9a-f]{8}");
            statuses.add(e.get("status").asText());
        }
        assertThat(statuses).containsExactlyInAnyOrder("PRIMARY", "ENABLED");
        for (String f : List.of("index.html", "evidence.json", "journal-verification.txt")) {
            assertThat(Files.readString(out.resolve(f))).doesNotContain("CANARY77");
        }
    }

    @Test
    void badUsage_exit2_withClearMessages() throws Exception {
        String c = config.toString();
        String j = journal.toString();
        String o = shared.resolve("out-bad").toString();
        Run r = run("evidence", "--config", c, "--journal", j, "--out", o, "--from", "2026-03-02");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("both --from and --to");
        r = run("evidence", "--config", c, "--journal", j, "--out", o, "--from", "2026-03-02", "--to", "03/13/2026");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--to must be a date").doesNotContain("03/13/2026");
        r = run("evidence", "--config", c, "--journal", j, "--out", o, "--from", "2026-03-13", "--to", "2026-03-02");
        assertThat(r.exit()).isEqualTo(2);
        r = run("evidence", "--config", c, "--journal", shared.resolve("nope").toString(), "--out", o);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("audit journal unreadable");
        r = run("evidence", "--config", c, "--journal", j, "--out", o, "--keys", shared.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--keys and --kek go together");
        Path badKey = shared.resolve("bad.pub");
        Files.writeString(badKey, "not a key");
        r = run("evidence", "--config", c, "--journal", j, "--out", o, "--public-key", badKey.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not an Ed25519 key");
        r = run("evidence", "--journal", j, "--out", o);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(Files.exists(Path.of(o))).isFalse();
    }

    @Test
    void invalidConfig_exit2_namesFileLineField_neverEchoesTheValue() throws Exception {
        Path bad = shared.resolve("bad.yaml");
        Files.writeString(bad, "deployment: d\ncomponents:\n  - name: chat\n    serviceAccount: 'Jane Canary 555-867-5309'\n");
        Run r = run("evidence", "--config", bad.toString(), "--journal", journal.toString(), "--out",
                shared.resolve("out-badcfg").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid configuration: " + bad + ":4:").contains("components[0].serviceAccount")
                .doesNotContain("Jane").doesNotContain("867");
        assertThat(Files.exists(shared.resolve("out-badcfg"))).isFalse();
    }
}
