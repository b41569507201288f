package dev.phisafe.core.policy;

/**
 * What a {@link PhiPolicy} does to a detected span of one {@link dev.phisafe.core.detect.PhiType}.
 *
 * <p>The constants are ordered from the most revealing to the strictest, by what a recipient can learn: combining two
 * policies keeps, per type, the later of the two actions ({@link #stricter}), so a combination never weakens either.
 * The order ranks linkable outputs (a keyed token, the same in every conversation) and true partial values (the last
 * four digits, the year) as more revealing than values that carry nothing true (a surrogate, a numbered placeholder).
 * Every action from {@link #GENERALIZE} on is allowed by Safe Harbor (45 CFR 164.514(b)(2); a surrogate or a
 * placeholder is a re-identification code not derived from the individual's information, 164.514(c)); the actions
 * before it are not ({@link #safeHarbor()}).
 */
public enum PhiAction {
    /** Leave the value as it is. Only for recipients allowed to see it (in-house models, a limited data set). */
    KEEP,
    /** Shift a date by a per-patient offset derived from a key; intervals between one patient's dates survive. */
    SHIFT_DATE,
    /** Replace by a keyed token (HMAC), the same for the same value under the same key. Still PHI (164.514(c)). */
    PSEUDONYMIZE,
    /** Keep only the last four characters: {@code ***-**-6789}. */
    MASK,
    /** Generalize: a date to its year, an age over 89 to "90+", a ZIP code to its ZIP3 (or 000); else a placeholder. */
    GENERALIZE,
    /** Replace by a realistic value of the same shape, consistent within a conversation, not derived from the value. */
    SURROGATE,
    /** Replace by a numbered placeholder such as {@code <NAME_1>}, consistent within a conversation. */
    PLACEHOLDER,
    /** Replace by the type's label, e.g. {@code [NAME]}. */
    REDACT,
    /** Refuse the whole text: the caller gets a {@link PhiBlockedException}. The strictest action. */
    BLOCK;

    /** @return whether Safe Harbor allows this action for any type (GENERALIZE and every stricter action) */
    public boolean safeHarbor() {
        return ordinal() >= GENERALIZE.ordinal();
    }

    /**
     * @param other another action
     * @return the stricter of the two
     */
    public PhiAction stricter(PhiAction other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /**
     * @param other another action
     * @return whether this action reveals no more than {@code other}
     */
    public boolean atLeastAsStrictAs(PhiAction other) {
        return ordinal() >= other.ordinal();
    }
}
