package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** TODO: being written. */
final class PhoneDetector extends TokenDetector {
    @Override
    public String name() {
        return "phone";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.PHONE_NUMBER, PhiType.FAX_NUMBER);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
    }
}
