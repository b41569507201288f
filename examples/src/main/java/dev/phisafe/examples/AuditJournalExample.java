package dev.phisafe.examples;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.JournalVerification;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.Purpose;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * Audit before you disclose: record the event durably in the tamper-evident journal, and only then send the prompt.
 * If {@code record} throws, the prompt is not sent (45 CFR 164.312(b), fail closed). Then verify the journal.
 */
public final class AuditJournalExample {
    private AuditJournalExample() {
    }

    /** Records one disclosure event and returns the verification of the journal. */
    static JournalVerification run(Path dir) throws Exception {
        KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();   // keep in a KMS in production
        KeyedHash auditKey = KeyedHash.jdkHmacSha256(new byte[32], "audit-2026-08");    // demo key only
        try (AuditJournal journal = AuditJournal.builder(dir).origin("example.org/tenant-a")
                .signingKey("audit-signer-1", signing).build()) {
            AuditEvent event = AuditEvent.builder(AuditAction.DISCLOSE_TO_VENDOR)
                    .outcome(AuditOutcome.SUCCESS).principal("user-4711").role("clinician")
                    .serviceAccount("svc-chat").component("phi-langchain4j/chat")
                    .destination(Destination.builder("openai").model("gpt-4o").baa().build())
                    .purpose(Purpose.TREATMENT).phiCount(PhiType.NAME, 1).policy("safe-harbor", "1")
                    .subject(auditKey, "MRN-0042")               // stored as an HMAC, never the MRN
                    .queryRef(auditKey, "Summarise [NAME_1]'s visit")
                    .build();
            journal.record(event);                               // durable on return, or throws: then do not send
            // ... send the minimised prompt to the vendor here ...
        }
        return AuditJournal.verify(dir, signing.getPublic());
    }

    public static void main(String[] args) throws Exception {
        JournalVerification v = run(Files.createTempDirectory("phi-audit-example"));
        System.out.println("journal " + v.status() + ": " + v.records() + " record(s), " + v.checkpoints()
                + " signed checkpoint(s)");
    }
}
