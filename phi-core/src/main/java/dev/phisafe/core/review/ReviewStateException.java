package dev.phisafe.core.review;

/**
 * An operation is not allowed in the draft's current state (see the table on {@link ReviewState}), or another caller
 * changed the draft first (optimistic versioning: exactly one of two racing reviewers wins). Nothing was changed.
 * The message names the draft id, the state and the operation, never text.
 */
public class ReviewStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    /** The state the draft was in; transient-free because enums serialise by name. */
    private final ReviewState state;
    /** The refused operation (serialized form). */
    private final String operation;

    ReviewStateException(String draftId, ReviewState state, String operation, String why) {
        super("review draft " + draftId + ": cannot " + operation + " in state " + state + (why.isEmpty() ? "" : " (" + why + ")"));
        this.state = state;
        this.operation = operation;
    }

    /** @return the state the draft was in when the operation was refused */
    public ReviewState state() {
        return state;
    }

    /** @return the refused operation, e.g. {@code approve} */
    public String operation() {
        return operation;
    }
}
