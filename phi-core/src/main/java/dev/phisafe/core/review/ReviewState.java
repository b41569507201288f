package dev.phisafe.core.review;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a draft stands. The transition table below is normative: {@link ReviewGate} refuses every other move with a
 * {@link ReviewStateException}, and each move is recorded as one audit event before it takes effect.
 *
 * <pre>
 *  submit ─► PENDING ──claim──► IN_REVIEW ──approve──────────► APPROVED ───────────┐
 *              │  │                │  │ └──editAndApprove──► EDITED_AND_APPROVED ─┤ commit
 *              │  │                │  └──reject──► REJECTED                          ▼
 *              │  │                │                               COMMITTING ──ok──► COMMITTED
 *              │  └── deadline ────┴──► EXPIRED                     │ callback threw: back to the approved state
 *              └───── withdraw (requester; also from IN_REVIEW, APPROVED, EDITED_AND_APPROVED) ──► WITHDRAWN
 * </pre>
 *
 * <table>
 *   <caption>Transitions</caption>
 *   <tr><th>From</th><th>Operation (guard)</th><th>To</th></tr>
 *   <tr><td>—</td><td>{@code submit}</td><td>PENDING</td></tr>
 *   <tr><td>PENDING</td><td>{@code claim} (reviewer ≠ requester, ≠ AI service account)</td><td>IN_REVIEW</td></tr>
 *   <tr><td>IN_REVIEW</td><td>{@code approve} (same reviewer; shown hash = text hash)</td><td>APPROVED</td></tr>
 *   <tr><td>IN_REVIEW</td><td>{@code editAndApprove} (as approve; edited text stored, its hash bound)</td>
 *       <td>EDITED_AND_APPROVED</td></tr>
 *   <tr><td>IN_REVIEW</td><td>{@code reject} (as approve; reason code required)</td><td>REJECTED</td></tr>
 *   <tr><td>APPROVED, EDITED_AND_APPROVED</td><td>{@code commit} (approved hash re-verified)</td><td>COMMITTING</td></tr>
 *   <tr><td>COMMITTING</td><td>callback returned</td><td>COMMITTED</td></tr>
 *   <tr><td>COMMITTING</td><td>callback threw</td><td>the approved state it came from</td></tr>
 *   <tr><td>COMMITTING</td><td>{@code recoverInterruptedCommit} (older than the commit timeout)</td>
 *       <td>COMMITTING → COMMITTED</td></tr>
 *   <tr><td>PENDING, IN_REVIEW</td><td>expiry reached (checked lazily on every call and by
 *       {@code expireOverdue})</td><td>EXPIRED</td></tr>
 *   <tr><td>PENDING, IN_REVIEW, APPROVED, EDITED_AND_APPROVED</td><td>{@code withdraw} (requester only)</td>
 *       <td>WITHDRAWN</td></tr>
 * </table>
 * COMMITTED, REJECTED, EXPIRED and WITHDRAWN are terminal. A second {@code commit} of a COMMITTED draft is a no-op
 * that returns the first result.
 */
public enum ReviewState {
    /** Submitted, waiting for a reviewer. FHIR DocumentReference.docStatus {@code preliminary}. */
    PENDING,
    /** Claimed by one reviewer, who alone may decide. {@code preliminary}. */
    IN_REVIEW,
    /** Approved as generated; the decision binds the SHA-256 of the original text. {@code final}. */
    APPROVED,
    /** Approved after the reviewer's edits; the edited text and its SHA-256 are bound. {@code final}. */
    EDITED_AND_APPROVED,
    /** Rejected by the reviewer (terminal); never reaches the record. */
    REJECTED,
    /** The commit callback is running (or a process died while it ran); it is never started twice automatically. */
    COMMITTING,
    /** Written to the record (terminal). {@code final}. */
    COMMITTED,
    /** No decision before the draft's expiry (terminal). */
    EXPIRED,
    /** Withdrawn by the requester before it was committed (terminal). */
    WITHDRAWN;

    private Set<ReviewState> next;

    static {
        PENDING.next = EnumSet.of(IN_REVIEW, EXPIRED, WITHDRAWN);
        IN_REVIEW.next = EnumSet.of(APPROVED, EDITED_AND_APPROVED, REJECTED, EXPIRED, WITHDRAWN);
        APPROVED.next = EnumSet.of(COMMITTING, WITHDRAWN);
        EDITED_AND_APPROVED.next = EnumSet.of(COMMITTING, WITHDRAWN);
        COMMITTING.next = EnumSet.of(COMMITTING, COMMITTED, APPROVED, EDITED_AND_APPROVED);
        REJECTED.next = EnumSet.noneOf(ReviewState.class);
        COMMITTED.next = EnumSet.noneOf(ReviewState.class);
        EXPIRED.next = EnumSet.noneOf(ReviewState.class);
        WITHDRAWN.next = EnumSet.noneOf(ReviewState.class);
        for (ReviewState s : values()) {
            s.next = Collections.unmodifiableSet(s.next);
        }
    }

    /** @return the states this one may move to (COMMITTING may move to itself: a recovery attempt); unmodifiable */
    public Set<ReviewState> successors() {
        return next;
    }

    /**
     * @param to a target state
     * @return whether the table allows the move
     */
    public boolean canMoveTo(ReviewState to) {
        return next.contains(to);
    }

    /** @return whether no transition leaves this state */
    public boolean isTerminal() {
        return next.isEmpty();
    }

    /** @return whether a reviewer approved the text (APPROVED or EDITED_AND_APPROVED) */
    public boolean isApproved() {
        return this == APPROVED || this == EDITED_AND_APPROVED;
    }
}
