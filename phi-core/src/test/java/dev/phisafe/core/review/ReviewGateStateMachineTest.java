package dev.phisafe.core.review;

import dev.phisafe.core.review.ReviewFixtures.FakeClock;
import dev.phisafe.core.review.ReviewFixtures.RecordingSink;
import dev.phisafe.core.review.ReviewFixtures.SimulatedCrash;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static dev.phisafe.core.review.ReviewFixtures.AUDIT_KEY;
import static dev.phisafe.core.review.ReviewFixtures.REQUESTER;
import static dev.phisafe.core.review.ReviewFixtures.REVIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every operation from every state: the legal ones land where {@link ReviewState}'s table says, the rest throw. */
class ReviewGateStateMachineTest {
    private static final String EDITED = ReviewFixtures.NOTE.replace("7.5 mg", "5 mg");

    private final FakeClock clock = new FakeClock();
    private final RecordingSink sink = new RecordingSink();
    private final InMemoryReviewStore store = new InMemoryReviewStore();
    private final ReviewGate gate = ReviewGate.builder().store(store).auditSink(sink).auditKey(AUDIT_KEY)
            .clock(clock).expiry(Duration.ofHours(72)).commitTimeout(Duration.ofMinutes(15)).build();

    /** The operations, each applied to a draft id; expiry is "time passes, then the sweep runs". */
    private Map<String, BiConsumer<ReviewGate, Draft>> operations() {
        Map<String, BiConsumer<ReviewGate, Draft>> ops = new LinkedHashMap<>();
        ops.put("claim", (g, d) -> g.claim(d.id(), REVIEWER));
        ops.put("approve", (g, d) -> g.approve(d.id(), REVIEWER, d.textSha256(), "clinically-accurate"));
        ops.put("editAndApprove", (g, d) -> g.editAndApprove(d.id(), REVIEWER, d.textSha256(), EDITED, "dose"));
        ops.put("reject", (g, d) -> g.reject(d.id(), REVIEWER, d.textSha256(), "hallucination"));
        ops.put("withdraw", (g, d) -> g.withdraw(d.id(), REQUESTER));
        ops.put("commit", (g, d) -> g.commit(d.id(), note -> "DocumentReference/dr-1"));
        ops.put("recoverInterruptedCommit", (g, d) -> {
            clock.advance(Duration.ofMinutes(16));
            g.recoverInterruptedCommit(d.id(), note -> "DocumentReference/dr-1");
        });
        ops.put("expire", (g, d) -> {
            clock.advance(Duration.ofHours(73));
            g.expireOverdue();
        });
        return ops;
    }

    /** The normative table: operation → (from → to). Absent pairs must throw (expire: must leave the state as is). */
    private static Map<String, Map<ReviewState, ReviewState>> legal() {
        Map<String, Map<ReviewState, ReviewState>> t = new LinkedHashMap<>();
        t.put("claim", Map.of(ReviewState.PENDING, ReviewState.IN_REVIEW));
        t.put("approve", Map.of(ReviewState.IN_REVIEW, ReviewState.APPROVED));
        t.put("editAndApprove", Map.of(ReviewState.IN_REVIEW, ReviewState.EDITED_AND_APPROVED));
        t.put("reject", Map.of(ReviewState.IN_REVIEW, ReviewState.REJECTED));
        t.put("withdraw", Map.of(ReviewState.PENDING, ReviewState.WITHDRAWN, ReviewState.IN_REVIEW,
                ReviewState.WITHDRAWN, ReviewState.APPROVED, ReviewState.WITHDRAWN,
                ReviewState.EDITED_AND_APPROVED, ReviewState.WITHDRAWN));
        t.put("commit", Map.of(ReviewState.APPROVED, ReviewState.COMMITTED,
                ReviewState.EDITED_AND_APPROVED, ReviewState.COMMITTED,
                ReviewState.COMMITTED, ReviewState.COMMITTED));
        t.put("recoverInterruptedCommit", Map.of(ReviewState.COMMITTING, ReviewState.COMMITTED));
        t.put("expire", Map.of(ReviewState.PENDING, ReviewState.EXPIRED, ReviewState.IN_REVIEW, ReviewState.EXPIRED));
        return t;
    }

    /** Brings a fresh draft to {@code s} through the public API only. */
    private Draft draftIn(ReviewState s) {
        Draft d = gate.submit(ReviewFixtures.request(ReviewFixtures.NOTE));
        switch (s) {
            case PENDING:
                break;
            case EXPIRED:
                clock.advance(Duration.ofHours(73));
                gate.expireOverdue();
                break;
            case WITHDRAWN:
                gate.withdraw(d.id(), REQUESTER);
                break;
            default:
                gate.claim(d.id(), REVIEWER);
                if (s == ReviewState.REJECTED) {
                    gate.reject(d.id(), REVIEWER, d.textSha256(), "hallucination");
                } else if (s == ReviewState.EDITED_AND_APPROVED) {
                    gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), EDITED, "dose");
                } else if (s != ReviewState.IN_REVIEW) {
                    gate.approve(d.id(), REVIEWER, d.textSha256(), "clinically-accurate");
                }
                if (s == ReviewState.COMMITTED) {
                    gate.commit(d.id(), note -> "DocumentReference/dr-1");
                } else if (s == ReviewState.COMMITTING) {
                    assertThatThrownBy(() -> gate.commit(d.id(), note -> {
                        throw new SimulatedCrash();
                    })).isInstanceOf(SimulatedCrash.class);
                }
        }
        Draft now = store.find(d.id()).orElseThrow();
        assertThat(now.state()).isEqualTo(s);
        return now;
    }

    @Test
    void everyOperationFromEveryState_legalOnesLandPerTheTable_illegalOnesThrowAndChangeNothing() {
        Map<String, Map<ReviewState, ReviewState>> table = legal();
        int legalCount = 0;
        int illegalCount = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, BiConsumer<ReviewGate, Draft>> op : operations().entrySet()) {
            for (ReviewState from : ReviewState.values()) {
                Draft d = draftIn(from);
                ReviewState expected = table.get(op.getKey()).get(from);
                int eventsBefore = sink.events.size();
                if (expected != null) {
                    op.getValue().accept(gate, d);
                    Draft after = store.find(d.id()).orElseThrow();
                    if (after.state() != expected) {
                        failures.add(op.getKey() + " from " + from + " gave " + after.state());
                    }
                    if (from != expected && !from.canMoveTo(expected) && from != ReviewState.COMMITTING) {
                        // commit passes through COMMITTING: check both legs against the enum's table
                        if (!(from.canMoveTo(ReviewState.COMMITTING) && ReviewState.COMMITTING.canMoveTo(expected))) {
                            failures.add("ReviewState table disagrees: " + from + " -> " + expected);
                        }
                    }
                    if (from == expected) {
                        assertThat(sink.events.size()).as("a no-op records nothing").isEqualTo(eventsBefore);
                    } else {
                        assertThat(sink.events.size()).as(op.getKey() + " from " + from).isGreaterThan(eventsBefore);
                    }
                    legalCount++;
                } else if (op.getKey().equals("expire")) {
                    op.getValue().accept(gate, d);
                    assertThat(store.find(d.id()).orElseThrow().version()).as("expire leaves " + from).isEqualTo(d.version());
                    illegalCount++;
                } else {
                    try {
                        op.getValue().accept(gate, d);
                        failures.add(op.getKey() + " from " + from + " was allowed");
                    } catch (ReviewStateException e) {
                        assertThat(e.state()).isEqualTo(from);
                        assertThat(e.operation()).isEqualTo(op.getKey());
                        assertThat(e).hasMessageContaining(d.id()).hasMessageContaining(from.name());
                    }
                    Draft after = store.find(d.id()).orElseThrow();
                    assertThat(after.version()).as(op.getKey() + " from " + from + " changed nothing")
                            .isEqualTo(d.version());
                    assertThat(sink.events.size()).as("refused transitions record nothing").isEqualTo(eventsBefore);
                    illegalCount++;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(legalCount).isEqualTo(14);
        assertThat(illegalCount).isEqualTo(8 * 9 - 14);
    }

    @Test
    void stateTable_terminalStatesHaveNoSuccessors_andEveryNonTerminalStateCanBeLeft() {
        EnumMap<ReviewState, Boolean> terminal = new EnumMap<>(ReviewState.class);
        for (ReviewState s : ReviewState.values()) {
            terminal.put(s, s.isTerminal());
        }
        assertThat(terminal).containsEntry(ReviewState.COMMITTED, true).containsEntry(ReviewState.REJECTED, true)
                .containsEntry(ReviewState.EXPIRED, true).containsEntry(ReviewState.WITHDRAWN, true)
                .containsEntry(ReviewState.PENDING, false).containsEntry(ReviewState.COMMITTING, false);
        assertThat(ReviewState.APPROVED.canMoveTo(ReviewState.COMMITTED)).as("commit always passes COMMITTING").isFalse();
        assertThatThrownBy(() -> ReviewState.PENDING.successors().add(ReviewState.COMMITTED))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
