package dev.phisafe.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** TODO: being written. */
final class IdentifierDetector extends TokenDetector {
    @Override
    public String name() {
        return "identifier";
    }

    @Override
    public Set<PhiType> types() {
        return EnumSet.of(PhiType.SOCIAL_SECURITY_NUMBER, PhiType.MEDICAL_RECORD_NUMBER, PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, PhiType.ACCOUNT_NUMBER, PhiType.CERTIFICATE_LICENSE_NUMBER, PhiType.VEHICLE_IDENTIFIER, PhiType.DEVICE_IDENTIFIER, PhiType.BIOMETRIC_IDENTIFIER, PhiType.UNIQUE_IDENTIFIER);
    }

    @Override
    void detect(Tokens t, List<PhiSpan> out) {
    }
}
