package dev.phisafe.examples;

import dev.phisafe.core.audit.AuditJournal;
import dev.phisafe.core.review.CommitResult;
import dev.phisafe.core.review.Draft;
import dev.phisafe.core.review.DraftRequest;
import dev.phisafe.core.review.FhirReviewExport;
import dev.phisafe.core.review.InMemoryReviewStore;
import dev.phisafe.core.review.ReviewGate;
import dev.phisafe.core.review.ReviewRefusedException;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An AI note reaches the record only after another clinician approved those exact bytes, once (164.312(b), (c)(1)). */
public final class ReviewGateExample {
    private ReviewGateExample() {
    }

    /** Returns {self-review refusal code, committed text, same result on a second commit, FHIR DocumentReference}. */
    static Object[] run(Path dir, Map<String, String> ehr) throws Exception {
        KeyedHash auditKey = KeyedHash.jdkHmacSha256(new byte[32], "audit-2026-08");     // demo key only
        try (AuditJournal journal = AuditJournal.builder(dir).origin("example.org/clinic-1")
                .signingKey("audit-signer-1", KeyPairGenerator.getInstance("Ed25519").generateKeyPair()).build()) {
            ReviewGate gate = ReviewGate.builder().store(new InMemoryReviewStore())      // production: PostgresReviewStore
                    .auditSink(journal).auditKey(auditKey).build();
            Draft d = gate.submit(DraftRequest.builder().requester("dr-ruiz").serviceAccount("svc-scribe")
                    .patient("pat-7f3c").model("gpt-4o").destination("azure-openai-baa")
                    .text("Plan: continue warfarin 7.5 mg daily; recheck INR in 2 weeks.").build());
            String refused;
            try {
                gate.claim(d.id(), "dr-ruiz");                                           // the requester may not review
                refused = "not refused";
            } catch (ReviewRefusedException e) {
                refused = e.reasonCode();
            }
            d = gate.claim(d.id(), "dr-chen");                                           // show d.text() to dr-chen
            gate.editAndApprove(d.id(), "dr-chen", d.textSha256(),
                    "Plan: continue warfarin 5 mg daily; recheck INR in 2 weeks.", "corrected-medication-dose");
            CommitResult first = gate.commit(d.id(), note -> {                           // conditional create on the key
                ehr.putIfAbsent(note.idempotencyKey(), note.text());
                return "DocumentReference/" + note.draftId();
            });
            CommitResult again = gate.commit(d.id(), note -> { throw new IllegalStateException("never runs"); });
            String fhir = FhirReviewExport.documentReference(gate.find(d.id()).orElseThrow());
            return new Object[] {refused, ehr.get(first.idempotencyKey()), again.equals(first), fhir};
        }
    }

    public static void main(String[] args) throws Exception {
        Object[] r = run(Files.createTempDirectory("phi-review-example"), new ConcurrentHashMap<>());
        System.out.println("self-review: " + r[0] + "; committed: " + r[1] + "; second commit same result: " + r[2]);
    }
}
