package dev.phisafe.core.evidence;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.KeyedDigest;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A realistic 30-day journal (2026-06-20 .. 2026-07-19, two monthly epochs) written through the real
 * {@link AuditJournal} with a clock that follows the events, plus one event the day before the period. The expected
 * figures are derived in {@link EvidenceReportTest}. Canary values are planted in every field a caller can reach.
 */
final class EvidenceFixture {
    static final Instant START = Instant.parse("2026-06-20T08:00:00Z");
    static final String[] CANARIES = {"CANARY-MRN-998877", "Jane Canary", "canary-principal", "canary-conv",
        "canary-inv", "canary-draft", "canary-record", "Canary Query Text", "canary-role"};

    static final String CONFIG = String.join("\n",
            "deployment: clinic-a/scribe",
            "environment: prod",
            "components:",
            "  - name: discharge-scribe",
            "    serviceAccount: svc-scribe",
            "    auditComponents: [phi-langchain4j/chat, phi-core/review]",
            "    destinations:",
            "      - {vendor: openai, model: gpt-4o, baa: true}",
            "      - {vendor: local, model: llama3, baa: false, inHouse: true}",
            "    policies: {TREATMENT: pseudonymized}",
            "    reviewRequired: true",
            "    vectorStore: dcpe",
            "    integrityCheck: fail-request",
            "    outputScan: true",
            "    patientScoped: true",
            "  - name: research-summarizer",
            "    serviceAccount: svc-research",
            "    auditComponents: [phi-langchain4j/retriever, phi-langchain4j/store]",
            "    destinations:",
            "      - {vendor: cohere, model: command-r, baa: false}",
            "    policies: {RESEARCH: safe-harbor}",
            "    vectorStore: aead",
            "    integrityCheck: drop-segment",
            "retention: {auditYears: 6, legalHold: false, vaultTtlHours: 24}",
            "keys:",
            "  rotationDays: 365",
            "  entries:",
            "    - {keyset: tenant-a/aead, keyId: 1a2b3c4d, created: 2025-01-10, rotated: 2026-07-05}",
            "    - {keyset: tenant-a/aead, keyId: 0a0b0c0d, created: 2025-01-10, status: enabled}",
            "    - {keyset: tenant-a/mac, keyId: 5e6f7a8b, created: 2025-03-01}",
            "review: {deadlineHours: 24, minDwellSeconds: 20, separationOfDuties: true, autoApprove: false}",
            "audit: {checkpointEvery: 50, witness: false}",
            "");

    private EvidenceFixture() {
    }

    /** A clock the test moves to each event's time, so epochs follow the events. */
    static final class MovingClock extends Clock {
        volatile Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static KeyPair signingKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** Writes the 30-day journal into {@code dir}. */
    static void writeJournal(Path dir, KeyPair signing) {
        KeyedHash key = KeyedHash.jdkHmacSha256(new byte[32], "audit-k1");
        MovingClock clock = new MovingClock();
        Destination openai = Destination.builder("openai").model("gpt-4o").baa().build();
        Destination local = Destination.builder("local").model("llama3").inHouse().build();
        Destination cohere = Destination.builder("cohere").model("command-r").build();
        Destination mystery = Destination.builder("mystery-ai").model("m1").build();
        try (AuditJournal j = AuditJournal.builder(dir).signingKey("audit-signer", signing).checkpointEvery(50)
                .clock(clock).build()) {
            Recorder r = new Recorder(j, clock, key);
            // the day before the period: read, not counted
            r.at(START.minus(Duration.ofDays(1)), disclose(openai, "svc-scribe").phiCount(PhiType.NAME, 9));
            for (int d = 0; d < 30; d++) {
                Instant day = START.plus(Duration.ofDays(d));
                for (int i = 0; i < 3; i++) {
                    r.at(day.plusSeconds(60 * i), disclose(openai, null).phiCount(PhiType.NAME, 2)
                            .phiCount(PhiType.DATE, 1));
                }
                if (d % 2 == 0) {
                    r.at(day.plusSeconds(300), disclose(cohere, "svc-research").purpose(Purpose.RESEARCH)
                            .phiCount(PhiType.NAME, 1).phiCount(PhiType.GEOGRAPHIC_LOCATION, 1));
                }
                r.at(day.plusSeconds(400), disclose(local, null).phiCount(PhiType.MEDICAL_RECORD_NUMBER, 1));
                for (int i = 0; i < 2; i++) {
                    r.at(day.plusSeconds(500 + i), chat(AuditAction.REIDENTIFY, AuditOutcome.SUCCESS)
                            .measure("restored", 3));
                }
                if (d % 7 == 3) {
                    r.at(day.plusSeconds(700), chat(AuditAction.POLICY_BLOCK, AuditOutcome.SERIOUS_FAILURE)
                            .destination(cohere).policy("safe-harbor", "1").reasonCode("policy-block"));
                }
                review(r, d, day.plusSeconds(3600));
            }
            Instant t = START.plus(Duration.ofDays(10)).plusSeconds(7200);
            r.at(t, disclose(mystery, null).phiCount(PhiType.NAME, 1));
            r.at(START.plus(Duration.ofDays(5)).plusSeconds(7300),
                    chat(AuditAction.REIDENTIFY, AuditOutcome.SERIOUS_FAILURE).reasonCode("no-capability"));
            r.at(START.plus(Duration.ofDays(12)).plusSeconds(7400), base(AuditAction.ACCESS_DENIED,
                    AuditOutcome.SERIOUS_FAILURE, "phi-langchain4j/retriever").reasonCode("wrong-patient"));
            for (int i = 0; i < 2; i++) {
                r.at(START.plus(Duration.ofDays(8)).plusSeconds(7500 + i), base(AuditAction.INTEGRITY_FAILURE,
                        AuditOutcome.MINOR_FAILURE, "phi-langchain4j/store").reasonCode("decryption-failed"));
            }
            r.at(START.plus(Duration.ofDays(21)).plusSeconds(7600), base(AuditAction.INTEGRITY_FAILURE,
                    AuditOutcome.MINOR_FAILURE, "phi-langchain4j/store").reasonCode("envelope-malformed"));
            r.at(START.plus(Duration.ofDays(1)).plusSeconds(7700), AuditEvent.builder(AuditAction.KEY_OPERATION)
                    .outcome(AuditOutcome.SUCCESS).serviceAccount("phi-safe").component("phi-tink/keyring")
                    .detail("operation", "create").keyId("5e6f7a8b"));
            r.at(START.plus(Duration.ofDays(15)).plusSeconds(7800), AuditEvent.builder(AuditAction.KEY_OPERATION)
                    .outcome(AuditOutcome.SUCCESS).serviceAccount("phi-safe").component("phi-tink/keyring")
                    .detail("operation", "rotate").keyId("1a2b3c4d"));
            r.at(START.plus(Duration.ofDays(2)).plusSeconds(7900), AuditEvent.builder(AuditAction.QUERY)
                    .outcome(AuditOutcome.SUCCESS).principal("u-9").component("rogue/agent")
                    .purpose(Purpose.TREATMENT));
        }
    }

    /** Day d: one draft; rejected (d%5==0), edited (d%5==1), pending (d==29), else approved; day 4 late, 13 self. */
    private static void review(Recorder r, int d, Instant submitted) {
        String draft = "canary-draft-" + d;
        r.at(submitted, reviewEvent(AuditAction.DRAFT_SUBMITTED, draft, "canary-principal-clin-a"));
        if (d == 29) {
            return;
        }
        String decision;
        long after;
        if (d % 5 == 0) {
            decision = "REJECTED";
            after = 1800;
        } else if (d % 5 == 1) {
            decision = "EDITED_AND_APPROVED";
            after = 7200;
        } else {
            decision = "APPROVED";
            after = d == 4 ? 30 * 3600 : 600;
        }
        String reviewer = d == 13 ? "canary-principal-clin-a" : "canary-principal-clin-b";
        Instant decided = submitted.plusSeconds(after);
        r.at(decided, reviewEvent(AuditAction.REVIEW_DECISION, draft, reviewer).detail("decision", decision)
                .measure("dwell-ms", d == 13 ? 5_000 : 60_000)
                .digest("draft-text", KeyedDigest.of(r.key, "Canary Query Text note " + d)));
        if (!decision.equals("REJECTED")) {
            r.at(decided.plusSeconds(decision.equals("APPROVED") ? 60 : 300),
                    reviewEvent(AuditAction.RECORD_COMMIT, draft, reviewer).detail("phase", "done"));
        }
    }

    private static AuditEvent.Builder reviewEvent(AuditAction a, String draft, String principal) {
        return AuditEvent.builder(a).outcome(AuditOutcome.SUCCESS).component("phi-core/review")
                .principal(principal).serviceAccount("svc-scribe").detail("draft", draft);
    }

    private static AuditEvent.Builder disclose(Destination dest, String serviceAccount) {
        AuditEvent.Builder b = chat(AuditAction.DISCLOSE_TO_VENDOR, AuditOutcome.SUCCESS).destination(dest)
                .policy("pseudonymized", "2");
        if (serviceAccount != null) {
            b.serviceAccount(serviceAccount);
        }
        return b;
    }

    private static AuditEvent.Builder chat(AuditAction a, AuditOutcome o) {
        return base(a, o, "phi-langchain4j/chat");
    }

    private static AuditEvent.Builder base(AuditAction a, AuditOutcome o, String component) {
        return AuditEvent.builder(a).outcome(o).component(component).principal("canary-principal-clin-b")
                .role("canary-role").purpose(Purpose.TREATMENT).conversation("canary-conv-1")
                .invocationId("canary-inv-1");
    }

    /** Records with the clock at the event's time; plants keyed digests of canary values. */
    private static final class Recorder {
        final AuditJournal journal;
        final MovingClock clock;
        final KeyedHash key;

        Recorder(AuditJournal journal, MovingClock clock, KeyedHash key) {
            this.journal = journal;
            this.clock = clock;
            this.key = key;
        }

        void at(Instant t, AuditEvent.Builder b) {
            clock.now = t;
            journal.record(b.recorded(t).subject(key, "CANARY-MRN-998877 Jane Canary")
                    .recordRef(key, "canary-record-1").queryRef(key, "Canary Query Text: Jane Canary SSN 123-45-6789")
                    .keyId("audit-k1").build());
        }
    }
}
