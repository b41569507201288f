package dev.phisafe.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.audit.JournalVerification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FROM = LocalDate.parse("2026-06-20");
    private static final LocalDate TO = LocalDate.parse("2026-07-19");

    @TempDir
    static Path shared;
    static Path journal;
    static KeyPair signing;
    static EvidenceReport report;
    static JsonNode json;
    static String html;

    @BeforeAll
    static void buildOnce() throws Exception {
        journal = shared.resolve("journal");
        signing = EvidenceFixture.signingKey();
        EvidenceFixture.writeJournal(journal, signing);
        report = EvidenceReport.builder().config(EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true))
                .journal(journal).trustedKey(signing.getPublic()).period(FROM, TO)
                .clock(Clock.fixed(Instant.parse("2026-07-20T06:00:00Z"), ZoneOffset.UTC)).build();
        report.writeTo(shared.resolve("out"));
        json = JSON.readTree(Files.readString(shared.resolve("out/evidence.json")));
        html = Files.readString(shared.resolve("out/index.html"));
    }

    private static Map<String, Long> longs(JsonNode n) {
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            m.put(e.getKey(), e.getValue().asLong());
        }
        return m;
    }

    @Test
    void journal_realisticMonth_verifiedIntactAndPartOfTheReport() {
        JsonNode j = json.get("journal");
        assertThat(j.get("status").asText()).isEqualTo("INTACT");
        assertThat(j.get("records").asLong()).isEqualTo(291);
        assertThat(j.get("epochs").toString()).isEqualTo("[\"2026-06\",\"2026-07\"]");
        assertThat(j.get("publicKeyPinned").asBoolean()).isTrue();
        assertThat(j.get("checkpoints").asLong()).isGreaterThanOrEqualTo(291 / 50);
        assertThat(report.journalIntact()).isTrue();
        assertThat(json.get("schema").asText()).isEqualTo("phisafe-evidence/1");
        assertThat(json.get("period").get("days").asLong()).isEqualTo(30);
    }

    @Test
    void events_countedPerActionOutcomeAndComponent_dayBeforePeriodExcluded() {
        JsonNode e = json.get("events");
        assertThat(e.get("read").asLong()).isEqualTo(291);
        assertThat(e.get("inPeriod").asLong()).isEqualTo(290);
        assertThat(e.get("complete").asBoolean()).isTrue();
        Map<String, Long> byAction = longs(e.get("byAction"));
        assertThat(byAction).containsEntry("DISCLOSE_TO_VENDOR", 136L).containsEntry("REIDENTIFY", 61L)
                .containsEntry("POLICY_BLOCK", 4L).containsEntry("ACCESS_DENIED", 1L)
                .containsEntry("INTEGRITY_FAILURE", 3L).containsEntry("KEY_OPERATION", 2L).containsEntry("QUERY", 1L)
                .containsEntry("DRAFT_SUBMITTED", 30L).containsEntry("REVIEW_DECISION", 29L)
                .containsEntry("RECORD_COMMIT", 23L).containsEntry("RETRIEVE", 0L);
        assertThat(longs(e.get("byOutcome"))).containsEntry("SUCCESS", 281L).containsEntry("MINOR_FAILURE", 3L)
                .containsEntry("SERIOUS_FAILURE", 6L).containsEntry("MAJOR_FAILURE", 0L);
        assertThat(longs(e.get("byComponent"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "discharge-scribe", 268L, "research-summarizer", 19L, "phi-safe", 2L));
        assertThat(e.get("unattributed").asLong()).isEqualTo(1);
        assertThat(longs(e.get("unattributedByComponent"))).containsExactly(Map.entry("rogue/agent", 1L));
        assertThat(e.get("distinctPrincipals").asLong()).isEqualTo(3);
    }

    @Test
    void phiFiltered_perTypeAndPerDay_exact() {
        JsonNode p = json.get("phiFiltered");
        assertThat(p.get("total").asLong()).isEqualTo(331);
        assertThat(longs(p.get("byType"))).containsEntry("NAME", 196L).containsEntry("DATE", 90L)
                .containsEntry("GEOGRAPHIC_LOCATION", 15L).containsEntry("MEDICAL_RECORD_NUMBER", 1L * 30)
                .containsEntry("SOCIAL_SECURITY_NUMBER", 0L);
        JsonNode days = p.get("perDay");
        assertThat(days).hasSize(30);
        assertThat(days.get(0).get("date").asText()).isEqualTo("2026-06-20");
        assertThat(days.get(0).get("total").asLong()).isEqualTo(12);
        assertThat(longs(days.get(0).get("byType"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "NAME", 7L, "DATE", 3L, "GEOGRAPHIC_LOCATION", 1L, "MEDICAL_RECORD_NUMBER", 1L));
        assertThat(days.get(1).get("total").asLong()).isEqualTo(10);
        assertThat(days.get(10).get("total").asLong()).isEqualTo(13);
        assertThat(days.get(29).get("date").asText()).isEqualTo("2026-07-19");
    }

    @Test
    void disclosures_perDestinationWithBaaStatus_undeclaredDestinationFlagged() {
        JsonNode d = json.get("disclosures");
        assertThat(d.get("total").asLong()).isEqualTo(136);
        assertThat(d.get("toBaa").asLong()).isEqualTo(90);
        assertThat(d.get("toNonBaa").asLong()).isEqualTo(16);
        assertThat(d.get("inHouse").asLong()).isEqualTo(30);
        assertThat(d.get("toUndeclared").asLong()).isEqualTo(1);
        assertThat(d.get("phiItemsMinimisedForNonBaa").asLong()).isEqualTo(31);
        List<String> rows = new ArrayList<>();
        for (JsonNode x : d.get("byDestination")) {
            rows.add(x.get("vendor").asText() + "/" + x.get("model").asText() + " baa=" + x.get("baa").asBoolean()
                    + " declared=" + x.get("declared").asBoolean() + " n=" + x.get("disclosures").asLong()
                    + " phi=" + x.get("phiItemsMinimised").asLong());
        }
        assertThat(rows).containsExactly(
                "cohere/command-r baa=false declared=true n=15 phi=30",
                "local/llama3 baa=false declared=true n=30 phi=30",
                "mystery-ai/m1 baa=false declared=false n=1 phi=1",
                "openai/gpt-4o baa=true declared=true n=90 phi=270");
    }

    @Test
    void blocksReidentificationsDenialsIntegrityAndKeys_exact() {
        JsonNode b = json.get("policyBlocks");
        assertThat(b.get("total").asLong()).isEqualTo(4);
        assertThat(longs(b.get("byReason"))).containsExactly(Map.entry("policy-block", 4L));
        assertThat(longs(b.get("byPolicy"))).containsExactly(Map.entry("safe-harbor", 4L));
        assertThat(b.get("perDay").get(3).toString()).isEqualTo("{\"date\":\"2026-06-23\",\"count\":1}");
        assertThat(b.get("perDay").get(4).get("count").asLong()).isZero();

        JsonNode r = json.get("reidentifications");
        assertThat(r.get("total").asLong()).isEqualTo(60);
        assertThat(r.get("refused").asLong()).isEqualTo(1);
        assertThat(r.get("itemsRestored").asLong()).isEqualTo(180);
        assertThat(longs(r.get("byPurpose"))).containsExactly(Map.entry("TREATMENT", 61L));

        assertThat(longs(json.get("accessDenied").get("byReason"))).containsExactly(Map.entry("wrong-patient", 1L));

        JsonNode i = json.get("integrityFailures");
        assertThat(i.get("total").asLong()).isEqualTo(3);
        assertThat(longs(i.get("byReason"))).containsExactly(Map.entry("decryption-failed", 2L),
                Map.entry("envelope-malformed", 1L));
        assertThat(longs(i.get("byComponent"))).containsExactly(Map.entry("phi-langchain4j/store", 3L));
        assertThat(i.get("perDay").get(8).get("count").asLong()).isEqualTo(2);
        assertThat(i.get("perDay").get(21).get("count").asLong()).isEqualTo(1);

        JsonNode k = json.get("keyOperations");
        assertThat(k.get("total").asLong()).isEqualTo(2);
        assertThat(longs(k.get("byOperation"))).containsExactly(Map.entry("create", 1L), Map.entry("rotate", 1L));
        assertThat(k.get("keyIdsInEvents").toString()).isEqualTo("[\"1a2b3c4d\",\"5e6f7a8b\",\"audit-k1\"]");
    }

    @Test
    void review_outcomesTurnaroundAndFindings_exact() {
        JsonNode r = json.get("review");
        assertThat(longs(r).entrySet().stream().filter(e -> !e.getKey().equals("turnaround")
                && !e.getKey().equals("decisionToCommit")).toList()).containsExactlyInAnyOrder(
                Map.entry("submitted", 30L), Map.entry("approved", 17L), Map.entry("editedAndApproved", 6L),
                Map.entry("rejected", 6L), Map.entry("committed", 23L), Map.entry("commitFailures", 0L),
                Map.entry("expired", 0L), Map.entry("withdrawn", 0L), Map.entry("pendingAtEnd", 1L),
                Map.entry("decisionsHashBound", 29L), Map.entry("selfApprovals", 1L),
                Map.entry("belowMinDwell", 1L), Map.entry("pastDeadline", 1L),
                Map.entry("commitsWithoutApproval", 0L));
        JsonNode t = r.get("turnaround");
        assertThat(t.get("count").asLong()).isEqualTo(29);
        assertThat(t.get("medianSeconds").asLong()).isEqualTo(600);
        assertThat(t.get("p90Seconds").asLong()).isEqualTo(7200);
        assertThat(t.get("maxSeconds").asLong()).isEqualTo(30 * 3600);
        assertThat(t.get("buckets").toString())
                .isEqualTo("{\"under15m\":16,\"15mTo1h\":6,\"1hTo4h\":6,\"4hTo24h\":0,\"over24h\":1}");
        JsonNode c = r.get("decisionToCommit");
        assertThat(c.get("count").asLong()).isEqualTo(23);
        assertThat(c.get("medianSeconds").asLong()).isEqualTo(60);
        assertThat(c.get("maxSeconds").asLong()).isEqualTo(300);
    }

    @Test
    void controls_eachMappedWithVerdictAndLiveFigures() {
        Map<String, String> status = new TreeMap<>();
        for (JsonNode c : json.get("controls")) {
            status.put(c.get("framework").asText() + " " + c.get("id").asText(), c.get("status").asText());
        }
        assertThat(status).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("HIPAA 164.312(a)(1)", "EXCEPTIONS"),       // one event from an undeclared component
                Map.entry("HIPAA 164.312(a)(2)(iv)", "EXCEPTIONS"),   // mac key created 2025-03-01, not rotated
                Map.entry("HIPAA 164.312(b)", "OPERATED"),
                Map.entry("HIPAA 164.312(c)(1)", "OPERATED"),
                Map.entry("HIPAA 164.312(c)(2)", "OPERATED"),
                Map.entry("HIPAA 164.312(e)(1)", "EXCEPTIONS"),       // mystery-ai is not declared
                Map.entry("SOC2 CC6.1", "EXCEPTIONS"),
                Map.entry("SOC2 CC6.2", "EXCEPTIONS"),                // one self-approval
                Map.entry("SOC2 CC6.3", "OPERATED"),
                Map.entry("SOC2 CC6.7", "EXCEPTIONS"),
                Map.entry("SOC2 CC7.2", "OPERATED"),
                Map.entry("SOC2 CC7.3", "SUPPORTED"),
                Map.entry("SOC2 PI1", "EXCEPTIONS")));
        JsonNode enc = json.get("controls").get(1);
        assertThat(enc.get("figures").get("keysOverdueRotation").asLong()).isEqualTo(1);
        assertThat(enc.get("figures").get("primaryKeys").asLong()).isEqualTo(2);
        assertThat(enc.get("exceptions").get(0).asText()).contains("1 primary key(s) older than");
        JsonNode audit = json.get("controls").get(2);
        assertThat(audit.get("figures").get("eventsInPeriod").asLong()).isEqualTo(290);
        assertThat(json.get("controls").get(12).get("figures").get("committed").asLong()).isEqualTo(23);
    }

    @Test
    void inventoryAndRisks_describeTheConfiguredDeployment() {
        JsonNode inv = json.get("inventory");
        assertThat(inv.get("components")).hasSize(2);
        assertThat(inv.get("components").get(0).get("serviceAccount").asText()).isEqualTo("svc-scribe");
        assertThat(inv.get("components").get(1).get("destinations").get(0).get("baa").asBoolean()).isFalse();
        JsonNode keys = inv.get("keys").get("entries");
        assertThat(keys).hasSize(3);
        assertThat(keys.get(0).get("rotationDue").asText()).isEqualTo("2027-07-05");
        assertThat(keys.get(1).get("rotationDue").isNull()).isTrue();
        assertThat(keys.get(2).get("overdue").asBoolean()).isTrue();
        assertThat(inv.get("retention").get("auditYears").asLong()).isEqualTo(6);
        List<String> risks = new ArrayList<>();
        for (JsonNode r : json.get("risks")) {
            risks.add(r.get("id").asText());
            assertThat(r.get("addresses")).isNotEmpty();
            assertThat(r.get("gaps")).isNotEmpty();
        }
        assertThat(risks).containsExactly("model-inversion", "prompt-injection", "supply-chain",
                "training-data-leakage", "embedding-inversion");
        assertThat(json.get("risks").get(4).get("gaps").toString()).contains("research-summarizer");
    }

    @Test
    void html_selfContained_holdsEveryControlIdAndChart() {
        assertThat(html).startsWith("<!DOCTYPE html>");
        for (String id : List.of("164.312(a)(1)", "164.312(a)(2)(iv)", "164.312(b)", "164.312(c)(1)",
                "164.312(c)(2)", "164.312(e)(1)", "CC6.1", "CC6.2", "CC6.3", "CC6.7", "CC7.2", "CC7.3", "PI1")) {
            assertThat(html).contains(id);
        }
        for (String chart : HtmlPage.CHARTS) {
            assertThat(html).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + chart + "\"");
        }
        // bars are drawn: 30 days of PHI, 4 blocks, 3 integrity failures
        assertThat(count(html, "<rect")).isGreaterThan(30 * 3);
        assertThat(html).contains("Audit journal verified <b>INTACT</b>").contains("model-inversion")
                .contains("embedding-inversion").contains("svc-research").contains("2027-07-05");
        // no script, no external fetch
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("@import").doesNotContain("url(");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void outputs_holdNoCanaryNoPrincipalNoDigest() throws Exception {
        String all = html + json + Files.readString(shared.resolve("out/journal-verification.txt"));
        for (String c : EvidenceFixture.CANARIES) {
            assertThat(all).doesNotContainIgnoringCase(c);
        }
        assertThat(all).doesNotContain("123-45-6789").doesNotContain("u-9");
        // no MAC value from the journal reaches the report
        String records = Files.readString(journal.resolve("records-2026-06.jsonl"));
        int at = records.indexOf("\"mac\":\"") + 7;
        String mac = records.substring(at, records.indexOf('"', at));
        assertThat(mac).hasSizeGreaterThan(20);
        assertThat(all).doesNotContain(mac);
        assertThat(report.toString()).doesNotContain("canary");
    }

    @Test
    void writeTo_writesTheThreeFiles_verificationCopyMatchesTheVerdict() throws Exception {
        assertThat(Files.list(shared.resolve("out")).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("evidence.json", "index.html", "journal-verification.txt");
        assertThat(Files.readString(shared.resolve("out/journal-verification.txt")))
                .startsWith("journal intact: 291 records").contains("public key: pinned");
    }

    @Test
    void tamperedJournal_reportStillWritten_saysSoAndFailsJournalControls(@TempDir Path dir) throws Exception {
        Path j = dir.resolve("journal");
        copy(journal, j);
        Path f = j.resolve("records-2026-06.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
        int target = 40;
        assertThat(lines.get(target)).contains("\"NAME\":2");
        lines.set(target, lines.get(target).replaceFirst("\"NAME\":2", "\"NAME\":7"));
        Files.write(f, lines, StandardCharsets.UTF_8);

        EvidenceReport r = EvidenceReport.builder()
                .config(EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true))
                .journal(j).trustedKey(signing.getPublic()).period(FROM, TO).build();
        assertThat(r.journalIntact()).isFalse();
        assertThat(r.verification().status()).isEqualTo(JournalVerification.Status.TAMPERED);
        String page = r.toHtml();
        assertThat(page).contains("JOURNAL VERIFICATION FAILED (TAMPERED)")
                // the altered record's successor no longer links to it
                .contains("records-2026-06.jsonl:" + (target + 2) + ": CHAIN_BROKEN");
        JsonNode tj = JSON.readTree(r.toJson());
        assertThat(tj.get("journal").get("intact").asBoolean()).isFalse();
        Map<String, String> status = new TreeMap<>();
        for (JsonNode c : tj.get("controls")) {
            status.put(c.get("id").asText(), c.get("status").asText());
        }
        assertThat(status).containsEntry("164.312(b)", "FAILED").containsEntry("164.312(c)(1)", "FAILED")
                .containsEntry("CC7.2", "FAILED").containsEntry("PI1", "FAILED")
                .containsEntry("164.312(a)(2)(iv)", "EXCEPTIONS");   // from configuration, not the journal
        assertThat(r.verificationText()).contains("journal NOT intact");
    }

    @Test
    void unpinnedKey_authenticationControlHasAnException() {
        EvidenceReport r = EvidenceReport.builder()
                .config(EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true))
                .journal(journal).period(FROM, TO).build();
        Control c = r.controls.stream().filter(x -> x.id().equals("164.312(c)(2)")).findFirst().orElseThrow();
        assertThat(c.status()).isEqualTo(Control.Status.EXCEPTIONS);
        assertThat(c.exceptions().get(0)).contains("not a pinned key");
    }

    @Test
    void defaultPeriod_spansFirstToLastEvent() {
        EvidenceReport r = EvidenceReport.builder()
                .config(EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true))
                .journal(journal).trustedKey(signing.getPublic()).build();
        assertThat(r.from()).isEqualTo(LocalDate.parse("2026-06-19"));
        assertThat(r.to()).isEqualTo(LocalDate.parse("2026-07-19"));
        assertThat(r.tally.eventsInPeriod).isEqualTo(291);
    }

    @Test
    void keysFromAKeyring_replaceAndExtendTheInventory() throws Exception {
        EvidenceReport r = EvidenceReport.builder()
                .config(EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true))
                .journal(journal).trustedKey(signing.getPublic()).period(FROM, TO)
                .key("tenant-a/mac", "5e6f7a8b", true, false, Instant.parse("2025-03-01T00:00:00Z"))
                .key("tenant-a/mac", "9c9d9e9f", true, true, Instant.parse("2026-07-01T00:00:00Z"))
                .build();
        JsonNode keys = JSON.readTree(r.toJson()).get("inventory").get("keys").get("entries");
        assertThat(keys).hasSize(4);
        assertThat(JSON.readTree(r.toJson()).get("controls").get(1).get("status").asText()).isEqualTo("OPERATED");
        assertThatThrownBy(() -> EvidenceReport.builder().key("tenant a", "k", true, true, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("tenant a");
    }

    @Test
    void badUse_clearErrors() {
        EvidenceConfig cfg = EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true);
        assertThatThrownBy(() -> EvidenceReport.builder().journal(journal).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("config");
        assertThatThrownBy(() -> EvidenceReport.builder().config(cfg).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("journal");
        assertThatThrownBy(() -> EvidenceReport.builder().config(cfg).config(cfg))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> EvidenceReport.builder().period(TO, FROM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
        assertThatThrownBy(() -> EvidenceReport.builder().period(FROM, FROM.plusDays(400)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400");
        assertThatThrownBy(() -> EvidenceReport.builder().config(cfg).journal(shared.resolve("missing")).build())
                .isInstanceOf(EvidenceUnavailableException.class).hasMessageContaining("unreadable");
        assertThatThrownBy(() -> EvidenceReport.builder().journal(null)).isInstanceOf(NullPointerException.class);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
