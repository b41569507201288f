package dev.phisafe.core.policy;

import dev.phisafe.core.detect.PhiType;

/**
 * Preset policies. Combine them with {@link PhiPolicy#and} (never weaker) and adapt them with
 * {@link PhiPolicy#toBuilder()}.
 */
public final class PhiPolicies {
    private PhiPolicies() {
    }

    /**
     * Safe Harbor de-identification (45 CFR 164.514(b)(2)): every identifier removed or generalized — dates to the
     * year, ages over 89 to "90+", ZIP codes to ZIP3 (000 where the ZIP3 holds 20,000 people or fewer), other
     * geography and every other identifier to a numbered placeholder, which is a re-identification code not derived
     * from the individual's information (164.514(c)). Output is de-identified for a recipient that has no access to
     * the placeholder mapping.
     */
    public static final PhiPolicy SAFE_HARBOR = PhiPolicy.builder("safe-harbor", 1)
            .action(PhiAction.PLACEHOLDER, PhiType.values())
            .action(PhiAction.GENERALIZE, PhiType.DATE, PhiType.AGE_OVER_89, PhiType.GEOGRAPHIC_LOCATION)
            .build();

    /**
     * Limited data set (45 CFR 164.514(e)): keeps dates, ages, and town or city, state and ZIP code; removes the
     * direct identifiers of 164.514(e)(2) (names, postal street addresses, phone and fax numbers, e-mail, SSN, record,
     * plan, account, certificate and licence numbers, vehicle and device identifiers, URLs, IP addresses, biometrics,
     * photographs). Still PHI: disclose only under a data use agreement. Geographic spans are generalized, because
     * the detector does not tell a street from a city: ZIP codes keep their ZIP3 and other places become
     * placeholders — stricter than the rule requires.
     */
    public static final PhiPolicy LIMITED_DATA_SET = PhiPolicy.builder("limited-data-set", 1)
            .action(PhiAction.PLACEHOLDER, PhiType.values())
            .action(PhiAction.KEEP, PhiType.DATE, PhiType.AGE_OVER_89)
            .action(PhiType.GEOGRAPHIC_LOCATION, PhiAction.GENERALIZE)
            .build();

    /**
     * Pseudonymized, for a vendor under a BAA: every identifier becomes a consistent placeholder the caller can map
     * back (ages over 89 too: "90 or older" could not be mapped back), dates are shifted per patient so that
     * intervals survive; re-identifying the filtered text gives the text back exactly. Still PHI (a reversible
     * code), so never for a destination without a BAA ({@link PhiPolicy#forDestination} caps it to Safe Harbor there).
     *
     * <p>To give the text back exactly whatever it holds, the filter reads the dates of its own output and checks that
     * each reads back as the prompt had it; so this preset costs about 1.3 times the time of detection alone (a few
     * microseconds on a short prompt), where the others stay within 1.2 times (docs/performance.md).
     */
    public static final PhiPolicy PSEUDONYMIZED = PhiPolicy.builder("pseudonymized", 1)
            .action(PhiAction.PLACEHOLDER, PhiType.values())
            .action(PhiType.DATE, PhiAction.SHIFT_DATE)
            .build();

    /**
     * In-house use (a model inside the covered entity, for treatment): the text passes unchanged, except the
     * identifiers no clinical answer needs — SSN, account and health-plan numbers, which are masked to their last four
     * characters. Use it only for {@link Destination.Builder#inHouse()} destinations.
     */
    public static final PhiPolicy IN_HOUSE = PhiPolicy.builder("in-house", 1)
            .action(PhiAction.KEEP, PhiType.values())
            .action(PhiAction.MASK, PhiType.SOCIAL_SECURITY_NUMBER, PhiType.ACCOUNT_NUMBER,
                    PhiType.HEALTH_PLAN_BENEFICIARY_NUMBER)
            .build();

    /**
     * A preset by its id.
     *
     * @param id {@code safe-harbor}, {@code limited-data-set}, {@code pseudonymized} or {@code in-house}
     * @return the preset
     * @throws IllegalArgumentException for another id
     */
    public static PhiPolicy byId(String id) {
        switch (id) {
            case "safe-harbor":
                return SAFE_HARBOR;
            case "limited-data-set":
            case "limited":
                return LIMITED_DATA_SET;
            case "pseudonymized":
                return PSEUDONYMIZED;
            case "in-house":
                return IN_HOUSE;
            default:
                throw new IllegalArgumentException("no preset policy '" + id
                        + "'; presets: safe-harbor, limited-data-set, pseudonymized, in-house");
        }
    }
}
