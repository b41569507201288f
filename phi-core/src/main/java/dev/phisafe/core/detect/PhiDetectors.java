package dev.phisafe.core.detect;

import dev.phisafe.core.PhiProcessingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The detector suite: runs a set of {@link PhiDetector}s over a text once, drops what the configuration excludes,
 * and resolves overlaps into a sorted list of non-overlapping {@link PhiSpan}s.
 *
 * <p>The default suite covers every Safe Harbor category that can appear in text. Configure it in one or two
 * lines:
 * <pre>{@code
 * PhiDetectors detectors = PhiDetectors.defaults().toBuilder()
 *         .disable(PhiType.URL)                          // types we do not want reported
 *         .allow("Parkinson", "Mayo")                   // terms that are never PHI here
 *         .deny(PhiType.UNIQUE_IDENTIFIER, "Project Falcon")  // terms that always are
 *         .add(PhiDetectors.pattern("employee-id", PhiType.UNIQUE_IDENTIFIER)
 *                 .regex("E[0-9]{6}").contextWords("employee").build())
 *         .build();
 * List<PhiSpan> spans = detectors.detect(text);
 * }</pre>
 *
 * <p>Overlaps: overlapping findings merge into one span over their union, so that redacting the result never
 * leaves part of an identifier behind; the merged span takes the type and confidence of its most confident part.
 * When the parts have different types, its detector reads {@code "a+b"} (e.g. {@code "age+location"}): such a
 * span holds more than one kind of identifier. Spans are trimmed of surrounding whitespace.
 *
 * <p>Failure: if a detector throws, {@link #detect} throws {@link PhiProcessingException} naming the detector,
 * never the text — callers must treat that as "PHI may be present" (fail closed).
 *
 * <p>Instances are immutable and thread-safe; build once and share. The default dictionaries are loaded once per
 * JVM, on first use.
 */
public final class PhiDetectors implements PhiDetector {

    /** Spans below this confidence are dropped unless the builder says otherwise. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    private final List<PhiDetector> detectors;
    private final Set<PhiType> enabled;
    private final Set<String> allowed;           // lower-case
    private final Map<String, PhiType> denied;   // lower-case term -> type
    private final PhraseMatcher<PhiType> denyMatcher;
    private final double minConfidence;

    /** The detectors that report at least one enabled type, in order. */
    private final List<PhiDetector> running;

    private PhiDetectors(Builder b) {
        this.detectors = List.copyOf(b.detectors.values());
        this.enabled = Collections.unmodifiableSet(EnumSet.copyOf(b.enabled));
        // a detector that reports no enabled type is skipped: its spans would be dropped before merging anyway
        List<PhiDetector> run = new ArrayList<>();
        for (PhiDetector d : detectors) {
            if (!Collections.disjoint(d.types(), enabled)) {
                run.add(d);
            }
        }
        this.running = List.copyOf(run);
        this.allowed = Set.copyOf(b.allowed);
        this.denied = Map.copyOf(b.denied);
        this.denyMatcher = PhraseMatcher.of(b.denied);
        this.minConfidence = b.minConfidence;
    }

    /**
     * The default suite: every built-in detector, every type enabled, {@link #DEFAULT_MIN_CONFIDENCE}.
     *
     * @return the shared default suite
     * @throws PhiProcessingException if the bundled dictionaries cannot be loaded
     */
    public static PhiDetectors defaults() {
        return DefaultHolder.DEFAULTS;
    }

    /**
     * A builder that starts from the default suite.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /**
     * A builder that starts with no detector at all, for suites assembled by hand.
     *
     * @return a new, empty builder
     */
    public static Builder emptyBuilder() {
        return new Builder();
    }

    /**
     * Starts a custom detector from a pattern (RE2 syntax, linear time), an optional validator and optional
     * context words.
     *
     * @param name a short, non-secret name for the detector
     * @param type the type its findings get
     * @return a builder
     */
    public static PatternDetector.Builder pattern(String name, PhiType type) {
        return PatternDetector.builder(name, type);
    }

    /** @return a builder holding this suite's configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (PhiDetector d : detectors) {
            b.detectors.put(d.name(), d);
        }
        b.enabled.clear();
        b.enabled.addAll(enabled);
        b.allowed.addAll(allowed);
        b.denied.putAll(denied);
        b.minConfidence = minConfidence;
        return b;
    }

    @Override
    public String name() {
        return "suite";
    }

    @Override
    public Set<PhiType> types() {
        return enabled;
    }

    /** @return the detectors this suite runs, in order */
    public List<PhiDetector> detectors() {
        return detectors;
    }

    /**
     * Finds PHI in {@code text}.
     *
     * @param text any text
     * @return non-overlapping spans sorted by start; empty for an empty text
     * @throws NullPointerException if {@code text} is null
     * @throws PhiProcessingException if a detector fails (the message names the detector only)
     */
    @Override
    public List<PhiSpan> detect(CharSequence text) {
        Objects.requireNonNull(text, "text");
        if (text.length() == 0) {
            return List.of();
        }
        return run(Tokens.of(text), null);
    }

    /**
     * The result of {@link #detectPass}: the spans, and how the suite's date detector read the text, so that
     * {@link #detectEdited} can read the dates of an edited copy without reading again what the edits left alone.
     * Holds the text; keep it no longer than the text itself. Its {@code toString} shows no text.
     */
    public static final class Pass {
        private final List<PhiSpan> spans;
        private final Tokens tokens;
        private final DateDetector.Trace dates;

        private Pass(List<PhiSpan> spans, Tokens tokens, DateDetector.Trace dates) {
            this.spans = spans;
            this.tokens = tokens;
            this.dates = dates;
        }

        /** @return what {@link #detect} finds in the text */
        public List<PhiSpan> spans() {
            return spans;
        }

        /** The text's tokens (null for an empty text). */
        Tokens tokens() {
            return tokens;
        }

        /** The date detector's trace, or null when the suite ran none. */
        DateDetector.Trace dateTrace() {
            return dates;
        }

        @Override
        public String toString() {
            return "PhiDetectors.Pass[" + spans.size() + " spans]";
        }
    }

    /**
     * Detects as {@link #detect} does, and keeps what {@link #detectEdited} needs to read an edited copy of the text
     * for dates cheaply (the filter checks its own output that way).
     *
     * @param text the text; not null
     * @return the spans, and the date detector's reading of the text
     * @throws PhiProcessingException as for {@link #detect}
     */
    public Pass detectPass(CharSequence text) {
        Objects.requireNonNull(text, "text");
        if (text.length() == 0) {
            return new Pass(List.of(), null, null);
        }
        Tokens tokens = Tokens.of(text);
        DateDetector.Trace trace = new DateDetector.Trace(tokens.size());
        List<PhiSpan> spans = run(tokens, trace);
        return new Pass(spans, tokens, traced() ? trace : null);
    }

    /** Whether this suite runs the built-in date detector (which a pass traces). */
    private boolean traced() {
        for (PhiDetector d : running) {
            if (d instanceof DateDetector) {
                return true;
            }
        }
        return false;
    }

    /**
     * What {@link #detect} finds in {@code edited[from, to)}, exactly, where {@code edited} is the text of
     * {@code before} with the ranges {@code edits} replaced. When this suite runs only the built-in date detector
     * and no deny list, the attempts of that detector that read only unedited text are taken from {@code before}
     * instead of made again; otherwise this is {@code detect(edited.substring(from, to))}.
     *
     * @param before the detection of the text before the edits (by any suite with the built-in date detector)
     * @param edited the edited text; not null
     * @param from   start of the part to read
     * @param to     end of the part to read
     * @param edits  {outStart, outEnd, inStart, inEnd, ...} for each replaced range, in order and not overlapping:
     *               {@code edited[outStart, outEnd)} replaced the text's {@code [inStart, inEnd)}; outside them
     *               {@code edited} must equal the text, or the result is undefined. An edit with a fifth value of 1
     *               is read as spaces, whatever {@code edited} holds there (a placeholder the reader blanks)
     * @return the spans, relative to {@code from}
     * @throws IllegalArgumentException if the range or the edits do not fit the two texts
     * @throws PhiProcessingException   as for {@link #detect}
     */
    public List<PhiSpan> detectEdited(Pass before, String edited, int from, int to, List<int[]> edits) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(edited, "edited");
        Objects.requireNonNull(edits, "edits");
        if (from < 0 || to > edited.length() || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is outside the edited text (length "
                    + edited.length() + ")");
        }
        if (from == to) {
            return List.of();
        }
        if (before.dates == null || denyMatcher != null || running.size() != 1
                || !(running.get(0) instanceof DateDetector)) {
            return detect(blanked(edited, edits, from, to));
        }
        checkEdits(before, edited, edits);
        DateDetector d = (DateDetector) running.get(0);
        List<PhiSpan> raw;
        Tokens tokens = null;
        try {
            raw = EditedDates.read(before.tokens, before.dates, edited, from, to, edits, d.name());
            if (raw == null) { // the trace cannot tell every outcome: the copy is tokenized and scanned
                raw = new ArrayList<>();
                tokens = Tokens.edited(edited, blanked(edited, edits, from, to), from, to, before.tokens, edits);
                d.detectEdited(tokens, raw, before.dates);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new PhiProcessingException("detector '" + d.name() + "' failed ("
                    + e.getClass().getSimpleName() + "); the text must be treated as containing PHI");
        }
        if (raw.isEmpty()) {
            return new ArrayList<>(0);
        }
        return resolve(tokens != null ? tokens.text : blanked(edited, edits, from, to), raw);
    }

    /**
     * Whether {@link #detectEdited} finds nothing in each of the parts {@code parts} of {@code edited}, as far as
     * the detection of the text before the edits can tell without reading the parts: true when this suite runs only
     * the built-in date detector, which found no date in the text before, every edit only blanks text (spaces, or
     * marked to be read as spaces), and no attempt the detector made there read across an edit, across the start of
     * a token whose space before changed, or across the edge of a part. False when that cannot be told; each part
     * is then read with {@link #detectEdited}. Costs a few binary searches per edit and per part edge.
     *
     * @param before the detection of the text before the edits
     * @param edited the edited text; not null
     * @param parts  {from, to} of each part, in order and not overlapping
     * @param edits  as for {@link #detectEdited}
     * @return whether every part is known to hold nothing this suite detects
     * @throws IllegalArgumentException if the parts or the edits do not fit the two texts
     */
    public boolean findsNothing(Pass before, String edited, int[] parts, List<int[]> edits) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(edited, "edited");
        Objects.requireNonNull(parts, "parts");
        Objects.requireNonNull(edits, "edits");
        for (int k = 0, at = 0; k < parts.length; k += 2) {
            if (k + 1 >= parts.length || parts[k] < at || parts[k + 1] < parts[k] || parts[k + 1] > edited.length()) {
                throw new IllegalArgumentException("parts must be {from, to} ranges of the edited text, in order");
            }
            at = parts[k + 1];
        }
        if (before.dates == null || denyMatcher != null || running.size() != 1
                || !(running.get(0) instanceof DateDetector) || edited.isEmpty()) {
            return false;
        }
        checkEdits(before, edited, edits);
        return EditedDates.none(before.tokens, before.dates, edited, parts, edits);
    }

    /** Checks that {@code edits} turn the text of {@code before} into {@code edited}, as far as lengths tell. */
    private static void checkEdits(Pass before, String edited, List<int[]> edits) {
        int delta = 0;
        int outAt = 0;
        int inAt = 0;
        for (int[] r : edits) {
            if (r.length < 4 || r[0] < outAt || r[1] < r[0] || r[2] < inAt || r[3] < r[2]
                    || r[0] - r[2] != delta) {
                throw new IllegalArgumentException("edits must be {outStart, outEnd, inStart, inEnd} in order, not "
                        + "overlapping, and consistent with the text between them");
            }
            delta += (r[1] - r[0]) - (r[3] - r[2]);
            outAt = r[1];
            inAt = r[3];
        }
        if (edited.length() - delta != before.tokens.text.length()) {
            throw new IllegalArgumentException("the edits do not turn a text of length "
                    + before.tokens.text.length() + " into one of length " + edited.length());
        }
    }

    /**
     * {@code edited[from, to)} with each edit marked as blanked made spaces where it overlaps the part: the part
     * alone is copied, so that reading a text part by part costs no more than reading it whole.
     */
    private static String blanked(String edited, List<int[]> edits, int from, int to) {
        StringBuilder m = null;     // (a builder keeps one byte per character where the text does)
        for (int[] r : edits) {
            if (r.length > 4 && r[4] == 1 && r[1] > from && r[0] < to) {
                if (m == null) {
                    m = new StringBuilder(to - from).append(edited, from, to);
                }
                for (int k = Math.max(r[0], from), e = Math.min(r[1], to); k < e; k++) {
                    m.setCharAt(k - from, ' ');
                }
            }
        }
        return m == null ? edited.substring(from, to) : m.toString();
    }


    private List<PhiSpan> run(Tokens tokens, DateDetector.Trace trace) {
        List<PhiSpan> raw = new ArrayList<>();
        for (PhiDetector d : running) {
            try {
                if (trace != null && d instanceof DateDetector) {
                    ((DateDetector) d).detect(tokens, raw, trace);
                    trace = null; // one trace, of the first date detector
                } else if (d instanceof TokenDetector) {
                    ((TokenDetector) d).detect(tokens, raw);
                } else {
                    List<PhiSpan> found = d.detect(tokens.text);
                    for (PhiSpan s : found) {
                        if (s.end() > tokens.text.length()) {
                            throw new IllegalStateException("span outside the text");
                        }
                        raw.add(s);
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                // fail closed; the cause may quote input, so it is not chained
                throw new PhiProcessingException("detector '" + d.name() + "' failed ("
                        + e.getClass().getSimpleName() + "); the text must be treated as containing PHI");
            }
        }
        if (denyMatcher != null) {
            denyMatcher.find(tokens, (s, e, type) -> raw.add(new PhiSpan(s, e, type, 1.0, "deny-list")));
        }
        return resolve(tokens.text, raw);
    }

    private List<PhiSpan> resolve(String text, List<PhiSpan> raw) {
        List<PhiSpan> kept = new ArrayList<>(raw.size());
        for (PhiSpan s : raw) {
            if (s.confidence() < minConfidence || !enabled.contains(s.type())) {
                continue;
            }
            int a = s.start();
            int b = s.end();
            while (a < b && Character.isWhitespace(text.charAt(a))) {
                a++;
            }
            while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
                b--;
            }
            if (a == b) {
                continue;
            }
            // never split a surrogate pair
            if (a > 0 && Character.isLowSurrogate(text.charAt(a)) && Character.isHighSurrogate(text.charAt(a - 1))) {
                a--;
            }
            if (b < text.length() && Character.isLowSurrogate(text.charAt(b))
                    && Character.isHighSurrogate(text.charAt(b - 1))) {
                b++;
            }
            if (!allowed.isEmpty() && !"deny-list".equals(s.detector())
                    && allowed.contains(text.substring(a, b).toLowerCase(Locale.ROOT))) {
                continue;
            }
            kept.add(a == s.start() && b == s.end() ? s : new PhiSpan(a, b, s.type(), s.confidence(), s.detector()));
        }
        if (kept.size() <= 1) {
            return kept;
        }
        Collections.sort(kept);
        List<PhiSpan> out = new ArrayList<>(kept.size());
        PhiSpan cur = kept.get(0);
        int curEnd = cur.end();
        for (int i = 1; i < kept.size(); i++) {
            PhiSpan s = kept.get(i);
            if (s.start() < curEnd) {
                // a union of findings of different types is marked "a+b", so that a transform that keeps part of a
                // value (a generalizer) knows the span holds more than one kind of identifier
                String mixed = s.type() == cur.type() ? null : merged(cur.detector(), s.detector());
                if (better(s, cur)) {
                    cur = s.start() == cur.start() && s.end() >= curEnd && mixed == null ? s
                            : new PhiSpan(cur.start(), Math.max(curEnd, s.end()), s.type(), s.confidence(),
                                    mixed == null ? s.detector() : mixed);
                } else if (mixed != null) {
                    cur = new PhiSpan(cur.start(), cur.end(), cur.type(), cur.confidence(), mixed);
                }
                curEnd = Math.max(curEnd, s.end());
            } else {
                out.add(cur.end() == curEnd ? cur
                        : new PhiSpan(cur.start(), curEnd, cur.type(), cur.confidence(), cur.detector()));
                cur = s;
                curEnd = s.end();
            }
        }
        out.add(cur.end() == curEnd ? cur : new PhiSpan(cur.start(), curEnd, cur.type(), cur.confidence(), cur.detector()));
        return out;
    }

    /** "age+location": the detectors of a merged span, each once. */
    private static String merged(String a, String b) {
        if (a.equals(b) || ("+" + a + "+").contains("+" + b + "+")) {
            return a.contains("+") ? a : a + "+" + b;
        }
        return a + "+" + b;
    }

    private static boolean better(PhiSpan a, PhiSpan b) {
        if (a.confidence() != b.confidence()) {
            return a.confidence() > b.confidence();
        }
        return a.length() > b.length();
    }

    /** Describes the configuration; holds no PHI and no dictionary content. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (PhiDetector d : detectors) {
            names.add(d.name());
        }
        return "PhiDetectors{detectors=" + names + ", enabled=" + enabled.size() + " types, allowTerms=" + allowed.size()
                + ", denyTerms=" + denied.size() + ", minConfidence=" + minConfidence + "}";
    }

    /** Mutable, single-use configuration of a suite. Not thread-safe. */
    public static final class Builder {
        private final Map<String, PhiDetector> detectors = new LinkedHashMap<>();
        private final Set<PhiType> enabled = EnumSet.allOf(PhiType.class);
        private final Set<String> allowed = new java.util.HashSet<>();
        private final Map<String, PhiType> denied = new LinkedHashMap<>();
        private double minConfidence = DEFAULT_MIN_CONFIDENCE;

        private Builder() {
        }

        /**
         * Adds a detector. Names must be unique within a suite.
         *
         * @param detector the detector
         * @return this builder
         * @throws IllegalArgumentException if a detector of that name is already present
         */
        public Builder add(PhiDetector detector) {
            Objects.requireNonNull(detector, "detector");
            String name = Objects.requireNonNull(detector.name(), "detector.name()");
            if (name.isBlank() || "suite".equals(name) || "deny-list".equals(name)) {
                throw new IllegalArgumentException("detector name must be non-blank and not reserved: '" + name + "'");
            }
            if (detectors.containsKey(name)) {
                throw new IllegalArgumentException("a detector named '" + name + "' is already in the suite");
            }
            detectors.put(name, detector);
            return this;
        }

        /**
         * Removes a detector by name.
         *
         * @param name the detector's name
         * @return this builder
         * @throws IllegalArgumentException if no detector has that name
         */
        public Builder remove(String name) {
            if (detectors.remove(name) == null) {
                throw new IllegalArgumentException("no detector named '" + name + "' in the suite: " + detectors.keySet());
            }
            return this;
        }

        /**
         * Reports only these types from now on (in addition to what {@link #enable} adds later).
         *
         * @param types the types to keep
         * @return this builder
         */
        public Builder only(PhiType... types) {
            enabled.clear();
            return enable(types);
        }

        /**
         * @param types types to report
         * @return this builder
         */
        public Builder enable(PhiType... types) {
            for (PhiType t : types) {
                enabled.add(Objects.requireNonNull(t, "type"));
            }
            return this;
        }

        /**
         * @param types types never to report
         * @return this builder
         */
        public Builder disable(PhiType... types) {
            for (PhiType t : types) {
                enabled.remove(Objects.requireNonNull(t, "type"));
            }
            return this;
        }

        /**
         * Terms that are never PHI here (compared case-insensitively with the whole text of a finding), e.g. the
         * name of your own product or a drug your detector mistakes for a surname.
         *
         * @param terms non-blank terms
         * @return this builder
         */
        public Builder allow(String... terms) {
            for (String t : terms) {
                allowed.add(checkTerm(t).toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Terms that are always PHI of {@code type} wherever they occur as whole words (case-insensitive), e.g. the
         * names of a study's participants or a local clinic. A deny-listed term is never removed by
         * {@link #allow}: disallow trumps allow.
         *
         * @param type  the type to report
         * @param terms non-blank terms
         * @return this builder
         */
        public Builder deny(PhiType type, String... terms) {
            Objects.requireNonNull(type, "type");
            for (String t : terms) {
                String k = checkTerm(t).toLowerCase(Locale.ROOT);
                PhiType prev = denied.putIfAbsent(k, type);
                if (prev != null && prev != type) {
                    throw new IllegalStateException("deny-list term given twice with different types: " + prev + " and " + type);
                }
            }
            return this;
        }

        /**
         * @param value spans below this confidence are dropped; in {@code [0, 1]}
         * @return this builder
         */
        public Builder minConfidence(double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException("minConfidence must lie in [0, 1], got " + value);
            }
            this.minConfidence = value;
            return this;
        }

        /**
         * @return the immutable suite
         * @throws IllegalStateException if no type is enabled
         */
        public PhiDetectors build() {
            if (enabled.isEmpty()) {
                throw new IllegalStateException("no PhiType is enabled; a suite that reports nothing is a configuration error");
            }
            return new PhiDetectors(this);
        }

        private static String checkTerm(String t) {
            Objects.requireNonNull(t, "term");
            if (t.isBlank()) {
                throw new IllegalArgumentException("terms must not be blank");
            }
            if (t.length() > 200) {
                throw new IllegalArgumentException("terms are limited to 200 characters, got " + t.length());
            }
            return t.strip();
        }
    }

    private static final class DefaultHolder {
        static final PhiDetectors DEFAULTS = load();

        private static PhiDetectors load() {
            Lexicon lexicon = Lexicon.load();
            Builder b = new Builder();
            b.add(new ContactDetector());
            b.add(new PhoneDetector());
            b.add(new IdentifierDetector());
            b.add(new DateDetector());
            b.add(new AgeDetector());
            b.add(new LocationDetector(lexicon));
            b.add(new NameDetector(lexicon));
            return b.build();
        }
    }
}
