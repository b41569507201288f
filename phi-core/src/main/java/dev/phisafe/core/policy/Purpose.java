package dev.phisafe.core.policy;

/**
 * Why PHI is used or disclosed (HIPAA purposes of use, 45 CFR 164.506 and 164.512; research under 164.512(i) and
 * 164.514(e)). Recorded in audit events and used to choose a policy.
 */
public enum Purpose {
    /** Treatment of the patient (164.506). */
    TREATMENT,
    /** Payment (164.506). */
    PAYMENT,
    /** Health care operations: quality, training, administration (164.506). */
    HEALTHCARE_OPERATIONS,
    /** Research, with de-identified data, a limited data set and data use agreement, or an authorization/waiver. */
    RESEARCH,
    /** Public health activities (164.512(b)). */
    PUBLIC_HEALTH
}
