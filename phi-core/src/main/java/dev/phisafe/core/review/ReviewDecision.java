package dev.phisafe.core.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A reviewer's decision on a draft, bound to the exact text it covers: {@link #textSha256()} is the SHA-256 of the
 * UTF-8 bytes approved (the edited text for {@link Outcome#EDITED_AND_APPROVED}) or rejected, and
 * {@link ReviewGate#commit} writes only text with that hash ("what you see is what you sign", NIST SP 800-53
 * AU-10; 45 CFR 164.312(c)(1)). Holds no text: hashes, ids, counts and times only.
 *
 * <p>Immutable; made by {@link ReviewGate}.
 */
public final class ReviewDecision {
    /** What the reviewer decided. */
    public enum Outcome {
        /** Approved as generated. */
        APPROVED,
        /** Approved after the reviewer's edits. */
        EDITED_AND_APPROVED,
        /** Rejected: the draft never reaches the record. */
        REJECTED
    }

    private final String decisionId;
    private final String reviewer;
    private final Outcome outcome;
    private final String shownSha256;
    private final String textSha256;
    private final String reasonCode;
    private final Instant decidedAt;
    private final Duration dwell;
    private final DiffStats diff;

    ReviewDecision(String decisionId, String reviewer, Outcome outcome, String shownSha256, String textSha256,
                   String reasonCode, Instant decidedAt, Duration dwell, DiffStats diff) {
        this.decisionId = Texts.id("decisionId", decisionId);
        this.reviewer = Texts.id("reviewer", reviewer);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.shownSha256 = Texts.sha256Arg("shownSha256", shownSha256);
        this.textSha256 = Texts.sha256Arg("textSha256", textSha256);
        this.reasonCode = Texts.id("reasonCode", reasonCode);
        this.decidedAt = Objects.requireNonNull(decidedAt, "decidedAt");
        this.dwell = Objects.requireNonNull(dwell, "dwell");
        this.diff = Objects.requireNonNull(diff, "diff");
    }

    /** @return the decision's unique id (part of the commit idempotency key) */
    public String decisionId() {
        return decisionId;
    }

    /** @return the reviewer's principal id (never the requester or the AI service account) */
    public String reviewer() {
        return reviewer;
    }

    /** @return what was decided */
    public Outcome outcome() {
        return outcome;
    }

    /** @return whether the text may be committed */
    public boolean approved() {
        return outcome != Outcome.REJECTED;
    }

    /** @return SHA-256 (lowercase hex) of the draft text the reviewer was shown and vouched for having read */
    public String shownSha256() {
        return shownSha256;
    }

    /** @return SHA-256 (lowercase hex) of the exact text approved (edited text if edited) or rejected */
    public String textSha256() {
        return textSha256;
    }

    /** @return the structured reason code, e.g. {@code clinically-accurate}, {@code corrected-medication-dose} */
    public String reasonCode() {
        return reasonCode;
    }

    /** @return when the decision was recorded (the gate's clock) */
    public Instant decidedAt() {
        return decidedAt;
    }

    /** @return time from claim to decision; very short dwell on long notes is a rubber-stamp signal (CC7.2) */
    public Duration dwell() {
        return dwell;
    }

    /** @return how much the reviewer changed (all zero unless edited) */
    public DiffStats diff() {
        return diff;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReviewDecision)) {
            return false;
        }
        ReviewDecision d = (ReviewDecision) o;
        return decisionId.equals(d.decisionId) && reviewer.equals(d.reviewer) && outcome == d.outcome
                && shownSha256.equals(d.shownSha256) && textSha256.equals(d.textSha256)
                && reasonCode.equals(d.reasonCode) && decidedAt.equals(d.decidedAt) && dwell.equals(d.dwell)
                && diff.equals(d.diff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(decisionId, outcome, textSha256);
    }

    /** @return ids, outcome and reason code; never text or hashes */
    @Override
    public String toString() {
        return "ReviewDecision{" + decisionId + ", " + outcome + " by " + reviewer + ", reason=" + reasonCode + "}";
    }
}
