package dev.phisafe.core.transform;

/**
 * What a filtered text is, in HIPAA's terms. Derived from the effective policy (after the destination's cap), not
 * from what the detectors happened to find, because a label must hold for the PHI a detector missed too.
 */
public enum FilterLabel {
    /**
     * De-identified by the Safe Harbor method (45 CFR 164.514(b)(2)): every identifier removed or generalized;
     * placeholders are re-identification codes not derived from the individual's information (164.514(c)).
     */
    SAFE_HARBOR_DEIDENTIFIED,
    /**
     * A limited data set (164.514(e)): dates, ages and town, state and ZIP may remain; direct identifiers removed.
     * Still PHI: disclose only under a data use agreement.
     */
    LIMITED_DATA_SET,
    /**
     * Pseudonymized: identifiers replaced by codes derived from them or shifted per patient (keyed tokens, date
     * shifts, last four digits). Still PHI; for recipients under a BAA only.
     */
    PSEUDONYMIZED,
    /** Identifiable: the policy keeps some identifiers as they are. PHI. */
    IDENTIFIABLE
}
