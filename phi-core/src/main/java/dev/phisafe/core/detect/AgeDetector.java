package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** TODO: being written. */
final class AgeDetector extends TokenDetector {
    @Override
    public String name() {
        return "age";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.AGE_OVER_89);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
    }
}
