package dev.phisafe.core.transform;

import dev.phisafe.core.detect.PhiType;
import java.util.EnumMap;
import java.util.Map;

/** Short labels of the types, as they appear in placeholders ({@code <NAME_1>}) and redactions ({@code [NAME]}). */
final class Labels {
    private static final Map<PhiType, String> LABELS = new EnumMap<>(PhiType.class);

    static {
        LABELS.put(PhiType.NAME, "NAME");
        LABELS.put(PhiType.GEOGRAPHIC_LOCATION, "LOCATION");
        LABELS.put(PhiType.DATE, "DATE");
        LABELS.put(PhiType.AGE_OVER_89, "AGE");
        LABELS.put(PhiType.PHONE_NUMBER, "PHONE");
        LABELS.put(PhiType.FAX_NUMBER, "FAX");
        LABELS.put(PhiType.EMAIL_ADDRESS, "EMAIL");
        LABELS.put(PhiType.SOCIAL_SECURITY_NUMBER, "SSN");
        LABELS.put(PhiType.MEDICAL_RECORD_NUMBER, "MRN");
        LABELS.put(PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER, "HEALTH_PLAN_ID");
        LABELS.put(PhiType.ACCOUNT_NUMBER, "ACCOUNT");
        LABELS.put(PhiType.CERTIFICATE_LICENSE_NUMBER, "LICENSE");
        LABELS.put(PhiType.VEHICLE_IDENTIFIER, "VEHICLE_ID");
        LABELS.put(PhiType.DEVICE_IDENTIFIER, "DEVICE_ID");
        LABELS.put(PhiType.URL, "URL");
        LABELS.put(PhiType.IP_ADDRESS, "IP");
        LABELS.put(PhiType.BIOMETRIC_IDENTIFIER, "BIOMETRIC");
        LABELS.put(PhiType.FULL_FACE_PHOTO, "PHOTO");
        LABELS.put(PhiType.UNIQUE_IDENTIFIER, "ID");
    }

    private Labels() {
    }

    static String of(PhiType type) {
        return LABELS.get(type);
    }
}
