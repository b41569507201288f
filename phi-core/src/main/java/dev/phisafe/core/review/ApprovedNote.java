package dev.phisafe.core.review;

import java.util.Optional;

/**
 * What {@link CommitCallback#commit} receives: the approved text — re-hashed by the gate and equal to the decision's
 * SHA-256 — with the ids needed to write it and the idempotency key to write it with. There is deliberately no way to
 * reach the unedited AI text from here: only approved bytes can be written.
 *
 * <p>{@link #toString()} never shows the text. Immutable.
 */
public final class ApprovedNote {
    private final String draftId;
    private final String patient;
    private final String encounter;
    private final String text;
    private final String sha256;
    private final String idempotencyKey;
    private final ReviewDecision decision;
    private final int attempt;

    ApprovedNote(Draft d, String text, int attempt) {
        this.draftId = d.id();
        this.patient = d.patient();
        this.encounter = d.encounter().orElse(null);
        this.text = text;
        this.sha256 = d.decision().orElseThrow().textSha256();
        this.idempotencyKey = d.commitKey().orElseThrow();
        this.decision = d.decision().orElseThrow();
        this.attempt = attempt;
    }

    /** @return the draft id */
    public String draftId() {
        return draftId;
    }

    /** @return the patient's opaque id */
    public String patient() {
        return patient;
    }

    /** @return the encounter's opaque id, if any */
    public Optional<String> encounter() {
        return Optional.ofNullable(encounter);
    }

    /** @return the approved text (PHI): exactly the bytes the reviewer approved */
    public String text() {
        return text;
    }

    /** @return SHA-256 (lowercase hex) of {@link #text()}, as bound by the decision */
    public String sha256() {
        return sha256;
    }

    /**
     * @return a key unique to this draft and decision, the same on every attempt ({@code SHA-256("phisafe.review.commit"
     *         | draftId | decisionId)}, hex): write with it as a conditional create (FHIR {@code If-None-Exist} on an
     *         identifier, SQL {@code ON CONFLICT DO NOTHING}) so that a recovered commit cannot write twice
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** @return the decision being committed */
    public ReviewDecision decision() {
        return decision;
    }

    /** @return 1 for the first attempt; greater after {@link ReviewGate#recoverInterruptedCommit} */
    public int attempt() {
        return attempt;
    }

    /** @return ids only; never the text */
    @Override
    public String toString() {
        return "ApprovedNote{draft=" + draftId + ", decision=" + decision.decisionId() + ", attempt=" + attempt
                + ", text=<" + text.length() + " chars>}";
    }
}
