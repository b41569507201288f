package dev.phisafe.core.review;

/**
 * Writes an approved note to the record (EHR, document store): the only place approved text leaves the gate.
 * {@link ReviewGate#commit} calls it once per draft, with text whose SHA-256 equals the approved one.
 *
 * <p>Rules for implementations: write with {@link ApprovedNote#idempotencyKey()} as a conditional create, so that a
 * recovery after a crash cannot duplicate the note; throw only if nothing was written (the draft then returns to its
 * approved state and may be committed again); never put the text in an exception message.
 */
@FunctionalInterface
public interface CommitCallback {

    /**
     * @param note the approved note
     * @return an opaque reference to the written record (e.g. {@code DocumentReference/123/_history/1}), or null;
     *         recorded with the draft and audited only as a keyed digest
     * @throws Exception if the write failed and nothing was written
     */
    String commit(ApprovedNote note) throws Exception;
}
