package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** TODO: being written. */
final class DateDetector extends TokenDetector {
    @Override
    public String name() {
        return "date";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.DATE);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
    }
}
