package dev.phisafe.core.transform;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiDetector;
import dev.phisafe.core.detect.PhiSpan;
import java.util.List;
import java.util.Objects;

/**
 * Puts the originals back into model output: every placeholder the {@link PlaceholderResolver} knows is replaced
 * by its original value, and PHI the model introduced by itself is reported.
 *
 * <p>Forms recognised (models rarely copy a placeholder verbatim), for a resolver that knows {@code <NAME_1>}:
 * <ul>
 *   <li>{@code <NAME_1>}, {@code <name_1>}, {@code <Name_1>} — any letter case of the label;</li>
 *   <li>{@code < NAME_1 >} — at most one ASCII space after {@code '<'} and before {@code '>'};</li>
 *   <li>{@code <NAME_1>'s}, {@code (<NAME_1>)}, {@code <NAME_1>.}, {@code **<NAME_1>**} — what surrounds the
 *       placeholder stays, so possessives, punctuation and markdown survive;</li>
 *   <li>{@code NAME_1} without brackets — only as a whole word (not touching a letter, digit or {@code '_'}) and
 *       only when the resolver knows it; otherwise it is ordinary text.</li>
 * </ul>
 * A bracketed placeholder the resolver does not know stays as written and is listed in
 * {@link Reidentified#unknownPlaceholders()}. Strings that are not placeholders ({@code <FOO_1>},
 * {@code <NAME_01>}, {@code <NAME_1234567>}) are left alone. Originals are inserted as they are and never scanned
 * again.
 *
 * <p>New PHI: the model output, with every placeholder blanked out by spaces (so offsets do not move), is run
 * through the configured {@link PhiDetector}; what it finds is PHI that did not come through a placeholder —
 * memorization, hallucination or leakage — and is reported as types and offsets in
 * {@link Reidentified#newPhi()}. Note that values a policy let through unchanged (e.g. dates under a limited data
 * set) are reported too when the model repeats them: the detector cannot tell them apart.
 *
 * <p>For output that arrives in chunks, use {@link #streaming()}: same rules, same result text.
 *
 * <pre>{@code
 * Reidentifier reidentifier = Reidentifier.builder()
 *         .resolver(placeholder -> vaultView.original(placeholder))   // the filter adapts the vault
 *         .detector(PhiDetectors.defaults())
 *         .build();
 * Reidentified r = reidentifier.reidentify(modelAnswer);
 * show(r.text());  audit(r.restoredCounts(), r.unknownPlaceholders(), r.newPhi());
 * }</pre>
 *
 * <p>Cost: linear in the length of the output (each position is looked at by the placeholder scanner at most
 * {@value PlaceholderScanner#MAX_FORM_LENGTH} characters ahead), plus one detector pass.
 *
 * <p>Revealing: whoever holds a {@code Reidentifier} can turn placeholders into PHI; build it only from a resolver
 * that was handed out to an authorized caller. Immutable and thread-safe if the resolver and detector are.
 * Failures of the resolver or detector throw {@link PhiProcessingException} with no text in the message; nothing
 * is returned then (fail closed).
 */
public final class Reidentifier {

    private final PlaceholderResolver resolver;
    private final PhiDetector detector;
    private final java.util.function.UnaryOperator<String> dateUnshift;
    private final java.util.function.Supplier<java.util.Map<String, String>> knownValues;
    private final boolean hasKnownValues;
    private final PhiDetector dateDetector;

    private Reidentifier(Builder b) {
        this.resolver = b.resolver;
        this.detector = b.detector;
        this.dateUnshift = b.dateUnshift;
        this.knownValues = b.knownValues;
        this.dateDetector = b.dateDetector != null ? b.dateDetector : b.detector;
        this.hasKnownValues = b.hasKnownValues;
    }

    /** @return a new builder; both {@link Builder#resolver} and {@link Builder#detector} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Re-identifies one complete model output.
     *
     * @param modelOutput the text the model returned; not null
     * @return the re-identified text and the report
     * @throws NullPointerException     if {@code modelOutput} is null
     * @throws PhiProcessingException   if the resolver or the detector fails
     */
    public Reidentified reidentify(String modelOutput) {
        Objects.requireNonNull(modelOutput, "modelOutput");
        PlaceholderRestorer restorer = new PlaceholderRestorer(resolver);
        StringBuilder out = new StringBuilder(modelOutput.length() + 16);
        StringBuilder masked = new StringBuilder(modelOutput.length());
        restorer.restore(modelOutput, 0, true, out, masked);
        List<PhiSpan> found = newPhi(masked.toString());
        if (dateUnshift == null && !hasKnownValues) {
            return new Reidentified(out.toString(), restorer.restoredCounts(), restorer.unknownPlaceholders(), found);
        }
        // dates in the answer are in the shifted time frame: shift them back segment by segment (exactly as the
        // streaming variant does), then restore the placeholders; dates so explained are not new PHI
        List<int[]> replaced = new java.util.ArrayList<>();
        StringBuilder unshifted = new StringBuilder(modelOutput.length() + 16);
        new ShiftedDateRestorer(resolver, dateDetector, dateUnshift, knownValues.get(), replaced)
                .restore(modelOutput, 0, true, unshifted);
        List<PhiSpan> other = new java.util.ArrayList<>();
        for (PhiSpan s : found) {
            if (!covered(replaced, s)) {
                other.add(s);
            }
        }
        PlaceholderRestorer second = new PlaceholderRestorer(resolver);
        StringBuilder out2 = new StringBuilder(unshifted.length() + 16);
        second.restore(unshifted, 0, true, out2, null);
        return new Reidentified(out2.toString(), second.restoredCounts(), second.unknownPlaceholders(), other);
    }

    /** Whether a replaced date range overlaps the span (the span's date was put back into the real time frame). */
    private static boolean covered(List<int[]> replaced, PhiSpan s) {
        for (int[] r : replaced) {
            if (r[0] < s.end() && s.start() < r[1]) {
                return true;
            }
        }
        return false;
    }

    private List<PhiSpan> newPhi(String masked) {
        List<PhiSpan> found;
        try {
            found = detector.detect(masked);
        } catch (PhiProcessingException e) {
            throw e; // the suite already hides its cause
        } catch (RuntimeException e) {
            throw new PhiProcessingException("detector '" + detector.name() + "' failed ("
                    + e.getClass().getSimpleName() + ") on model output; the output must be treated as PHI");
        }
        if (found == null) {
            throw new PhiProcessingException("detector '" + detector.name() + "' returned null");
        }
        return found;
    }

    /**
     * Starts a streaming re-identification of one model output (one per response; not thread-safe). It uses this
     * re-identifier's resolver; it does not run the detector (run it on the assembled output if needed).
     *
     * @return a new streaming re-identifier
     */
    public StreamingReidentifier streaming() {
        if (dateUnshift == null && !hasKnownValues) {
            return new StreamingReidentifier(resolver, null);
        }
        return new StreamingReidentifier(resolver,
                new ShiftedDateRestorer(resolver, dateDetector, dateUnshift, knownValues.get(), null));
    }

    /** Describes the configuration; holds no PHI. */
    @Override
    public String toString() {
        return "Reidentifier{detector=" + detector.name() + "}";
    }

    /** Mutable, single-use configuration of a {@link Reidentifier}. Not thread-safe. */
    public static final class Builder {
        private PlaceholderResolver resolver;
        private PhiDetector detector;
        private java.util.function.UnaryOperator<String> dateUnshift;
        private java.util.function.Supplier<java.util.Map<String, String>> knownValues = java.util.Map::of;
        private boolean hasKnownValues;
        private PhiDetector dateDetector;

        private Builder() {
        }

        /**
         * Where originals come from (the filter adapts the pseudonym vault to this).
         *
         * @param resolver the resolver
         * @return this builder
         * @throws NullPointerException  if {@code resolver} is null
         * @throws IllegalStateException if a resolver was already set
         */
        public Builder resolver(PlaceholderResolver resolver) {
            Objects.requireNonNull(resolver, "resolver");
            if (this.resolver != null) {
                throw new IllegalStateException("resolver was already set");
            }
            this.resolver = resolver;
            return this;
        }

        /**
         * The detector that looks for new PHI in model output, e.g. {@code PhiDetectors.defaults()}.
         *
         * @param detector the detector
         * @return this builder
         * @throws NullPointerException  if {@code detector} is null
         * @throws IllegalStateException if a detector was already set
         */
        public Builder detector(PhiDetector detector) {
            Objects.requireNonNull(detector, "detector");
            if (this.detector != null) {
                throw new IllegalStateException("detector was already set");
            }
            this.detector = detector;
            return this;
        }

        /**
         * Dates in the output are in a shifted time frame (the prompt's dates were shifted per patient): each date
         * the detector finds in the output is mapped back with {@code unshift}, one content-defined segment of the
         * output at a time (a line, or about 400 characters ending at whitespace), in batch and streaming alike.
         *
         * @param unshift maps one shifted date text to the real one; throws {@code PhiProcessingException} if it
         *                cannot read the date
         * @return this builder
         */
        public Builder dateUnshift(java.util.function.UnaryOperator<String> unshift) {
            Objects.requireNonNull(unshift, "unshift");
            if (this.dateUnshift != null) {
                throw new IllegalStateException("dateUnshift was already set");
            }
            this.dateUnshift = unshift;
            return this;
        }

        /**
         * The values the filter emitted in place of originals that are not placeholders — shifted dates and
         * surrogates — exactly as written, with the original text each stood for. Such a value in the answer comes
         * back byte for byte: a surrogate wherever it stands alone, a shifted date where the date detector reads it
         * as a date (the same characters elsewhere may be no date at all: "9/27 nodes positive"); other dates are
         * shifted back by {@link #dateUnshift}. Asked once per {@link #reidentify} call and per
         * {@link #streaming()} stream, so that values filtered later in the conversation are known. Streaming then
         * holds back up to
         * {@link StreamingReidentifier#MAX_HOLDBACK_WITH_DATES} characters.
         *
         * @param knownValues supplies emitted text to original text; not null, and must not return null
         * @return this builder
         */
        public Builder knownValues(java.util.function.Supplier<java.util.Map<String, String>> knownValues) {
            this.knownValues = Objects.requireNonNull(knownValues, "knownValues");
            this.hasKnownValues = true;
            return this;
        }

        /**
         * The detector whose dates {@link #dateUnshift} shifts back (default: {@link #detector}); a suite restricted
         * to dates costs less and is what {@link PhiFilter#reidentifier} uses.
         *
         * @param dateDetector finds the dates of the output
         * @return this builder
         */
        public Builder dateDetector(PhiDetector dateDetector) {
            this.dateDetector = Objects.requireNonNull(dateDetector, "dateDetector");
            return this;
        }

        /**
         * @return the re-identifier
         * @throws IllegalStateException if the resolver or the detector is missing
         */
        public Reidentifier build() {
            if (resolver == null) {
                throw new IllegalStateException("resolver is required");
            }
            if (detector == null) {
                throw new IllegalStateException("detector is required (new PHI in model output must be looked for)");
            }
            return new Reidentifier(this);
        }
    }
}
