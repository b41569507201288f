package dev.phisafe.core.review;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One AI-generated note under review, as stored: its ids, the AI text and its SHA-256, where it stands
 * ({@link #state()}), the decision and the commit. Each change makes a new {@code Draft} with {@link #version()} + 1;
 * stores accept it only over the version it replaces (optimistic concurrency: of two racing reviewers exactly one
 * wins).
 *
 * <p><b>PHI.</b> {@link #text()} and {@link #approvedText()} are the note itself. {@link #toString()} shows ids and
 * the state only; {@link #metadataJson()} holds no text (ids, hashes, times, counts) so that a store may index it.
 *
 * <p>Immutable and thread-safe. Made by {@link ReviewGate}, or rebuilt by a {@link ReviewStore} through
 * {@link #restore(String, String, String)}.
 */
public final class Draft {
    final String id;
    final long version;
    final ReviewState state;
    final String requester;
    final String serviceAccount;
    final String patient;
    final String encounter;
    final String model;
    final String destination;
    final Instant createdAt;
    final Instant expiresAt;
    final String text;
    final String textSha256;
    final String reviewer;
    final Instant claimedAt;
    final ReviewDecision decision;
    final String editedText;
    final String commitKey;
    final Instant commitStartedAt;
    final int commitAttempts;
    final String commitRef;
    final Instant committedAt;
    final Instant closedAt;

    private Draft(Builder b) {
        this.id = Texts.id("id", b.id);
        if (b.version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        this.version = b.version;
        this.state = Objects.requireNonNull(b.state, "state");
        this.requester = Texts.id("requester", b.requester);
        this.serviceAccount = Texts.id("serviceAccount", b.serviceAccount);
        this.patient = Texts.id("patient", b.patient);
        this.encounter = b.encounter == null ? null : Texts.id("encounter", b.encounter);
        this.model = Texts.id("model", b.model);
        this.destination = Texts.id("destination", b.destination);
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.expiresAt = Objects.requireNonNull(b.expiresAt, "expiresAt");
        this.text = Texts.text("text", b.text);
        this.textSha256 = Texts.sha256Arg("textSha256", b.textSha256);
        this.reviewer = b.reviewer == null ? null : Texts.id("reviewer", b.reviewer);
        this.claimedAt = b.claimedAt;
        this.decision = b.decision;
        this.editedText = b.editedText == null ? null : Texts.text("editedText", b.editedText);
        this.commitKey = b.commitKey == null ? null : Texts.sha256Arg("commitKey", b.commitKey);
        this.commitStartedAt = b.commitStartedAt;
        this.commitAttempts = b.commitAttempts;
        this.commitRef = b.commitRef;
        this.committedAt = b.committedAt;
        this.closedAt = b.closedAt;
        check();
    }

    /** Structural invariants, so that a store cannot hand the gate an impossible draft. */
    private void check() {
        boolean decided = state.isApproved() || state == ReviewState.REJECTED || state == ReviewState.COMMITTING
                || state == ReviewState.COMMITTED;
        if (decided && decision == null) {
            throw new IllegalArgumentException("state " + state + " requires a decision");
        }
        if ((state == ReviewState.PENDING || state == ReviewState.IN_REVIEW) && decision != null) {
            throw new IllegalArgumentException("state " + state + " forbids a decision");
        }
        if (decided && reviewer == null || state == ReviewState.IN_REVIEW && reviewer == null) {
            throw new IllegalArgumentException("state " + state + " requires a reviewer");
        }
        if (decision != null && !decision.reviewer().equals(reviewer)) {
            throw new IllegalArgumentException("the decision's reviewer must be the draft's reviewer");
        }
        boolean edited = decision != null && decision.outcome() == ReviewDecision.Outcome.EDITED_AND_APPROVED;
        if (edited != (editedText != null)) {
            throw new IllegalArgumentException("edited text must be present exactly for an edited approval");
        }
        if ((state == ReviewState.COMMITTING || state == ReviewState.COMMITTED) && commitKey == null) {
            throw new IllegalArgumentException("state " + state + " requires a commit key");
        }
        if ((state == ReviewState.COMMITTING || state == ReviewState.COMMITTED)
                && (decision == null || !decision.approved())) {
            throw new IllegalArgumentException("state " + state + " requires an approval");
        }
        if (state == ReviewState.COMMITTED && committedAt == null) {
            throw new IllegalArgumentException("COMMITTED requires a commit time");
        }
    }

    /**
     * Rebuilds a stored draft: the inverse of {@link #metadataJson()}, {@link #text()} and {@link #editedText()}.
     * For {@link ReviewStore} implementations. Every field is re-checked here; the texts' SHA-256 values are
     * re-computed by the gate at each decision and commit, so a text substituted in the store is refused there (and
     * audited as an integrity failure).
     *
     * @param metadataJson the stored {@link #metadataJson()}
     * @param text         the stored {@link #text()}
     * @param editedText   the stored {@link #editedText()}, or null if none
     * @return the draft
     * @throws ReviewStoreException if the stored form is malformed
     */
    public static Draft restore(String metadataJson, String text, String editedText) {
        return DraftCodec.decode(metadataJson, text, editedText);
    }

    static Builder builder() {
        return new Builder();
    }

    Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.version = version;
        b.state = state;
        b.requester = requester;
        b.serviceAccount = serviceAccount;
        b.patient = patient;
        b.encounter = encounter;
        b.model = model;
        b.destination = destination;
        b.createdAt = createdAt;
        b.expiresAt = expiresAt;
        b.text = text;
        b.textSha256 = textSha256;
        b.reviewer = reviewer;
        b.claimedAt = claimedAt;
        b.decision = decision;
        b.editedText = editedText;
        b.commitKey = commitKey;
        b.commitStartedAt = commitStartedAt;
        b.commitAttempts = commitAttempts;
        b.commitRef = commitRef;
        b.committedAt = committedAt;
        b.closedAt = closedAt;
        return b;
    }

    /** @return the draft's id (random UUID) */
    public String id() {
        return id;
    }

    /** @return the version, 1 at submission, + 1 per transition */
    public long version() {
        return version;
    }

    /** @return where the draft stands */
    public ReviewState state() {
        return state;
    }

    /** @return who asked for the note */
    public String requester() {
        return requester;
    }

    /** @return the AI component's service account */
    public String serviceAccount() {
        return serviceAccount;
    }

    /** @return the patient's opaque id */
    public String patient() {
        return patient;
    }

    /** @return the encounter's opaque id, if any */
    public Optional<String> encounter() {
        return Optional.ofNullable(encounter);
    }

    /** @return the model id */
    public String model() {
        return model;
    }

    /** @return the destination id */
    public String destination() {
        return destination;
    }

    /** @return when it was submitted */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return when an undecided draft expires */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** @return the AI-generated text as submitted (PHI); show it to the reviewer with {@link #textSha256()} */
    public String text() {
        return text;
    }

    /** @return SHA-256 (lowercase hex) of {@link #text()}'s UTF-8 bytes: what the reviewer passes back on deciding */
    public String textSha256() {
        return textSha256;
    }

    /** @return the reviewer who claimed the draft, if any */
    public Optional<String> reviewer() {
        return Optional.ofNullable(reviewer);
    }

    /** @return when it was claimed, if it was */
    public Optional<Instant> claimedAt() {
        return Optional.ofNullable(claimedAt);
    }

    /** @return the decision, once made */
    public Optional<ReviewDecision> decision() {
        return Optional.ofNullable(decision);
    }

    /** @return the reviewer's edited text (PHI), present only after {@code editAndApprove} */
    public Optional<String> editedText() {
        return Optional.ofNullable(editedText);
    }

    /**
     * @return the text the decision approved (the edited text if edited), while approved, committing or committed;
     *         empty otherwise
     */
    public Optional<String> approvedText() {
        if (decision == null || !decision.approved()) {
            return Optional.empty();
        }
        return Optional.of(editedText != null ? editedText : text);
    }

    /** @return the idempotency key given to the commit callback, once a commit started */
    public Optional<String> commitKey() {
        return Optional.ofNullable(commitKey);
    }

    /** @return when the latest commit attempt started, if any */
    public Optional<Instant> commitStartedAt() {
        return Optional.ofNullable(commitStartedAt);
    }

    /** @return how many times the commit callback was started (1 normally; more only after explicit recovery) */
    public int commitAttempts() {
        return commitAttempts;
    }

    /** @return the record reference the commit callback returned, once committed (may be empty) */
    public Optional<String> commitRef() {
        return Optional.ofNullable(commitRef);
    }

    /** @return when it was committed, if it was */
    public Optional<Instant> committedAt() {
        return Optional.ofNullable(committedAt);
    }

    /** @return when it was withdrawn or expired, if it was */
    public Optional<Instant> closedAt() {
        return Optional.ofNullable(closedAt);
    }

    /**
     * @return the stored form of everything but the texts: ids, state, version, hashes, times, the decision and its
     *         diff statistics — no PHI text. See {@link #restore}.
     */
    public String metadataJson() {
        return DraftCodec.encode(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Draft)) {
            return false;
        }
        Draft d = (Draft) o;
        return metadataJson().equals(d.metadataJson()) && text.equals(d.text)
                && Objects.equals(editedText, d.editedText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    /** @return id, version, state and principals; never text */
    @Override
    public String toString() {
        return "Draft{" + id + " v" + version + ", " + state + ", requester=" + requester
                + (reviewer == null ? "" : ", reviewer=" + reviewer) + ", text=<" + text.length() + " chars>}";
    }

    /** Mutable form used by the gate and the codec. */
    static final class Builder {
        String id;
        long version;
        ReviewState state;
        String requester;
        String serviceAccount;
        String patient;
        String encounter;
        String model;
        String destination;
        Instant createdAt;
        Instant expiresAt;
        String text;
        String textSha256;
        String reviewer;
        Instant claimedAt;
        ReviewDecision decision;
        String editedText;
        String commitKey;
        Instant commitStartedAt;
        int commitAttempts;
        String commitRef;
        Instant committedAt;
        Instant closedAt;

        Draft build() {
            return new Draft(this);
        }
    }
}
