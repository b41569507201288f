package dev.phisafe.core.review;

import dev.phisafe.core.review.ReviewFixtures.FakeClock;
import dev.phisafe.core.review.ReviewFixtures.RecordingSink;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.phisafe.core.review.ReviewFixtures.AUDIT_KEY;
import static dev.phisafe.core.review.ReviewFixtures.NOTE;
import static dev.phisafe.core.review.ReviewFixtures.REVIEWER;
import static dev.phisafe.core.review.ReviewFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ReviewStore} must do; each implementation's test extends this. */
abstract class ReviewStoreContract {
    protected final FakeClock clock = new FakeClock();
    protected final RecordingSink sink = new RecordingSink();

    protected abstract ReviewStore store();

    protected ReviewGate gate() {
        return ReviewGate.builder().store(store()).auditSink(sink).auditKey(AUDIT_KEY).clock(clock).build();
    }

    @Test
    void contract_everyStateRoundTripsEqual_includingNonBmpAndEditedText() {
        ReviewGate gate = gate();
        String text = NOTE + " \uD835\uDD04 \u00e9\u0301 \uD83D\uDE00";
        Draft d = gate.submit(request(text));
        assertThat(store().find(d.id())).contains(d);
        Draft c = gate.claim(d.id(), REVIEWER);
        assertThat(store().find(d.id())).contains(c);
        Draft a = gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), text.replace("7.5", "5"), "dose");
        assertThat(store().find(d.id())).contains(a);
        gate.commit(d.id(), n -> "DocumentReference/x-1");
        Draft done = store().find(d.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(ReviewState.COMMITTED);
        assertThat(done.text()).isEqualTo(text);
        assertThat(done.editedText()).contains(text.replace("7.5", "5"));
        assertThat(done.commitRef()).contains("DocumentReference/x-1");
        assertThat(store().find("no-such-draft")).isEmpty();
    }

    @Test
    void contract_duplicateInsertRefused_staleUpdateReturnsFalse() {
        ReviewGate gate = gate();
        Draft d = gate.submit(request(NOTE));
        assertThatThrownBy(() -> store().insert(d)).isInstanceOf(ReviewStoreException.class)
                .hasMessageContaining("already exists");
        Draft c = gate.claim(d.id(), REVIEWER);
        Draft.Builder stale = d.toBuilder();
        stale.version = 2;
        stale.state = ReviewState.WITHDRAWN;
        assertThat(store().update(stale.build())).as("version 2 already taken").isFalse();
        assertThat(store().find(d.id())).contains(c);
    }

    @Test
    void contract_eightRacingUpdatesFromOneVersion_exactlyOneWins() throws Exception {
        Draft d = gate().submit(request(NOTE));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String reviewer = "dr-" + t;
                fs.add(pool.submit(() -> {
                    Draft.Builder b = d.toBuilder();
                    b.version = 2;
                    b.state = ReviewState.IN_REVIEW;
                    b.reviewer = reviewer;
                    b.claimedAt = clock.instant();
                    Draft next = b.build();
                    go.await();
                    return store().update(next);
                }));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> f : fs) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store().find(d.id()).orElseThrow().version()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void contract_gateCommitWithEightRacingThreads_callbackRunsOnce() throws Exception {
        ReviewGate gate = gate();
        Draft d = gate.claim(gate.submit(request(NOTE)).id(), REVIEWER);
        gate.approve(d.id(), REVIEWER, d.textSha256(), "ok");
        AtomicInteger calls = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    try {
                        return gate.commit(d.id(), n -> "ref-" + calls.incrementAndGet());
                    } catch (ReviewStateException e) {
                        return e.state();
                    }
                }));
            }
            go.countDown();
            for (Future<Object> f : fs) {
                assertThat(f.get()).isInstanceOfAny(CommitResult.class, ReviewState.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls).hasValue(1);
        assertThat(store().find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.COMMITTED);
    }

    @Test
    void contract_overdueListsOnlyUndecidedDraftsPastExpiry() {
        ReviewGate gate = gate();
        Draft pending = gate.submit(request(NOTE));
        Draft inReview = gate.claim(gate.submit(request(NOTE)).id(), REVIEWER);
        Draft approved = gate.claim(gate.submit(request(NOTE)).id(), REVIEWER);
        gate.approve(approved.id(), REVIEWER, approved.textSha256(), "ok");
        assertThat(store().overdue(clock.instant(), 100)).doesNotContain(pending.id(), inReview.id());
        clock.advance(ReviewGate.DEFAULT_EXPIRY);
        assertThat(store().overdue(clock.instant(), 100)).contains(pending.id(), inReview.id())
                .doesNotContain(approved.id());
        assertThat(gate.expireOverdue()).isGreaterThanOrEqualTo(2);
        assertThat(store().find(inReview.id()).orElseThrow().state()).isEqualTo(ReviewState.EXPIRED);
        assertThatThrownBy(() -> store().overdue(clock.instant(), 0)).isInstanceOf(IllegalArgumentException.class);
        clock.advance(Duration.ofDays(1));
    }
}
