package dev.phisafe.core.review;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.AuditUnavailableException;
import dev.phisafe.core.review.ReviewFixtures.FakeClock;
import dev.phisafe.core.review.ReviewFixtures.RecordingSink;
import dev.phisafe.core.review.ReviewFixtures.SimulatedCrash;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.phisafe.core.review.ReviewFixtures.AUDIT_KEY;
import static dev.phisafe.core.review.ReviewFixtures.NOTE;
import static dev.phisafe.core.review.ReviewFixtures.REQUESTER;
import static dev.phisafe.core.review.ReviewFixtures.REVIEWER;
import static dev.phisafe.core.review.ReviewFixtures.SERVICE;
import static dev.phisafe.core.review.ReviewFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReviewGateTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingSink sink = new RecordingSink();
    private final InMemoryReviewStore store = new InMemoryReviewStore();
    private final ReviewGate gate = ReviewGate.builder().store(store).auditSink(sink).auditKey(AUDIT_KEY)
            .clock(clock).serviceAccounts("svc-summarizer").build();
    private final List<Throwable> thrown = new ArrayList<>();

    private Draft claimed() {
        Draft d = gate.submit(request(NOTE));
        return gate.claim(d.id(), REVIEWER);
    }

    private <T extends Throwable> T expect(Class<T> type, Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(type);
            thrown.add(t);
            return type.cast(t);
        }
        throw new AssertionError("expected " + type.getSimpleName());
    }

    private AuditEvent last() {
        return sink.events.get(sink.events.size() - 1);
    }

    @Test
    void claim_reviewerIsTheRequester_refusedAndAudited_draftStaysPending() {
        Draft d = gate.submit(request(NOTE));
        ReviewRefusedException e = expect(ReviewRefusedException.class, () -> gate.claim(d.id(), REQUESTER));
        assertThat(e.reasonCode()).isEqualTo("reviewer-is-requester");
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.PENDING);
        assertThat(last().action()).isEqualTo(AuditAction.ACCESS_DENIED);
        assertThat(last().reasonCode()).contains("reviewer-is-requester");
        assertThat(last().principal()).contains(REQUESTER);
    }

    @Test
    void claim_reviewerIsTheDraftsOrAConfiguredAiServiceAccount_refused() {
        Draft d = gate.submit(request(NOTE));
        assertThat(expect(ReviewRefusedException.class, () -> gate.claim(d.id(), SERVICE)).reasonCode())
                .isEqualTo("reviewer-is-service-account");
        assertThat(expect(ReviewRefusedException.class, () -> gate.claim(d.id(), "svc-summarizer")).reasonCode())
                .isEqualTo("reviewer-is-service-account");
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.PENDING);
    }

    @Test
    void decide_byAnotherReviewerThanTheClaimant_refused() {
        Draft d = claimed();
        ReviewRefusedException e = expect(ReviewRefusedException.class,
                () -> gate.approve(d.id(), "dr-other", d.textSha256(), "ok"));
        assertThat(e.reasonCode()).isEqualTo("not-the-claimant");
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.IN_REVIEW);
    }

    @Test
    void approve_shownTextDiffersByOneCharacter_refusedAsHashMismatch() {
        Draft d = claimed();
        String shownOneCharOff = NOTE.replace("7.5 mg", "7.6 mg");
        ReviewRefusedException e = expect(ReviewRefusedException.class,
                () -> gate.approve(d.id(), REVIEWER, Texts.sha256Hex(shownOneCharOff), "ok"));
        assertThat(e.reasonCode()).isEqualTo("hash-mismatch");
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.IN_REVIEW);
        Draft ok = gate.approve(d.id(), REVIEWER, d.textSha256().toUpperCase(java.util.Locale.ROOT), "ok");
        assertThat(ok.state()).isEqualTo(ReviewState.APPROVED);
        assertThat(ok.decision().orElseThrow().textSha256()).isEqualTo(Texts.sha256Hex(NOTE));
    }

    @Test
    void commit_approvedTextChangedByOneCharacterInTheStore_refusedAsIntegrityFailure_callbackNeverRuns() {
        Draft d = claimed();
        gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), NOTE.replace("7.5 mg", "5 mg"), "dose");
        Draft approved = store.find(d.id()).orElseThrow();
        Draft.Builder tampered = approved.toBuilder();
        tampered.version++;
        tampered.editedText = approved.editedText().orElseThrow().replace("5 mg", "6 mg");
        assertThat(store.update(tampered.build())).isTrue();
        AtomicInteger calls = new AtomicInteger();
        ReviewCommitException e = expect(ReviewCommitException.class,
                () -> gate.commit(d.id(), n -> "ref-" + calls.incrementAndGet()));
        assertThat(e).hasMessageContaining("approved-hash-mismatch");
        assertThat(calls).hasValue(0);
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.EDITED_AND_APPROVED);
        assertThat(last().action()).isEqualTo(AuditAction.INTEGRITY_FAILURE);
    }

    @Test
    void editAndApprove_storesTheEditedTextAndBindsItsHash_commitWritesExactlyTheEditedText() {
        Draft d = claimed();
        clock.advance(Duration.ofSeconds(95));
        String edited = NOTE.replace("warfarin 7.5 mg daily", "warfarin 5 mg daily");
        Draft a = gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), edited, "corrected-medication-dose");
        ReviewDecision r = a.decision().orElseThrow();
        assertThat(a.state()).isEqualTo(ReviewState.EDITED_AND_APPROVED);
        assertThat(a.editedText()).contains(edited);
        assertThat(a.text()).isEqualTo(NOTE);
        assertThat(r.textSha256()).isEqualTo(Texts.sha256Hex(edited)).isNotEqualTo(d.textSha256());
        assertThat(r.shownSha256()).isEqualTo(d.textSha256());
        assertThat(r.dwell()).isEqualTo(Duration.ofSeconds(95));
        // "7.5" is three tokens (7 . 5) replaced by one (5): 2 words and 1 punctuation deleted? no: 7 . 5 -> 5
        assertThat(r.diff().exact()).isTrue();
        assertThat(r.diff().deletedChars()).isEqualTo(2);   // "7" and "."
        assertThat(r.diff().insertedChars()).isZero();
        assertThat(r.diff().deletedWords()).isEqualTo(1);
        AuditEvent decision = last();
        assertThat(decision.action()).isEqualTo(AuditAction.REVIEW_DECISION);
        assertThat(decision.measures()).containsEntry("deleted-chars", 2L).containsEntry("dwell-ms", 95_000L);
        assertThat(decision.details()).containsEntry("decision", "EDITED_AND_APPROVED");
        assertThat(decision.digests().get("decided-text").matches(AUDIT_KEY, edited)).isTrue();

        List<ApprovedNote> seen = new ArrayList<>();
        CommitResult c = gate.commit(d.id(), n -> {
            seen.add(n);
            return "DocumentReference/dr-77";
        });
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).text()).isEqualTo(edited);
        assertThat(seen.get(0).sha256()).isEqualTo(Texts.sha256Hex(edited));
        assertThat(seen.get(0).idempotencyKey()).isEqualTo(c.idempotencyKey()).hasSize(64);
        assertThat(c.recordRef()).contains("DocumentReference/dr-77");
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.COMMITTED);
    }

    @Test
    void commit_eightRacingThreads_callbackRunsExactlyOnce_everyWinnerSeesTheSameResult() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 25; round++) {
                Draft d = claimed();
                gate.approve(d.id(), REVIEWER, d.textSha256(), "ok");
                AtomicInteger calls = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Object>> fs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    fs.add(pool.submit(() -> {
                        start.await();
                        try {
                            return gate.commit(d.id(), n -> "DocumentReference/r-" + calls.incrementAndGet());
                        } catch (ReviewStateException e) {
                            return e;
                        }
                    }));
                }
                start.countDown();
                Set<CommitResult> results = ConcurrentHashMap.newKeySet();
                for (Future<Object> f : fs) {
                    Object o = f.get();
                    if (o instanceof CommitResult) {
                        results.add((CommitResult) o);
                    } else {
                        assertThat(((ReviewStateException) o).state()).isIn(ReviewState.COMMITTING,
                                ReviewState.COMMITTED);
                    }
                }
                assertThat(calls).as("round " + round).hasValue(1);
                assertThat(results).hasSize(1);
                assertThat(results.iterator().next().recordRef()).contains("DocumentReference/r-1");
                assertThat(gate.commit(d.id(), n -> "never")).isEqualTo(results.iterator().next());
                assertThat(calls).hasValue(1);
            }
        } finally {
            pool.shutdownNow();
        }
        long lostRaces = sink.events.stream().filter(e -> e.reasonCode().filter("lost-race"::equals).isPresent()).count();
        long started = sink.events.stream()
                .filter(e -> "started".equals(e.details().get("phase")) && e.reasonCode().isEmpty()).count();
        assertThat(started - lostRaces).as("each cancelled start has its lost-race event").isEqualTo(25);
    }

    @Test
    void claim_eightReviewersRacing_exactlyOneWins_othersGetStateExceptions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Draft d = gate.submit(request(NOTE));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String reviewer = "dr-" + t;
                fs.add(pool.submit(() -> {
                    start.await();
                    try {
                        return gate.claim(d.id(), reviewer).reviewer().orElseThrow();
                    } catch (ReviewStateException e) {
                        return "lost";
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : fs) {
                outcomes.add(f.get());
            }
            List<String> winners = outcomes.stream().filter(s -> !s.equals("lost")).collect(Collectors.toList());
            assertThat(winners).hasSize(1);
            assertThat(store.find(d.id()).orElseThrow().reviewer()).contains(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void commit_secondCallIsANoOpReturningTheFirstResult() {
        Draft d = claimed();
        gate.approve(d.id(), REVIEWER, d.textSha256(), "ok");
        AtomicInteger calls = new AtomicInteger();
        CommitResult first = gate.commit(d.id(), n -> "ref-" + calls.incrementAndGet());
        int events = sink.events.size();
        clock.advance(Duration.ofDays(3));
        CommitResult second = gate.commit(d.id(), n -> "ref-" + calls.incrementAndGet());
        assertThat(second).isEqualTo(first);
        assertThat(calls).hasValue(1);
        assertThat(sink.events).hasSize(events);
        assertThat(first.attempts()).isEqualTo(1);
    }

    @Test
    void commit_callbackThrows_draftBackToApproved_retryUsesTheSameKey() {
        Draft d = claimed();
        gate.approve(d.id(), REVIEWER, d.textSha256(), "ok");
        List<String> keys = new ArrayList<>();
        ReviewCommitException e = expect(ReviewCommitException.class, () -> gate.commit(d.id(), n -> {
            keys.add(n.idempotencyKey());
            throw new java.io.IOException("EHR 503 for " + n.text());
        }));
        assertThat(e).hasMessageContaining("IOException").hasMessageContaining("APPROVED");
        assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.APPROVED);
        assertThat(last().outcome()).isEqualTo(AuditOutcome.SERIOUS_FAILURE);
        CommitResult r = gate.commit(d.id(), n -> {
            keys.add(n.idempotencyKey());
            assertThat(n.attempt()).isEqualTo(2);
            return null;
        });
        assertThat(keys).hasSize(2).containsOnly(r.idempotencyKey());
        assertThat(r.recordRef()).isEmpty();
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void commit_processDiesInTheCallback_neverRerunAutomatically_recoveryAfterTimeoutReusesTheKey() {
        Draft d = claimed();
        gate.approve(d.id(), REVIEWER, d.textSha256(), "ok");
        List<String> keys = new ArrayList<>();
        assertThatThrownBy(() -> gate.commit(d.id(), n -> {
            keys.add(n.idempotencyKey());
            throw new SimulatedCrash();
        })).isInstanceOf(SimulatedCrash.class);
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.COMMITTING);
        assertThat(expect(ReviewStateException.class, () -> gate.commit(d.id(), n -> "x")).state())
                .isEqualTo(ReviewState.COMMITTING);
        clock.advance(Duration.ofMinutes(14));
        assertThat(expect(ReviewStateException.class, () -> gate.recoverInterruptedCommit(d.id(), n -> "x")))
                .hasMessageContaining("may still be running");
        clock.advance(Duration.ofMinutes(2));
        CommitResult r = gate.recoverInterruptedCommit(d.id(), n -> {
            keys.add(n.idempotencyKey());
            return "DocumentReference/dr-9";
        });
        assertThat(keys).hasSize(2).containsOnly(r.idempotencyKey());
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.COMMITTED);
    }

    @Test
    void expiry_fixedClock_overdueClaimExpiresTheDraftAndFails_sweepCountsTheRest() {
        Draft a = gate.submit(request(NOTE));
        Draft b = gate.submit(request(NOTE));
        Draft c = claimed();
        clock.advance(ReviewGate.DEFAULT_EXPIRY.minusSeconds(1));
        assertThat(gate.expireOverdue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        ReviewStateException e = expect(ReviewStateException.class, () -> gate.claim(a.id(), REVIEWER));
        assertThat(e.state()).isEqualTo(ReviewState.EXPIRED);
        assertThat(store.find(a.id()).orElseThrow().state()).isEqualTo(ReviewState.EXPIRED);
        assertThat(gate.expireOverdue()).isEqualTo(2);
        assertThat(store.find(b.id()).orElseThrow().state()).isEqualTo(ReviewState.EXPIRED);
        assertThat(store.find(c.id()).orElseThrow().state()).isEqualTo(ReviewState.EXPIRED);
        assertThat(store.find(c.id()).orElseThrow().closedAt()).contains(clock.instant());
        assertThat(gate.expireOverdue()).isZero();
        assertThat(last().action()).isEqualTo(AuditAction.REVIEW_CLOSED);
        assertThat(last().reasonCode()).contains("deadline-passed");
    }

    @Test
    void auditSinkFails_transitionDoesNotHappen_failClosed() {
        Draft d = gate.submit(request(NOTE));
        sink.failing.set(true);
        expect(AuditUnavailableException.class, () -> gate.claim(d.id(), REVIEWER));
        expect(AuditUnavailableException.class, () -> gate.submit(request(NOTE)));
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.PENDING);
        sink.failing.set(false);
        Draft c = gate.claim(d.id(), REVIEWER);
        gate.approve(c.id(), REVIEWER, c.textSha256(), "ok");
        sink.failing.set(true);
        AtomicInteger calls = new AtomicInteger();
        expect(AuditUnavailableException.class, () -> gate.commit(d.id(), n -> "r" + calls.incrementAndGet()));
        assertThat(calls).as("no audit, no write").hasValue(0);
        assertThat(store.find(d.id()).orElseThrow().state()).isEqualTo(ReviewState.APPROVED);
    }

    @Test
    void withdraw_bySomeoneOtherThanTheRequester_refused() {
        Draft d = gate.submit(request(NOTE));
        assertThat(expect(ReviewRefusedException.class, () -> gate.withdraw(d.id(), REVIEWER)).reasonCode())
                .isEqualTo("not-the-requester");
        assertThat(gate.withdraw(d.id(), REQUESTER).state()).isEqualTo(ReviewState.WITHDRAWN);
    }

    @Test
    void canary_draftTextNeverInAuditEventsExceptionsOrToString() {
        Draft d = claimed();
        expect(ReviewRefusedException.class, () -> gate.approve(d.id(), REVIEWER, Texts.sha256Hex(NOTE + " "), "x"));
        String edited = NOTE.replace("Canary Lane", "Canary Lane, Springfield");
        Draft a = gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), edited, "added-city");
        expect(ReviewCommitException.class, () -> gate.commit(d.id(), n -> {
            throw new IllegalStateException("write failed");
        }));
        CommitResult r = gate.commit(d.id(), n -> "DocumentReference/dr-3");
        Draft done = store.find(d.id()).orElseThrow();
        ApprovedNote[] note = new ApprovedNote[1];
        Draft e = claimed();
        gate.approve(e.id(), REVIEWER, e.textSha256(), "ok");
        gate.commit(e.id(), n -> {
            note[0] = n;
            return null;
        });
        expect(ReviewStateException.class, () -> gate.claim(d.id(), "dr-x"));
        expect(IllegalArgumentException.class, () -> gate.claim(NOTE, REVIEWER));
        expect(IllegalArgumentException.class, () -> gate.claim(d.id(), "Jane Q. Canarywoman"));
        expect(IllegalArgumentException.class, () -> DraftRequest.builder().patient("MRN 99887766"));
        expect(IllegalArgumentException.class, () -> DraftRequest.builder().requester("123-45-6789"));
        ReviewFixtures.assertNoCanary("audit events", sink.allJson());
        for (Throwable t : thrown) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (!(c instanceof IllegalStateException && "write failed".equals(c.getMessage()))) {
                    ReviewFixtures.assertNoCanary("exception " + c, String.valueOf(c.getMessage()));
                }
            }
        }
        for (Object o : List.of(d, a, done, r, a.decision().orElseThrow(), note[0], request(NOTE), gate, store,
                a.decision().orElseThrow().diff())) {
            ReviewFixtures.assertNoCanary("toString of " + o.getClass().getSimpleName(), o.toString());
        }
        ReviewFixtures.assertNoCanary("metadataJson", done.metadataJson());
        assertThat(sink.events.size()).isGreaterThan(10);
    }
}
