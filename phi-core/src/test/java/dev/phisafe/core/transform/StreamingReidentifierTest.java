package dev.phisafe.core.transform;

import static dev.phisafe.core.transform.MapResolver.CANARY_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetectors;
import org.junit.jupiter.api.Test;

/**
 * Streaming re-identification: the same text as the batch one for every chunk size, text released as soon as no
 * placeholder can complete, the exact hold-back bound, split surrogate pairs, and the end of the stream.
 */
class StreamingReidentifierTest {

    private static final Reidentifier REID = Reidentifier.builder().resolver(MapResolver.standard())
            .detector(PhiDetectors.defaults()).build();

    /** A model answer with every form the batch tests cover. */
    static final String ANSWER = "**Summary for <NAME_1>** (DOB <date_1>):\n- <Name_1>'s plan < HEALTH_PLAN_ID_12 >"
            + " is active; NAME_2 will call.\n- Unknown <NAME_9>, adjacent <NAME_1><NAME_2>, id <ID_5>.\n"
            + "Emoji \ud83d\ude00 then <SSN_1>. Ends with <";

    /** Feeds {@code text} in chunks of {@code size} and returns everything released, asserting the bound. */
    static String streamInChunks(Reidentifier reid, String text, int size) {
        StreamingReidentifier s = reid.streaming();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += size) {
            out.append(s.accept(text.substring(i, Math.min(text.length(), i + size))));
            assertThat(s.heldBack()).isLessThanOrEqualTo(StreamingReidentifier.MAX_HOLDBACK);
        }
        return out.append(s.finish()).toString();
    }

    @Test
    void everyChunkSize_givesTheBatchText() {
        String batch = REID.reidentify(ANSWER).text();
        for (int size = 1; size <= ANSWER.length(); size++) {
            assertThat(streamInChunks(REID, ANSWER, size)).as("chunks of %d", size).isEqualTo(batch);
        }
    }

    @Test
    void countsAndUnknowns_afterFinish_equalTheBatchReport() {
        StreamingReidentifier s = REID.streaming();
        for (int i = 0; i < ANSWER.length(); i++) {
            s.accept(ANSWER.substring(i, i + 1));
        }
        s.finish();
        Reidentified batch = REID.reidentify(ANSWER);
        assertThat(s.restoredCounts()).isEqualTo(batch.restoredCounts());
        assertThat(s.unknownPlaceholders()).isEqualTo(batch.unknownPlaceholders());
    }

    @Test
    void plainText_isReleasedAtOnce() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("Hello world, the dose is 40 mg. ")).isEqualTo("Hello world, the dose is 40 mg. ");
        assertThat(s.heldBack()).isZero();
    }

    @Test
    void placeholderSplitAcrossChunks_isHeldThenReplaced() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("Dear <NA")).isEqualTo("Dear ");
        assertThat(s.heldBack()).isEqualTo(3);
        assertThat(s.accept("ME_1>, hi")).isEqualTo(CANARY_NAME + ", hi");
        assertThat(s.heldBack()).isZero();
        assertThat(s.finish()).isEmpty();
    }

    @Test
    void textIsReleased_assoonAsNoPlaceholderCanComplete() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("a <NAMX")).isEqualTo("a <NAMX");
        assertThat(s.accept(" x <q")).isEqualTo(" x <q");
        assertThat(s.accept(" <b")).isEqualTo(" "); // BIOMETRIC_1 could follow
        assertThat(s.accept("y")).isEqualTo("<by");
        assertThat(s.accept(" <NAME_0")).isEqualTo(" <NAME_0");
        assertThat(s.accept(" Patient")).isEqualTo(" Patient"); // no label starts with "PA"
        assertThat(s.heldBack()).isZero();
    }

    @Test
    void wordThatCouldStartABarePlaceholder_isHeldUntilDecided() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("see Na")).isEqualTo("see ");
        assertThat(s.accept("me")).isEmpty();
        assertThat(s.accept(" is")).isEqualTo("Name is");
        assertThat(s.accept(" NAME_1")).isEqualTo(" ");
        assertThat(s.heldBack()).isEqualTo(6); // more digits could follow
        assertThat(s.accept("'s")).isEqualTo(CANARY_NAME + "'"); // "s" could start SSN_1
        assertThat(s.accept(" chart")).isEqualTo("s chart");
    }

    @Test
    void ltAtEndOfStream_isReleasedByFinish() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("Hello <")).isEqualTo("Hello ");
        assertThat(s.heldBack()).isEqualTo(1);
        assertThat(s.finish()).isEqualTo("<");
        StreamingReidentifier t = REID.streaming();
        assertThat(t.accept("x <NAME_1 ")).isEqualTo("x ");
        assertThat(t.finish()).isEqualTo("<" + CANARY_NAME + " "); // no '>' came: a truncated bracket, bare NAME_1
    }

    @Test
    void surrogatePairSplitAcrossChunks_isNeverReleasedHalfway() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("a\ud83d")).isEqualTo("a");
        assertThat(s.heldBack()).isEqualTo(1);
        assertThat(s.accept("\ude00 9")).isEqualTo("\ud83d\ude00 9");
        StreamingReidentifier t = REID.streaming();
        assertThat(t.accept("\ud83d")).isEmpty();
        assertThat(t.finish()).isEqualTo("\ud83d"); // a lone surrogate at the end is passed through as it is
    }

    @Test
    void barePlaceholderFollowedBySplitSurrogatePair_waitsForTheWholeCodePoint() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("NAME_1\ud835")).isEmpty();
        assertThat(s.accept("\udc00!")).isEqualTo("NAME_1\ud835\udc00!"); // U+1D400 is a letter: not a whole word
        StreamingReidentifier t = REID.streaming();
        assertThat(t.accept("NAME_1\ud83d")).isEmpty();
        assertThat(t.accept("\ude00")).isEqualTo(CANARY_NAME + "\ud83d\ude00");
    }

    @Test
    void longestForm_holdsBackExactlyTheBound() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("x < LOCATION_123456 ")).isEqualTo("x ");
        assertThat(s.heldBack()).isEqualTo(18);
        assertThat(s.accept(">")).isEqualTo("Springfield");
        StreamingReidentifier t = REID.streaming();
        assertThat(t.accept("< HEALTH_PLAN_ID_123456 ")).isEmpty();
        assertThat(t.heldBack()).isEqualTo(StreamingReidentifier.MAX_HOLDBACK).isEqualTo(24);
        assertThat(t.accept(">")).isEqualTo("< HEALTH_PLAN_ID_123456 >"); // well-formed but unknown
        assertThat(t.unknownPlaceholders()).containsExactly("<HEALTH_PLAN_ID_123456>");
    }

    @Test
    void acceptAfterFinish_andFinishTwice_areRejected() {
        StreamingReidentifier s = REID.streaming();
        s.finish();
        assertThatThrownBy(() -> s.accept("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> REID.streaming().accept(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyChunks_releaseNothing() {
        StreamingReidentifier s = REID.streaming();
        assertThat(s.accept("")).isEmpty();
        assertThat(s.accept("<NAME_1>")).isEqualTo(CANARY_NAME);
        assertThat(s.accept("")).isEmpty();
        assertThat(s.finish()).isEmpty();
    }

    @Test
    void failingResolver_failsClosed_withoutQuotingItsMessage() {
        Reidentifier r = Reidentifier.builder().resolver(p -> {
            throw new IllegalStateException("vault broke while holding " + CANARY_NAME);
        }).detector(PhiDetectors.defaults()).build();
        StreamingReidentifier s = r.streaming();
        assertThat(s.accept("ok <NAME")).isEqualTo("ok ");
        assertThatThrownBy(() -> s.accept("_1>")).isInstanceOf(PhiProcessingException.class).hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY_NAME));
    }
}
