package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** TODO: being written. */
final class ContactDetector extends TokenDetector {
    @Override
    public String name() {
        return "contact";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.EMAIL_ADDRESS, PhiType.URL, PhiType.IP_ADDRESS);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
    }
}
