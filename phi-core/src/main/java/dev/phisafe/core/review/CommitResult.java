package dev.phisafe.core.review;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a completed commit. A repeated {@link ReviewGate#commit} returns an equal result without running
 * the callback again. Holds ids and hashes only.
 *
 * @param draftId        the draft
 * @param decisionId     the decision that was committed
 * @param sha256         SHA-256 of the committed text
 * @param idempotencyKey the key the callback wrote with
 * @param recordRef      what the callback returned, if anything
 * @param committedAt    when the commit completed
 * @param attempts       how many times the callback was started (1 unless recovered)
 */
public record CommitResult(String draftId, String decisionId, String sha256, String idempotencyKey,
                           Optional<String> recordRef, Instant committedAt, int attempts) {
    /**
     * Checks the components.
     *
     * @param draftId        the draft
     * @param decisionId     the decision that was committed
     * @param sha256         SHA-256 of the committed text
     * @param idempotencyKey the key the callback wrote with
     * @param recordRef      what the callback returned, if anything
     * @param committedAt    when the commit completed
     * @param attempts       how many times the callback was started (1 unless recovered)
     * @throws NullPointerException if any reference component is null
     */
    public CommitResult {
        Objects.requireNonNull(draftId, "draftId");
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(recordRef, "recordRef");
        Objects.requireNonNull(committedAt, "committedAt");
    }

    static CommitResult of(Draft d) {
        ReviewDecision r = d.decision().orElseThrow();
        return new CommitResult(d.id(), r.decisionId(), r.textSha256(), d.commitKey().orElseThrow(), d.commitRef(),
                d.committedAt().orElseThrow(), d.commitAttempts());
    }
}
