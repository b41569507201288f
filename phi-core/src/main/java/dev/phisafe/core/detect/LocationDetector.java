package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Being written. */
final class LocationDetector extends TokenDetector {
    private final Lexicon lexicon;

    LocationDetector(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public String name() {
        return "location";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.GEOGRAPHIC_LOCATION);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
        if (lexicon == null) {
            throw new IllegalStateException();
        }
    }
}
