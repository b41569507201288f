package dev.phisafe.core.detect;

/**
 * The identifier categories of the HIPAA Safe Harbor de-identification method, 45 CFR 164.514(b)(2)(i)(A)–(R),
 * plus {@link #AGE_OVER_89}, which clause (C) names separately from dates.
 *
 * <p>The constant names are part of phi-safe's contracts: they are the labels of the gold data format and of the
 * output of {@code phi scan}. Each constant documents the clause it serves.
 */
public enum PhiType {
    /** (A) Names — of the patient, relatives, household members, employers and, conservatively, clinicians. */
    NAME("A"),
    /**
     * (B) All geographic subdivisions smaller than a state: street address, city, county, precinct, ZIP code and
     * their equivalent geocodes; phi-safe also counts facility and hospital names here, as clinical de-identification
     * corpora do, because a facility name narrows where a patient was.
     */
    GEOGRAPHIC_LOCATION("B"),
    /**
     * (C) All elements of dates (except year) for dates directly related to an individual: birth, admission,
     * discharge, death. A bare year is never a {@code DATE}.
     */
    DATE("C"),
    /** (C) All ages over 89 and all elements of dates (including year) indicative of such age. */
    AGE_OVER_89("C"),
    /** (D) Telephone numbers. */
    PHONE_NUMBER("D"),
    /** (E) Fax numbers. */
    FAX_NUMBER("E"),
    /** (F) Electronic mail addresses. */
    EMAIL_ADDRESS("F"),
    /** (G) Social security numbers. */
    SOCIAL_SECURITY_NUMBER("G"),
    /** (H) Medical record numbers. */
    MEDICAL_RECORD_NUMBER("H"),
    /** (I) Health plan beneficiary numbers (Medicare MBI, member, subscriber and policy ids). */
    HEALTH_PLAN_BENEFICIARY_NUMBER("I"),
    /** (J) Account numbers (payment cards, IBAN, bank and billing accounts). */
    ACCOUNT_NUMBER("J"),
    /** (K) Certificate and license numbers (DEA, NPI, driver's and medical licenses). */
    CERTIFICATE_LICENSE_NUMBER("K"),
    /** (L) Vehicle identifiers and serial numbers, including license plate numbers. */
    VEHICLE_IDENTIFIER("L"),
    /** (M) Device identifiers and serial numbers (UDI, implant serials). */
    DEVICE_IDENTIFIER("M"),
    /** (N) Web Universal Resource Locators. */
    URL("N"),
    /** (O) Internet Protocol address numbers. */
    IP_ADDRESS("O"),
    /** (P) Biometric identifiers, including finger and voice prints. */
    BIOMETRIC_IDENTIFIER("P"),
    /** (Q) Full-face photographs and any comparable images. Not detectable in text; present for policies. */
    FULL_FACE_PHOTO("Q"),
    /** (R) Any other unique identifying number, characteristic, or code. */
    UNIQUE_IDENTIFIER("R");

    private final String clause;

    PhiType(String clause) {
        this.clause = clause;
    }

    /**
     * The paragraph of 45 CFR 164.514(b)(2)(i) this type serves, as its letter ("A" … "R").
     *
     * @return the clause letter
     */
    public String clause() {
        return clause;
    }

    /**
     * The full citation, for reports: e.g. {@code "45 CFR 164.514(b)(2)(i)(A)"}.
     *
     * @return the citation
     */
    public String citation() {
        return "45 CFR 164.514(b)(2)(i)(" + clause + ")";
    }
}
