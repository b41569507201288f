package dev.phisafe.examples;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.evidence.EvidenceConfig;
import dev.phisafe.core.evidence.EvidenceReport;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * The auditor's package (45 CFR 164.312(b) "examine activity"; SOC 2 CC6/CC7/PI1): describe the deployment, point
 * the report at the verified audit journal, write index.html + evidence.json. Same as {@code phi evidence}.
 */
public final class EvidenceReportExample {
    private EvidenceReportExample() {
    }

    static final String CONFIG = "deployment: clinic-a/chat\ncomponents:\n  - name: chat\n    serviceAccount: svc-chat\n"
            + "    destinations: [{vendor: openai, model: gpt-4o, baa: true}]\n    policies: {TREATMENT: pseudonymized}\n";

    /** Records two disclosures, then writes the evidence package into {@code dir/report}. */
    static EvidenceReport run(Path dir) throws Exception {
        KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (AuditJournal journal = AuditJournal.builder(dir.resolve("journal")).signingKey("k1", signing).build()) {
            for (int i = 0; i < 2; i++) {
                journal.record(AuditEvent.builder(AuditAction.DISCLOSE_TO_VENDOR).outcome(AuditOutcome.SUCCESS)
                        .serviceAccount("svc-chat").component("phi-langchain4j/chat").purpose(Purpose.TREATMENT)
                        .destination(Destination.builder("openai").model("gpt-4o").baa().build())
                        .phiCount(PhiType.NAME, 2).build());
            }
        }
        EvidenceReport report = EvidenceReport.builder()
                .config(EvidenceConfig.parse("evidence.yaml", CONFIG, true))   // or EvidenceConfig.read(file)
                .journal(dir.resolve("journal"))
                .trustedKey(signing.getPublic())                              // pin the journal's key
                .build();                                                     // verifies, then counts
        report.writeTo(dir.resolve("report"));
        return report;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("phi-evidence-example");
        EvidenceReport r = run(dir);
        System.out.println("journal " + r.verification().status() + "; evidence in " + dir.resolve("report"));
    }
}
