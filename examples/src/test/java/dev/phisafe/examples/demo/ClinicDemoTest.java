package dev.phisafe.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.audit.JournalVerification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClinicDemoTest {
    static final Clinic CLINIC = Clinic.load();
    /** Identifier types no vendor may see under either policy (dates are checked separately). */
    static final Set<String> DIRECT = Set.of("NAME", "MEDICAL_RECORD_NUMBER", "PHONE_NUMBER", "GEOGRAPHIC_LOCATION");
    static final List<DateTimeFormatter> FORMATS = List.of(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US),
            DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US));
    static final Pattern FULL_DATE = Pattern.compile("\\b\\d{2}/\\d{2}/\\d{4}\\b|\\b(January|February|March|April|May"
            + "|June|July|August|September|October|November|December) \\d{1,2}, \\d{4}\\b");

    record Run(DemoResult result, String printed) {
    }

    static Run run(Path out, Optional<VendorConfig> vendor) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DemoResult r;
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            r = ClinicDemo.run(new ClinicDemo.Options(out, vendor.isEmpty()), vendor, ps);
        }
        return new Run(r, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void offlineDemo_vendorSeesNoForbiddenPhi_storeHoldsCiphertext_reviewCommitsOnce_journalIntact(@TempDir Path out)
            throws Exception {
        Run run = run(out, Optional.empty());
        DemoResult r = run.result();

        assertThat(r.standIn()).isTrue();
        assertThat(run.printed()).contains("OFFLINE STAND-IN", "INTACT");
        assertThat(r.storedRows()).isEqualTo(CLINIC.notes().size());
        assertThat(r.plaintextHits()).isZero();

        assertThat(r.exchanges()).hasSize(5);
        assertThat(r.exchanges()).filteredOn(DemoResult.Exchange::baa).extracting(DemoResult.Exchange::policy)
                .containsOnly("pseudonymized v1");
        assertThat(r.exchanges()).filteredOn(e -> !e.baa()).singleElement().extracting(DemoResult.Exchange::policy)
                .asString().contains("no-baa");
        for (DemoResult.Exchange e : r.exchanges()) {
            assertVendorSawNoForbiddenPhi(e, e.vendorReceived());
            assertVendorSawNoForbiddenPhi(e, e.vendorAnswer());
            assertThat(e.vendorReceived()).contains("<NAME_1>");
            // the stand-in echoes placeholders; the clinician gets the originals back
            assertThat(e.vendorAnswer()).containsPattern("<[A-Z]+_\\d+>");
            assertThat(e.answer()).doesNotContainPattern("<[A-Z]+_\\d+>");
            if (e.vendorAnswer().contains("<NAME_1>")) {
                assertThat(e.answer()).contains(CLINIC.patient(e.patient()).name());
            }
        }
        DemoResult.Exchange noBaa = r.exchanges().stream().filter(e -> !e.baa()).findFirst().orElseThrow();
        assertThat(FULL_DATE.matcher(noBaa.vendorReceived()).find()).as("Safe Harbor: dates to the year only")
                .isFalse();

        DemoResult.Review review = r.review();
        assertThat(review.transitions()).containsExactly("PENDING", "IN_REVIEW", "EDITED_AND_APPROVED", "COMMITTING",
                "COMMITTED");
        assertThat(review.refusedSelf()).isEqualTo("reviewer-is-service-account");
        assertThat(review.commitRuns()).isEqualTo(1);
        assertThat(review.committedSha256()).isEqualTo(review.approvedSha256())
                .isEqualTo(ClinicDemo.sha256(review.committedText())).isNotEqualTo(review.draftSha256());

        JournalVerification v = r.journal();
        assertThat(v.status()).isEqualTo(JournalVerification.Status.INTACT);
        assertThat(v.records()).isGreaterThanOrEqualTo(25);
        assertThat(r.evidenceFiles()).extracting(p -> p.getFileName().toString())
                .contains("index.html", "evidence.json", "journal-verification.txt");
        assertThat(r.evidenceFiles()).allSatisfy(p -> assertThat(p).isRegularFile());
        assertThat(Files.readString(out.resolve("evidence/evidence.json"))).contains("\"toNonBaa\" : 1");

        // no PHI in the audit journal or the evidence package (canaries: every planted identifier)
        // (random ids and digests are taken out first: a UUID may hold a planted ZIP code's digits by chance, as
        // "…-0197038709d4" held "01970"; a value cannot leak into them, their shape is fixed)
        String written = readTree(out)
                .replaceAll("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "<uuid>")
                .replaceAll("\"[A-Za-z0-9_-]{43}\"", "\"<digest>\"");
        assertThat(written).contains("<uuid>").contains("<digest>");
        for (String value : ClinicDemo.distinctPlanted(CLINIC)) {
            assertThat(written).as("journal and evidence hold no identifier").doesNotContain(value);
        }
    }

    @Test
    void demoAgainstOpenAiCompatibleServer_configFromSystemProperties_onlyMinimizedPromptsCrossTheWire(
            @TempDir Path out) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        try (MockWebServer vendor = new MockWebServer()) {
            vendor.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    bodies.add(request.getBody() == null ? "" : request.getBody().utf8());
                    auth.add(request.getHeaders().get("Authorization"));
                    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body("""
                            {"id":"c1","object":"chat.completion","created":1,"model":"demo-model",
                             "choices":[{"index":0,"message":{"role":"assistant",
                               "content":"Per the notes, <NAME_1> is stable."},"finish_reason":"stop"}]}""")
                            .build();
                }
            });
            vendor.start();
            Optional<VendorConfig> config;
            System.setProperty("OPENAI_BASE_URL", vendor.url("/v1").toString());
            System.setProperty("OPENAI_API_KEY", "test-key-canary");
            System.setProperty("OPENAI_MODEL", "demo-model");
            try {
                config = VendorConfig.fromSystem();
            } finally {
                System.clearProperty("OPENAI_BASE_URL");
                System.clearProperty("OPENAI_API_KEY");
                System.clearProperty("OPENAI_MODEL");
            }
            assertThat(config).isPresent();
            assertThat(config.get().toString()).doesNotContain("test-key-canary");

            Run run = run(out, config);
            DemoResult r = run.result();

            assertThat(r.standIn()).isFalse();
            assertThat(run.printed()).doesNotContain("OFFLINE STAND-IN").doesNotContain("test-key-canary");
            assertThat(vendor.getRequestCount()).isEqualTo(5);
            assertThat(auth).containsOnly("Bearer test-key-canary");
            for (int i = 0; i < bodies.size(); i++) {
                DemoResult.Exchange e = r.exchanges().get(i);
                assertThat(bodies.get(i)).containsPattern("\"model\"\\s*:\\s*\"demo-model\"").contains("<NAME_1>");
                assertVendorSawNoForbiddenPhi(e, bodies.get(i));
                assertThat(e.answer()).isEqualTo("Per the notes, " + CLINIC.patient(e.patient()).name()
                        + " is stable.");
            }
            assertThat(r.review().commitRuns()).isEqualTo(1);
            assertThat(r.journal().intact()).isTrue();
        }
    }

    @Test
    void options_rejectUnknownAndIncompleteArguments() {
        assertThat(ClinicDemo.Options.parse("--out", "x", "--offline"))
                .isEqualTo(new ClinicDemo.Options(Path.of("x"), true));
        assertThat(ClinicDemo.Options.parse().out().toString()).startsWith("target" + java.io.File.separator
                + "phi-demo-");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ClinicDemo.Options.parse("--out")).withMessageContaining("--out");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ClinicDemo.Options.parse("--bogus")).withMessageContaining("--bogus");
    }

    /**
     * No name, MRN, phone or place of any patient; no real date of the patient asked about. Under the BAA policy a
     * shifted date may by chance spell another real date of the same patient: that one is allowed only if it is
     * exactly the shift of a real date.
     */
    static void assertVendorSawNoForbiddenPhi(DemoResult.Exchange e, String vendorText) {
        for (Clinic.Note n : CLINIC.notes()) {
            for (Clinic.Planted p : n.planted()) {
                if (DIRECT.contains(p.type())) {
                    assertThat(vendorText).as("%s of %s in question '%s'", p.type(), n.patient(), e.destination())
                            .doesNotContain(p.value());
                }
            }
        }
        List<String> realDates = new ArrayList<>();
        CLINIC.notesOf(e.patient()).forEach(n -> n.planted().stream().filter(p -> p.type().equals("DATE"))
                .forEach(p -> realDates.add(p.value())));
        for (String date : realDates) {
            if (vendorText.contains(date) && !(e.baa() && isShiftOfARealDate(date, e.dateShiftDays(), realDates))) {
                throw new AssertionError("a real date of " + e.patient() + " reached " + e.destination());
            }
        }
    }

    private static boolean isShiftOfARealDate(String date, int offset, List<String> realDates) {
        for (DateTimeFormatter f : FORMATS) {
            try {
                String original = f.format(LocalDate.parse(date, f).minusDays(offset));
                return realDates.contains(original);
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        return false;
    }

    private static String readTree(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                sb.append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return sb.toString();
    }
}
