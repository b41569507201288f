package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Being written. */
final class NameDetector extends TokenDetector {
    private final Lexicon lexicon;

    NameDetector(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public String name() {
        return "name";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.NAME);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        if (lexicon == null) {
            throw new IllegalStateException();
        }
    }
}
