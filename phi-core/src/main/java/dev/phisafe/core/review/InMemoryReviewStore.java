package dev.phisafe.core.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ReviewStore} in a {@link ConcurrentHashMap}: for tests, demos and single-process use. Drafts (and their
 * text, which is PHI) live in the heap as plain strings until the store is dropped — acceptable only where process
 * memory is protected as PHI; use {@link PostgresReviewStore} with an AEAD for anything durable. Thread-safe;
 * {@link #update} is an atomic compare-and-set on the version.
 */
public final class InMemoryReviewStore implements ReviewStore {
    private final ConcurrentHashMap<String, Draft> drafts = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryReviewStore() {
    }

    @Override
    public void insert(Draft draft) {
        Objects.requireNonNull(draft, "draft");
        if (draft.version() != 1) {
            throw new ReviewStoreException("a new draft must have version 1");
        }
        if (drafts.putIfAbsent(draft.id(), draft) != null) {
            throw new ReviewStoreException("review draft " + draft.id() + " already exists");
        }
    }

    @Override
    public Optional<Draft> find(String draftId) {
        Objects.requireNonNull(draftId, "draftId");
        return Optional.ofNullable(drafts.get(draftId));
    }

    @Override
    public boolean update(Draft next) {
        Objects.requireNonNull(next, "next");
        AtomicBoolean done = new AtomicBoolean();
        drafts.computeIfPresent(next.id(), (id, cur) -> {
            if (cur.version() == next.version() - 1) {
                done.set(true);
                return next;
            }
            return cur;
        });
        return done.get();
    }

    @Override
    public List<String> overdue(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        List<String> ids = new ArrayList<>();
        for (Draft d : drafts.values()) {
            if (ids.size() >= limit) {
                break;
            }
            if ((d.state() == ReviewState.PENDING || d.state() == ReviewState.IN_REVIEW)
                    && !d.expiresAt().isAfter(now)) {
                ids.add(d.id());
            }
        }
        return ids;
    }

    /** @return the number of drafts held */
    public int size() {
        return drafts.size();
    }

    @Override
    public String toString() {
        return "InMemoryReviewStore{drafts=" + drafts.size() + "}";
    }
}
