package dev.phisafe.core.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the built-in detectors: they read a shared {@link Tokens} so that a suite tokenizes the text once.
 * Standing alone, {@link #detect(CharSequence)} tokenizes for itself.
 */
abstract class TokenDetector implements PhiDetector {

    /** Adds this detector's findings in {@code tokens} to {@code out}. Must run in linear time. */
    abstract void detect(Tokens tokens, List<PhiSpan> out);

    @Override
    public final List<PhiSpan> detect(CharSequence text) {
        java.util.Objects.requireNonNull(text, "text");
        List<PhiSpan> out = new ArrayList<>();
        detect(Tokens.of(text), out);
        return out;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + "]";
    }
}
