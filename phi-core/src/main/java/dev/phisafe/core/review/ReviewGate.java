package dev.phisafe.core.review;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.AuditSink;
import dev.phisafe.core.audit.AuditUnavailableException;
import dev.phisafe.core.audit.KeyedDigest;
import dev.phisafe.core.spi.KeyedHash;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The human review gate: an AI-generated note becomes a {@link Draft}, and only a decision by a reviewer other than
 * the requester (and other than any AI service account), bound to the SHA-256 of the exact text approved, lets
 * {@link #commit} write it to the record — once.
 *
 * <p><b>Why.</b> Clinical documentation products keep AI output "preliminary" until a licensed clinician accepts,
 * edits or rejects it; 45 CFR 164.312(c)(1) asks to protect PHI from improper alteration, 164.312(b) to record
 * activity, NIST SP 800-53 AU-10 that a decision be bound to what was decided on, and SOC 2 CC6.1/CC8.1 separation of
 * duties. The states and legal moves are the table on {@link ReviewState}.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li><b>Audited, fail closed.</b> Each transition records one {@link AuditEvent} <em>before</em> the store is
 *       changed; if the sink throws, the transition does not happen (an {@link AuditUnavailableException}). If the
 *       store then refuses the change because another caller won a race, a second event with reason
 *       {@code lost-race} and a {@code supersedes} detail cancels the first. Events hold ids, keyed digests (HMAC
 *       under the audit key) of the patient, encounter and texts, diff counts and times — never text.</li>
 *   <li><b>Separation of duties.</b> The reviewer differs from the requester and from the draft's and the
 *       configured AI service accounts; only the reviewer who claimed the draft may decide; both are checked again at
 *       the decision. Refusals throw {@link ReviewRefusedException} and are audited ({@code ACCESS_DENIED}).</li>
 *   <li><b>What you see is what you sign.</b> A decision names the SHA-256 of the text the reviewer was shown; the
 *       gate re-hashes the stored text and refuses a mismatch (one changed character suffices). An edit-and-approve
 *       stores the edited text and binds its hash. {@link #commit} re-hashes the approved text and refuses it if it
 *       differs from the decision's hash (audited as {@code INTEGRITY_FAILURE}).</li>
 *   <li><b>Commit at most once, idempotent.</b> {@code commit} moves APPROVED → COMMITTING with a compare-and-set on
 *       the version, so of any number of racing callers (threads or nodes) exactly one runs the callback; a commit
 *       of a COMMITTED draft returns the first {@link CommitResult} without running it. If the process dies after
 *       the callback started and before COMMITTED is stored, the draft stays COMMITTING and <em>no call runs the
 *       callback again by itself</em> (at most once). An operator may call {@link #recoverInterruptedCommit} after
 *       the commit timeout: it runs the callback again with the <em>same</em> idempotency key, so a record writer
 *       that creates conditionally on that key (FHIR {@code If-None-Exist}) writes exactly once overall.</li>
 *   <li><b>Expiry.</b> A draft still PENDING or IN_REVIEW at its expiry becomes EXPIRED at the next call that
 *       touches it (which then fails) or at {@link #expireOverdue()}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; concurrency control lives in the {@link ReviewStore}. Example:
 * {@code examples/src/main/java/dev/phisafe/examples/ReviewGateExample.java}.
 * <pre>{@code
 * ReviewGate gate = ReviewGate.builder().store(new InMemoryReviewStore()).auditSink(journal).auditKey(auditKey)
 *         .expiry(Duration.ofHours(72)).build();
 * Draft d = gate.submit(request);                       // PENDING
 * d = gate.claim(d.id(), "dr-chen");                   // IN_REVIEW; show d.text()
 * gate.approve(d.id(), "dr-chen", d.textSha256(), "clinically-accurate");
 * CommitResult r = gate.commit(d.id(), note -> ehr.createIfNoneExist(note.idempotencyKey(), note.text()));
 * }</pre>
 */
public final class ReviewGate {
    /** Default time a draft may wait for a decision (72 h). */
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(72);
    /** Default time after which a COMMITTING draft counts as interrupted (15 min). */
    public static final Duration DEFAULT_COMMIT_TIMEOUT = Duration.ofMinutes(15);
    static final String COMPONENT = "phi-core/review";
    static final String GATE_PRINCIPAL = "svc:phi-review-gate";
    private static final int SWEEP_BATCH = 1_000;

    private final ReviewStore store;
    private final AuditSink sink;
    private final KeyedHash auditKey;
    private final Clock clock;
    private final Duration expiry;
    private final Duration commitTimeout;
    private final Set<String> serviceAccounts;

    private ReviewGate(Builder b) {
        this.store = b.store;
        this.sink = b.sink;
        this.auditKey = b.auditKey;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.expiry = b.expiry == null ? DEFAULT_EXPIRY : b.expiry;
        this.commitTimeout = b.commitTimeout == null ? DEFAULT_COMMIT_TIMEOUT : b.commitTimeout;
        this.serviceAccounts = Collections.unmodifiableSet(new TreeSet<>(b.serviceAccounts));
    }

    /** @return a builder; {@code store}, {@code auditSink} and {@code auditKey} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a review: stores the draft as PENDING with a fresh id and the SHA-256 of its text.
     *
     * @param request the AI-generated note and its ids
     * @return the stored draft (version 1)
     * @throws AuditUnavailableException if the audit sink failed (nothing stored)
     * @throws ReviewStoreException      if the store failed (the submission event is then followed by none)
     */
    public Draft submit(DraftRequest request) {
        Objects.requireNonNull(request, "request");
        Instant now = now();
        Draft.Builder b = Draft.builder();
        b.id = UUID.randomUUID().toString();
        b.version = 1;
        b.state = ReviewState.PENDING;
        b.requester = request.requester();
        b.serviceAccount = request.serviceAccount();
        b.patient = request.patient();
        b.encounter = request.encounter().orElse(null);
        b.model = request.model();
        b.destination = request.destination();
        b.createdAt = now;
        b.expiresAt = now.plus(expiry);
        b.text = request.text();
        b.textSha256 = Texts.sha256Hex(request.text());
        Draft d = b.build();
        AuditEvent e = event(AuditAction.DRAFT_SUBMITTED, d, d.requester(), AuditOutcome.SUCCESS, now)
                .detail("to", ReviewState.PENDING.name())
                .measure("original-chars", d.text().codePointCount(0, d.text().length()))
                .build();
        record(e, "submit");
        store.insert(d);
        return d;
    }

    /**
     * A reviewer takes the draft: PENDING → IN_REVIEW. Show {@link Draft#text()} of the returned draft and keep its
     * {@link Draft#textSha256()} to pass back on deciding.
     *
     * @param draftId  the draft
     * @param reviewer the reviewer's principal id; must differ from the requester and the AI service accounts
     * @return the draft in review
     * @throws ReviewStateException     if the draft is not PENDING (or expired, or another reviewer won)
     * @throws ReviewRefusedException   if the reviewer is the requester or an AI service account
     * @throws IllegalArgumentException if an argument is malformed or the draft is unknown
     */
    public Draft claim(String draftId, String reviewer) {
        Texts.id("reviewer", reviewer);
        Draft cur = load(draftId, "claim");
        requireState(cur, "claim", ReviewState.PENDING);
        separation(cur, reviewer, "claim");
        Instant now = now();
        Draft.Builder b = cur.toBuilder();
        b.version++;
        b.state = ReviewState.IN_REVIEW;
        b.reviewer = reviewer;
        b.claimedAt = now;
        Draft next = b.build();
        return apply(cur, next, "claim", transition(AuditAction.REVIEW_STARTED, cur, next, reviewer, now).build());
    }

    /**
     * Approves the text as generated: IN_REVIEW → APPROVED.
     *
     * @param draftId     the draft
     * @param reviewer    the reviewer who claimed it
     * @param shownSha256 SHA-256 (hex) of the text the reviewer was shown
     * @param reasonCode  a structured reason, e.g. {@code clinically-accurate}
     * @return the approved draft
     * @throws ReviewRefusedException if the reviewer may not decide or {@code shownSha256} is not the draft's hash
     * @throws ReviewStateException   if the draft is not IN_REVIEW
     */
    public Draft approve(String draftId, String reviewer, String shownSha256, String reasonCode) {
        return decide(draftId, reviewer, shownSha256, reasonCode, ReviewDecision.Outcome.APPROVED, null, "approve");
    }

    /**
     * Approves the reviewer's edited version: IN_REVIEW → EDITED_AND_APPROVED. The edited text is stored (as PHI),
     * its SHA-256 is bound to the decision, and diff statistics (never the diff) are recorded.
     *
     * @param draftId     the draft
     * @param reviewer    the reviewer who claimed it
     * @param shownSha256 SHA-256 (hex) of the AI text the reviewer was shown and edited
     * @param editedText  the text approved: non-blank, well-formed Unicode, at most 4,194,304 UTF-16 units
     * @param reasonCode  a structured reason, e.g. {@code corrected-medication-dose}
     * @return the approved draft
     * @throws ReviewRefusedException if the reviewer may not decide or {@code shownSha256} is not the draft's hash
     * @throws ReviewStateException   if the draft is not IN_REVIEW
     */
    public Draft editAndApprove(String draftId, String reviewer, String shownSha256, String editedText,
                                String reasonCode) {
        Texts.text("editedText", editedText);
        return decide(draftId, reviewer, shownSha256, reasonCode, ReviewDecision.Outcome.EDITED_AND_APPROVED,
                editedText, "editAndApprove");
    }

    /**
     * Rejects the draft: IN_REVIEW → REJECTED (terminal); it never reaches the record.
     *
     * @param draftId     the draft
     * @param reviewer    the reviewer who claimed it
     * @param shownSha256 SHA-256 (hex) of the text the reviewer was shown
     * @param reasonCode  a structured reason, e.g. {@code hallucinated-medication}
     * @return the rejected draft
     * @throws ReviewRefusedException if the reviewer may not decide or {@code shownSha256} is not the draft's hash
     * @throws ReviewStateException   if the draft is not IN_REVIEW
     */
    public Draft reject(String draftId, String reviewer, String shownSha256, String reasonCode) {
        return decide(draftId, reviewer, shownSha256, reasonCode, ReviewDecision.Outcome.REJECTED, null, "reject");
    }

    /**
     * The requester withdraws the draft: PENDING, IN_REVIEW, APPROVED or EDITED_AND_APPROVED → WITHDRAWN.
     *
     * @param draftId   the draft
     * @param requester the principal who submitted it
     * @return the withdrawn draft
     * @throws ReviewRefusedException if {@code requester} did not submit the draft
     * @throws ReviewStateException   from any other state
     */
    public Draft withdraw(String draftId, String requester) {
        Texts.id("requester", requester);
        Draft cur = load(draftId, "withdraw");
        requireState(cur, "withdraw", ReviewState.PENDING, ReviewState.IN_REVIEW, ReviewState.APPROVED,
                ReviewState.EDITED_AND_APPROVED);
        if (!cur.requester().equals(requester)) {
            refuse(cur, requester, "withdraw", "not-the-requester", "only the requester may withdraw a draft");
        }
        Instant now = now();
        Draft.Builder b = cur.toBuilder();
        b.version++;
        b.state = ReviewState.WITHDRAWN;
        b.closedAt = now;
        Draft next = b.build();
        return apply(cur, next, "withdraw", transition(AuditAction.REVIEW_CLOSED, cur, next, requester, now).build());
    }

    /**
     * Writes the approved text through {@code callback}, exactly once per draft as described in the class comment:
     * APPROVED / EDITED_AND_APPROVED → COMMITTING → COMMITTED. The approved text is re-hashed first and must equal
     * the decision's SHA-256. A draft already COMMITTED returns its first result and the callback does not run.
     *
     * @param draftId  the draft
     * @param callback writes the note; see {@link CommitCallback} for its rules
     * @return the commit's result
     * @throws ReviewStateException  if the draft is not approved (e.g. COMMITTING: another caller is committing or
     *                               a commit was interrupted — see {@link #recoverInterruptedCommit})
     * @throws ReviewCommitException if the approved text does not match its hash, or the callback threw (the draft is
     *                               then back in its approved state)
     */
    public CommitResult commit(String draftId, CommitCallback callback) {
        Objects.requireNonNull(callback, "callback");
        Draft cur = load(draftId, "commit");
        if (cur.state() == ReviewState.COMMITTED) {
            return CommitResult.of(cur);
        }
        requireState(cur, "commit", ReviewState.APPROVED, ReviewState.EDITED_AND_APPROVED);
        String text = verifiedApprovedText(cur, "commit");
        Instant now = now();
        Draft.Builder b = cur.toBuilder();
        b.version++;
        b.state = ReviewState.COMMITTING;
        b.commitKey = commitKey(cur);
        b.commitStartedAt = now;
        b.commitAttempts = cur.commitAttempts() + 1;
        Draft committing = b.build();
        try {
            apply(cur, committing, "commit", transition(AuditAction.RECORD_COMMIT, cur, committing,
                    cur.reviewer().orElseThrow(), now).detail("phase", "started").build());
        } catch (ReviewStateException lost) {
            Optional<Draft> now2 = store.find(draftId);
            if (now2.isPresent() && now2.get().state() == ReviewState.COMMITTED) {
                return CommitResult.of(now2.get());
            }
            throw lost;
        }
        return runCallback(committing, text, callback, cur.state());
    }

    /**
     * Re-runs the commit of a draft left COMMITTING by a crash, with the same idempotency key. Allowed only when the
     * latest attempt started at least the commit timeout ago (so a live commit is not doubled). Call it only with a
     * callback that writes conditionally on {@link ApprovedNote#idempotencyKey()}, or after checking that the record
     * does not hold the note: the gate cannot know whether the interrupted callback wrote it.
     *
     * @param draftId  a draft in COMMITTING
     * @param callback the record writer
     * @return the commit's result
     * @throws ReviewStateException  if the draft is not COMMITTING or its attempt is younger than the timeout
     * @throws ReviewCommitException as for {@link #commit}
     */
    public CommitResult recoverInterruptedCommit(String draftId, CommitCallback callback) {
        Objects.requireNonNull(callback, "callback");
        Draft cur = load(draftId, "recoverInterruptedCommit");
        requireState(cur, "recoverInterruptedCommit", ReviewState.COMMITTING);
        Instant now = now();
        if (now.isBefore(cur.commitStartedAt().orElse(Instant.MIN).plus(commitTimeout))) {
            throw new ReviewStateException(cur.id(), cur.state(), "recoverInterruptedCommit",
                    "the commit started less than " + commitTimeout + " ago and may still be running");
        }
        String text = verifiedApprovedText(cur, "recoverInterruptedCommit");
        Draft.Builder b = cur.toBuilder();
        b.version++;
        b.commitStartedAt = now;
        b.commitAttempts = cur.commitAttempts() + 1;
        Draft again = b.build();
        apply(cur, again, "recoverInterruptedCommit", transition(AuditAction.RECORD_COMMIT, cur, again,
                GATE_PRINCIPAL, now).detail("phase", "recovery").build());
        ReviewState prior = cur.decision().orElseThrow().outcome() == ReviewDecision.Outcome.APPROVED
                ? ReviewState.APPROVED : ReviewState.EDITED_AND_APPROVED;
        return runCallback(again, text, callback, prior);
    }

    /**
     * Expires every PENDING or IN_REVIEW draft past its expiry (each audited as {@code REVIEW_CLOSED}). Call it from
     * a scheduler; calls that touch an overdue draft expire it too.
     *
     * @return how many drafts this call expired
     * @throws AuditUnavailableException if the sink failed (drafts expired so far stay expired)
     */
    public int expireOverdue() {
        int n = 0;
        List<String> ids = store.overdue(now(), SWEEP_BATCH);
        while (!ids.isEmpty()) {
            int before = n;
            for (String id : ids) {
                Optional<Draft> d = store.find(id);
                if (d.isPresent() && overdue(d.get()) && tryExpire(d.get())) {
                    n++;
                }
            }
            if (n == before || ids.size() < SWEEP_BATCH) {
                break;
            }
            ids = store.overdue(now(), SWEEP_BATCH);
        }
        return n;
    }

    /**
     * Reads a draft as stored. Not audited and no transition (an overdue draft is shown as stored until a call
     * expires it): audit your own display of the text if you show it outside {@link #claim}.
     *
     * @param draftId the draft
     * @return the draft, or empty
     */
    public Optional<Draft> find(String draftId) {
        return store.find(Texts.id("draftId", draftId));
    }

    /** @return the settings; never keys or text */
    @Override
    public String toString() {
        return "ReviewGate{store=" + store + ", auditKey=" + auditKey.keyId() + ", expiry=" + expiry
                + ", commitTimeout=" + commitTimeout + ", serviceAccounts=" + serviceAccounts + "}";
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Draft decide(String draftId, String reviewer, String shownSha256, String reasonCode,
                         ReviewDecision.Outcome outcome, String editedText, String op) {
        Texts.id("reviewer", reviewer);
        String shown = Texts.sha256Arg("shownSha256", shownSha256);
        Texts.id("reasonCode", reasonCode);
        Draft cur = load(draftId, op);
        requireState(cur, op, ReviewState.IN_REVIEW);
        separation(cur, reviewer, op);
        if (!reviewer.equals(cur.reviewer().orElse(null))) {
            refuse(cur, reviewer, op, "not-the-claimant", "only the reviewer who claimed the draft may decide");
        }
        String actual = Texts.sha256Hex(cur.text());
        if (!Texts.sameHash(actual, cur.textSha256())) {
            integrityFailure(cur, reviewer, op, "stored-text-altered");
        }
        if (!Texts.sameHash(shown, actual)) {
            refuse(cur, reviewer, op, "hash-mismatch",
                    "the text the reviewer was shown is not the draft's text (SHA-256 differs)");
        }
        Instant now = now();
        String decidedHash = editedText == null ? actual : Texts.sha256Hex(editedText);
        DiffStats diff = editedText == null ? DiffStats.unchanged(cur.text()) : TextDiff.diff(cur.text(), editedText);
        Duration dwell = Duration.between(cur.claimedAt().orElse(now), now);
        ReviewDecision decision = new ReviewDecision(UUID.randomUUID().toString(), reviewer, outcome, shown,
                decidedHash, reasonCode, now, dwell.isNegative() ? Duration.ZERO : dwell, diff);
        Draft.Builder b = cur.toBuilder();
        b.version++;
        b.state = ReviewState.valueOf(outcome.name());
        b.decision = decision;
        b.editedText = editedText;
        Draft next = b.build();
        AuditEvent.Builder e = transition(AuditAction.REVIEW_DECISION, cur, next, reviewer, now)
                .detail("decision", outcome.name())
                .detail("decision-id", decision.decisionId())
                .reasonCode(reasonCode)
                .digest("decided-text", KeyedDigest.of(auditKey, editedText == null ? cur.text() : editedText))
                .detail("diff-algorithm", diff.algorithm())
                .measure("diff-exact", diff.exact() ? 1 : 0)
                .measure("inserted-chars", diff.insertedChars())
                .measure("deleted-chars", diff.deletedChars())
                .measure("inserted-words", diff.insertedWords())
                .measure("deleted-words", diff.deletedWords())
                .measure("changed-per-mille", diff.changedPerMille())
                .measure("original-chars", diff.originalChars())
                .measure("final-chars", diff.finalChars())
                .measure("dwell-ms", decision.dwell().toMillis());
        return apply(cur, next, op, e.build());
    }

    private CommitResult runCallback(Draft committing, String text, CommitCallback callback, ReviewState prior) {
        String ref;
        try {
            ref = callback.commit(new ApprovedNote(committing, text, committing.commitAttempts()));
        } catch (Exception failure) {
            Instant now = now();
            Draft.Builder b = committing.toBuilder();
            b.version++;
            b.state = prior;
            b.commitStartedAt = null;
            Draft back = b.build();
            String where;
            try {
                apply(committing, back, "commit", transition(AuditAction.RECORD_COMMIT, committing, back,
                        committing.reviewer().orElseThrow(), now).outcome(AuditOutcome.SERIOUS_FAILURE)
                        .reasonCode("callback-failed").detail("phase", "failed").build());
                where = "the draft is back in state " + prior + " and may be committed again with the same key";
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
                where = "the draft stays COMMITTING (the failure could not be recorded); see recoverInterruptedCommit";
            }
            throw new ReviewCommitException("review draft " + committing.id() + ": the commit callback failed ("
                    + failure.getClass().getSimpleName() + "); " + where, failure);
        }
        Instant now = now();
        Draft.Builder b = committing.toBuilder();
        b.version++;
        b.state = ReviewState.COMMITTED;
        b.committedAt = now;
        boolean refKept = ref == null || Texts.validId(ref);
        b.commitRef = ref != null && refKept ? ref : null;
        Draft done = b.build();
        AuditEvent.Builder e = transition(AuditAction.RECORD_COMMIT, committing, done,
                committing.reviewer().orElseThrow(), now).detail("phase", "done")
                .detail("decision-id", done.decision().orElseThrow().decisionId())
                .digest("committed-text", KeyedDigest.of(auditKey, text))
                .measure("attempts", done.commitAttempts());
        if (ref != null) {
            e.recordRef(auditKey, ref);
        }
        if (!refKept) {
            e.reasonCode("record-ref-not-an-identifier");
        }
        apply(committing, done, "commit", e.build());
        return CommitResult.of(done);
    }

    private String verifiedApprovedText(Draft cur, String op) {
        String text = cur.approvedText().orElseThrow();
        if (!Texts.sameHash(Texts.sha256Hex(text), cur.decision().orElseThrow().textSha256())) {
            integrityFailure(cur, cur.reviewer().orElseThrow(), op, "approved-hash-mismatch");
        }
        return text;
    }

    private void integrityFailure(Draft d, String principal, String op, String reason) {
        AuditEvent e = event(AuditAction.INTEGRITY_FAILURE, d, principal, AuditOutcome.SERIOUS_FAILURE, now())
                .detail("operation", op).detail("state", d.state().name()).reasonCode(reason).build();
        ReviewCommitException x = new ReviewCommitException("review draft " + d.id() + ": " + op
                + " refused: the stored text does not match the SHA-256 bound to it (" + reason + ")");
        try {
            sink.record(e);
        } catch (RuntimeException ae) {
            x.addSuppressed(ae);
        }
        throw x;
    }

    private void separation(Draft d, String reviewer, String op) {
        if (reviewer.equals(d.requester())) {
            refuse(d, reviewer, op, "reviewer-is-requester", "the reviewer must not be the requester");
        }
        if (reviewer.equals(d.serviceAccount()) || serviceAccounts.contains(reviewer)) {
            refuse(d, reviewer, op, "reviewer-is-service-account", "an AI service account cannot review");
        }
    }

    private void refuse(Draft d, String principal, String op, String reason, String why) {
        AuditEvent e = event(AuditAction.ACCESS_DENIED, d, principal, AuditOutcome.SERIOUS_FAILURE, now())
                .detail("operation", op).detail("state", d.state().name()).reasonCode(reason).build();
        ReviewRefusedException x = new ReviewRefusedException(reason, "review draft " + d.id() + ": " + op
                + " refused: " + why);
        try {
            sink.record(e);
        } catch (RuntimeException ae) {
            x.addSuppressed(ae);
        }
        throw x;
    }

    private void requireState(Draft d, String op, ReviewState... allowed) {
        if (!Arrays.asList(allowed).contains(d.state())) {
            throw new ReviewStateException(d.id(), d.state(), op, "allowed from " + Arrays.toString(allowed));
        }
    }

    /** Loads a draft, expiring it first if it is overdue (then the operation fails). */
    private Draft load(String draftId, String op) {
        Texts.id("draftId", draftId);
        for (int i = 0; i < 3; i++) {
            Draft d = store.find(draftId).orElseThrow(() ->
                    new IllegalArgumentException("unknown review draft " + draftId));
            if (!overdue(d)) {
                return d;
            }
            if (tryExpire(d)) {
                throw new ReviewStateException(draftId, ReviewState.EXPIRED, op,
                        "the draft expired at " + d.expiresAt());
            }
        }
        throw new ReviewStateException(draftId, store.find(draftId).map(Draft::state).orElse(ReviewState.EXPIRED),
                op, "the draft is changing concurrently");
    }

    private boolean overdue(Draft d) {
        return (d.state() == ReviewState.PENDING || d.state() == ReviewState.IN_REVIEW)
                && !now().isBefore(d.expiresAt());
    }

    /** @return true if this call expired the draft; false if another caller changed it first */
    private boolean tryExpire(Draft cur) {
        Instant now = now();
        Draft.Builder b = cur.toBuilder();
        b.version++;
        b.state = ReviewState.EXPIRED;
        b.closedAt = now;
        Draft next = b.build();
        try {
            apply(cur, next, "expire", transition(AuditAction.REVIEW_CLOSED, cur, next, GATE_PRINCIPAL, now)
                    .reasonCode("deadline-passed").build());
            return true;
        } catch (ReviewStateException lost) {
            return false;
        }
    }

    /** Records the event, then compare-and-sets the store; see the class comment for the lost-race event. */
    private Draft apply(Draft cur, Draft next, String op, AuditEvent event) {
        record(event, op);
        if (store.update(next)) {
            return next;
        }
        ReviewState now = store.find(cur.id()).map(Draft::state).orElse(cur.state());
        ReviewStateException x = new ReviewStateException(cur.id(), now, op,
                "another caller changed the draft first; this call changed nothing");
        try {
            sink.record(event.toBuilder().id(UUID.randomUUID()).recorded(now()).outcome(AuditOutcome.SERIOUS_FAILURE)
                    .reasonCode("lost-race").detail("supersedes", event.id().toString()).build());
        } catch (RuntimeException ae) {
            x.addSuppressed(ae);
        }
        throw x;
    }

    private void record(AuditEvent e, String op) {
        try {
            sink.record(e);
        } catch (AuditUnavailableException x) {
            throw x;
        } catch (RuntimeException x) {
            throw new AuditUnavailableException("review gate: the audit sink failed (" + x.getClass().getSimpleName()
                    + "); " + op + " was not done", x);
        }
    }

    private AuditEvent.Builder transition(AuditAction a, Draft from, Draft to, String principal, Instant now) {
        return event(a, from, principal, AuditOutcome.SUCCESS, now)
                .detail("from", from.state().name())
                .detail("to", to.state().name())
                .measure("version", to.version());
    }

    private AuditEvent.Builder event(AuditAction a, Draft d, String principal, AuditOutcome o, Instant now) {
        AuditEvent.Builder b = AuditEvent.builder(a).recorded(now).outcome(o).component(COMPONENT)
                .principal(principal).serviceAccount(d.serviceAccount())
                .subject(auditKey, d.patient())
                .keyId(auditKey.keyId())
                .detail("draft", d.id()).detail("model", d.model()).detail("destination", d.destination())
                .digest("draft-text", KeyedDigest.of(auditKey, d.text()));
        d.encounter().ifPresent(enc -> b.recordRef(auditKey, enc));
        return b;
    }

    /** Millisecond precision, as audit events and databases keep it, so stored drafts round-trip equal. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    static String commitKey(Draft d) {
        byte[] in = ("phisafe.review.commit\0" + d.id() + "\0" + d.decision().orElseThrow().decisionId())
                .getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(Texts.digest("SHA-256", in));
    }

    /** Builder of a {@link ReviewGate}; each setting may be given once. Not thread-safe. */
    public static final class Builder {
        private ReviewStore store;
        private AuditSink sink;
        private KeyedHash auditKey;
        private Clock clock;
        private Duration expiry;
        private Duration commitTimeout;
        private final Set<String> serviceAccounts = new TreeSet<>();

        private Builder() {
        }

        /**
         * @param store where drafts live
         * @return this builder
         */
        public Builder store(ReviewStore store) {
            once(this.store, "store");
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param sink where every transition is recorded first (fail closed)
         * @return this builder
         */
        public Builder auditSink(AuditSink sink) {
            once(this.sink, "auditSink");
            this.sink = Objects.requireNonNull(sink, "auditSink");
            return this;
        }

        /**
         * @param auditKey the audit pseudonymisation key: patient, encounter and texts appear in events only as its
         *                 HMACs
         * @return this builder
         */
        public Builder auditKey(KeyedHash auditKey) {
            once(this.auditKey, "auditKey");
            this.auditKey = Objects.requireNonNull(auditKey, "auditKey");
            Texts.id("auditKey id", auditKey.keyId());
            return this;
        }

        /**
         * @param clock the time source (default: system UTC); tests pass a fixed clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param expiry how long a draft may wait for a decision (default 72 h); at least one minute
         * @return this builder
         */
        public Builder expiry(Duration expiry) {
            once(this.expiry, "expiry");
            Objects.requireNonNull(expiry, "expiry");
            if (expiry.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("expiry must be at least one minute");
            }
            this.expiry = expiry;
            return this;
        }

        /**
         * @param commitTimeout how old a COMMITTING attempt must be before {@link #recoverInterruptedCommit} may
         *                      re-run it (default 15 min); at least one second
         * @return this builder
         */
        public Builder commitTimeout(Duration commitTimeout) {
            once(this.commitTimeout, "commitTimeout");
            Objects.requireNonNull(commitTimeout, "commitTimeout");
            if (commitTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("commitTimeout must be at least one second");
            }
            this.commitTimeout = commitTimeout;
            return this;
        }

        /**
         * @param ids AI service accounts that may never review, in addition to each draft's own service account
         * @return this builder
         */
        public Builder serviceAccounts(String... ids) {
            for (String id : Objects.requireNonNull(ids, "ids")) {
                serviceAccounts.add(Texts.id("serviceAccount", id));
            }
            return this;
        }

        /**
         * @return the gate
         * @throws IllegalStateException naming the first missing required setting
         */
        public ReviewGate build() {
            if (store == null) {
                throw new IllegalStateException("store is required");
            }
            if (sink == null) {
                throw new IllegalStateException("auditSink is required (an unaudited review gate is refused)");
            }
            if (auditKey == null) {
                throw new IllegalStateException("auditKey is required");
            }
            return new ReviewGate(this);
        }

        private static void once(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
        }
    }
}
