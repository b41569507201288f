package dev.phisafe.core.review;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where drafts live between submission and commit: the SPI behind {@link ReviewGate}. phi-core ships
 * {@link InMemoryReviewStore} (tests, single process) and {@link PostgresReviewStore} (JDBC, several nodes).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Optimistic versioning.</b> {@link #update} stores {@code next} only if the stored draft's version is
 *       {@code next.version() - 1}, atomically (compare-and-set). Of two callers racing from the same version exactly
 *       one gets {@code true}. This is what makes "two reviewers racing: one wins" and "commit callback started
 *       once" hold across processes.</li>
 *   <li><b>PHI at rest.</b> {@link Draft#text()} and {@link Draft#editedText()} are PHI: a persistent store encrypts
 *       them (45 CFR 164.312(a)(2)(iv)) unless its user explicitly opted into plaintext. {@link Draft#metadataJson()}
 *       holds no text and may be stored as is.</li>
 *   <li><b>Fail closed.</b> A failure throws {@link ReviewStoreException} (message without text); never a partial
 *       write, never a silent {@code false} for an I/O error.</li>
 *   <li>Implementations are thread-safe and return drafts equal to those stored (use {@link Draft#restore}).</li>
 * </ul>
 */
public interface ReviewStore {

    /**
     * Stores a new draft (version 1).
     *
     * @param draft the draft
     * @throws ReviewStoreException if a draft with that id exists or the store failed
     */
    void insert(Draft draft);

    /**
     * @param draftId the id
     * @return the stored draft, or empty if there is none
     * @throws ReviewStoreException if the store failed or the stored form is unreadable
     */
    Optional<Draft> find(String draftId);

    /**
     * Replaces the stored draft if, and only if, its version is {@code next.version() - 1}.
     *
     * @param next the new version
     * @return true if stored; false if another caller changed the draft first (or it does not exist)
     * @throws ReviewStoreException if the store failed
     */
    boolean update(Draft next);

    /**
     * @param now   the gate's current time
     * @param limit the most ids to return (at least 1)
     * @return ids of drafts in PENDING or IN_REVIEW whose {@link Draft#expiresAt()} is at or before {@code now}
     * @throws ReviewStoreException if the store failed
     */
    List<String> overdue(Instant now, int limit);
}
