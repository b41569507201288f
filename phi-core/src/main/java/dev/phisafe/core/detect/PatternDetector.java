package dev.phisafe.core.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A detector made from configuration: a regular expression in RE2 syntax (run by RE2/J, linear time whatever the
 * input), an optional validator, and optional context words. Build one with {@link PhiDetectors#pattern}.
 *
 * <p>Confidence: a match that passes the validator gets {@code baseConfidence}; a context word among the
 * {@code contextWindow} words before the match raises it to {@code contextConfidence}. With
 * {@code requireContext()}, matches without a context word are not reported.
 *
 * <p>Matches are found on whole-word boundaries: a match that starts or ends inside a run of letters or digits is
 * ignored.
 */
public final class PatternDetector extends TokenDetector {
    private final String name;
    private final PhiType type;
    private final Pattern pattern;
    private final Predicate<String> validator;
    private final Set<String> contextWords;
    private final int contextWindow;
    private final boolean requireContext;
    private final double baseConfidence;
    private final double contextConfidence;

    private PatternDetector(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.pattern = b.pattern;
        this.validator = b.validator;
        this.contextWords = Set.copyOf(b.contextWords);
        this.contextWindow = b.contextWindow;
        this.requireContext = b.requireContext;
        this.baseConfidence = b.baseConfidence;
        this.contextConfidence = b.contextConfidence;
    }

    static Builder builder(String name, PhiType type) {
        return new Builder(name, type);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(type);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        String text = t.text;
        Matcher m = pattern.matcher(text);
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            int s = m.start();
            int e = m.end();
            from = e > s ? e : s + 1;
            if (e == s || !boundary(text, s, e)) {
                continue;
            }
            if (validator != null && !validator.test(text.substring(s, e))) {
                continue;
            }
            boolean ctx = !contextWords.isEmpty() && contextBefore(t, s);
            if (requireContext && !ctx) {
                continue;
            }
            out.add(new PhiSpan(s, e, type, ctx ? contextConfidence : baseConfidence, name));
        }
    }

    private static boolean boundary(String text, int s, int e) {
        boolean leftOk = s == 0 || !Character.isLetterOrDigit(text.codePointBefore(s))
                || !Character.isLetterOrDigit(text.codePointAt(s));
        boolean rightOk = e >= text.length() || !Character.isLetterOrDigit(text.codePointAt(e))
                || !Character.isLetterOrDigit(text.codePointBefore(e));
        return leftOk && rightOk;
    }

    private boolean contextBefore(Tokens t, int start) {
        // binary search the token at or after start, then look back over the window
        int lo = 0;
        int hi = t.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t.start(mid) < start) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int words = 0;
        for (int i = lo - 1; i >= 0 && words < contextWindow; i--) {
            if (t.kind(i) == Tokens.PUNCT) {
                continue;
            }
            words++;
            if (contextWords.contains(t.lower(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PatternDetector{name=" + name + ", type=" + type + ", context=" + contextWords.size()
                + " words, requireContext=" + requireContext + "}";
    }

    /** Builder of a {@link PatternDetector}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final PhiType type;
        private Pattern pattern;
        private Predicate<String> validator;
        private final List<String> contextWords = new ArrayList<>();
        private int contextWindow = 4;
        private boolean requireContext;
        private double baseConfidence = 0.6;
        private double contextConfidence = 0.9;

        private Builder(String name, PhiType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
        }

        /**
         * @param regex an RE2 regular expression (no backreferences or lookaround: RE2 guarantees linear time)
         * @return this builder
         * @throws IllegalArgumentException if the expression does not compile; the message quotes the expression
         *         (configuration, not PHI)
         */
        public Builder regex(String regex) {
            Objects.requireNonNull(regex, "regex");
            if (pattern != null) {
                throw new IllegalStateException("regex already set for detector '" + name + "'");
            }
            try {
                this.pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("detector '" + name + "': invalid RE2 expression: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * @param validator returns true for a match that is a real identifier (e.g. a checksum); must be fast
         * @return this builder
         */
        public Builder validator(Predicate<String> validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * @param words words that, shortly before a match, raise its confidence (compared case-insensitively)
         * @return this builder
         */
        public Builder contextWords(String... words) {
            for (String w : words) {
                Objects.requireNonNull(w, "context word");
                Tokens t = Tokens.of(w);
                for (int i = 0; i < t.size(); i++) {
                    if (t.kind(i) != Tokens.PUNCT) {
                        contextWords.add(t.lower(i));
                    }
                }
            }
            return this;
        }

        /**
         * @param words how many words before a match are searched for context; 1–20, default 4
         * @return this builder
         */
        public Builder contextWindow(int words) {
            if (words < 1 || words > 20) {
                throw new IllegalArgumentException("contextWindow must lie in [1, 20], got " + words);
            }
            this.contextWindow = words;
            return this;
        }

        /**
         * Report matches only when a context word precedes them.
         *
         * @return this builder
         */
        public Builder requireContext() {
            this.requireContext = true;
            return this;
        }

        /**
         * @param withoutContext confidence of a match without context, in [0, 1] (default 0.6)
         * @param withContext    confidence of a match with context, in [0, 1] (default 0.9)
         * @return this builder
         */
        public Builder confidence(double withoutContext, double withContext) {
            if (!(withoutContext >= 0 && withoutContext <= 1 && withContext >= 0 && withContext <= 1)) {
                throw new IllegalArgumentException("confidences must lie in [0, 1]");
            }
            this.baseConfidence = withoutContext;
            this.contextConfidence = withContext;
            return this;
        }

        /**
         * @return the detector
         * @throws IllegalStateException if no regex was set, or context is required but no context word given
         */
        public PatternDetector build() {
            if (pattern == null) {
                throw new IllegalStateException("detector '" + name + "' needs a regex");
            }
            if (requireContext && contextWords.isEmpty()) {
                throw new IllegalStateException("detector '" + name + "': requireContext() needs contextWords(...)");
            }
            return new PatternDetector(this);
        }
    }

}
