package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Re-identifies model output that arrives in chunks (a streaming chat response), with the same rules and the same
 * result as {@link Reidentifier#reidentify}: for any way of cutting the output into chunks — even inside a
 * placeholder or between the two halves of a surrogate pair — the concatenation of everything {@link #accept}
 * returns and what {@link #finish} returns equals the batch re-identified text.
 *
 * <p>Latency: text is released as soon as no placeholder can still be completing. What is held back is the
 * undecided tail only — from the first position where the text so far is a proper prefix of a placeholder form
 * (a {@code '<'}, {@code "<NA"}, a word start {@code "Na"} or {@code "NAME_1"} that might be followed by more
 * digits) — and a trailing high surrogate, so that a released piece never ends in half a code point. The bound:
 * at most {@value #MAX_HOLDBACK} UTF-16 characters are ever held back, the longest form
 * {@code "< HEALTH_PLAN_ID_999999 >"} (25 characters) without its final {@code '>'}.
 *
 * <p>With date shifting on (a {@link PhiFilter#reidentifier} for a policy that shifts dates), dates are put back
 * into the real time frame first, one content-defined segment at a time (a line, or about
 * 400 characters ending at whitespace), exactly as the batch re-identifier does; the bound on what is held back is
 * then {@value #MAX_HOLDBACK_WITH_DATES} characters, since a date cannot be judged before its context is complete.
 *
 * <p>Cost: each call is linear in the chunk length plus the held-back tail (at most {@value #MAX_HOLDBACK}).
 *
 * <p>One instance per model response; not thread-safe. After {@link #finish}, {@link #restoredCounts()} and
 * {@link #unknownPlaceholders()} report what {@link Reidentified} would. This class does not look for new PHI;
 * run the detector on the assembled output when needed. A resolver failure throws
 * {@link PhiProcessingException} (no text in the message) and the stream must be abandoned.
 */
public final class StreamingReidentifier {

    /** Most UTF-16 characters ever held back between calls: the longest placeholder form less one. */
    public static final int MAX_HOLDBACK = PlaceholderScanner.MAX_HOLDBACK;

    /** Most UTF-16 characters ever held back between calls when dates are shifted back too: a segment and a form. */
    public static final int MAX_HOLDBACK_WITH_DATES = ShiftedDateRestorer.MAX_HOLDBACK;

    /** Characters of input kept before the pending text: enough for the code point before it. */
    private static final int CONTEXT = 2;

    private final PlaceholderRestorer restorer;
    /** Up to {@link #CONTEXT} already-released input characters, then the pending (undecided) input. */
    private final StringBuilder buffer = new StringBuilder(64);
    private int pendingStart;
    private final StringBuilder out = new StringBuilder(64);
    private boolean finished;

    /** Raw model output not yet through the date stage (only when dates are shifted back). */
    private final StringBuilder dated = new StringBuilder(64);
    private final ShiftedDateRestorer dates;

    StreamingReidentifier(PlaceholderResolver resolver, ShiftedDateRestorer dates) {
        this.restorer = new PlaceholderRestorer(resolver);
        this.dates = dates;
    }

    /**
     * Takes the next chunk of model output.
     *
     * @param chunk the next piece, possibly empty, cut anywhere; not null
     * @return the re-identified text that can be released now (possibly empty)
     * @throws IllegalStateException  after {@link #finish}
     * @throws PhiProcessingException if the resolver fails
     */
    public String accept(CharSequence chunk) {
        Objects.requireNonNull(chunk, "chunk");
        if (finished) {
            throw new IllegalStateException("accept called after finish");
        }
        if (dates == null) {
            buffer.append(chunk);
        } else {
            dated.append(chunk);
            undate(false);
        }
        return drain(false);
    }

    /**
     * Ends the stream: the held-back tail is decided (an incomplete placeholder is ordinary text) and released.
     *
     * @return the rest of the re-identified text
     * @throws IllegalStateException  if called twice
     * @throws PhiProcessingException if the resolver fails
     */
    public String finish() {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finished = true;
        if (dates != null) {
            undate(true);
        }
        return drain(true);
    }

    /** Moves the complete segments of the raw output, dates shifted back, to the placeholder stage. */
    private void undate(boolean atEnd) {
        int consumed = dates.restore(dated, 0, atEnd, buffer);
        dated.delete(0, consumed);
        dates.dropped(consumed);
    }

    private String drain(boolean atEnd) {
        out.setLength(0);
        int consumed = restorer.restore(buffer, pendingStart, atEnd, out, null);
        int drop = Math.max(0, consumed - CONTEXT);
        buffer.delete(0, drop);
        pendingStart = consumed - drop;
        return out.toString();
    }

    /**
     * @return the number of UTF-16 characters received but not yet released; never above {@link #MAX_HOLDBACK}, or
     *         {@link #MAX_HOLDBACK_WITH_DATES} when dates are shifted back
     */
    public int heldBack() {
        return dated.length() + buffer.length() - pendingStart;
    }

    /** @return restored values per label so far, in label order; unmodifiable */
    public Map<String, Integer> restoredCounts() {
        return restorer.restoredCounts();
    }

    /** @return distinct unknown bracketed placeholders so far, canonical, in order of first appearance */
    public List<String> unknownPlaceholders() {
        return restorer.unknownPlaceholders();
    }

    /** Describes the state without any text. */
    @Override
    public String toString() {
        return "StreamingReidentifier{heldBack=" + heldBack() + ", finished=" + finished + ", restored="
                + restoredCounts() + ", unknownPlaceholders=" + unknownPlaceholders() + "}";
    }
}
