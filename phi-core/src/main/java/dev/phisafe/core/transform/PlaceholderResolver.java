package dev.phisafe.core.transform;

import java.util.Optional;

/**
 * Looks up the original value behind a placeholder: the seam between re-identification and whatever holds the
 * mapping (the pseudonym vault, adapted by {@code PhiFilter}; a map in tests).
 *
 * <p>The {@code placeholder} passed in is always the <em>canonical</em> form {@code <LABEL_n>}: upper-case label,
 * angle brackets, no spaces, decimal number without leading zeros (e.g. {@code <NAME_1>},
 * {@code <HEALTH_PLAN_ID_12>}), whatever form the model wrote it in ({@code <name_1>}, {@code NAME_1},
 * {@code < NAME_1 >}). Labels: NAME, LOCATION, DATE, AGE, PHONE, FAX, EMAIL, SSN, MRN, HEALTH_PLAN_ID, ACCOUNT,
 * LICENSE, VEHICLE_ID, DEVICE_ID, URL, IP, BIOMETRIC, PHOTO, ID; {@code n} has 1 to 6 digits.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Return {@link Optional#empty()} for a placeholder this conversation never issued; never {@code null}.</li>
 *   <li>Be deterministic for the life of one re-identification (the streaming re-identifier may ask later than the
 *       batch one would, never more often per occurrence).</li>
 *   <li>Returning an original <em>reveals PHI</em>: an implementation is the place where the caller's
 *       authorization (a capability object) is checked, so build one only for an authorized caller.</li>
 *   <li>Throw only on failure (a locked or destroyed vault); the re-identifier then fails closed with a
 *       {@link dev.phisafe.core.PhiProcessingException} that quotes neither the exception nor the text. Never put an
 *       original into an exception message.</li>
 * </ul>
 *
 * <p>Example (tests, or an in-memory mapping): {@code PlaceholderResolver r = p -> Optional.ofNullable(map.get(p));}
 */
@FunctionalInterface
public interface PlaceholderResolver {

    /**
     * @param placeholder the canonical placeholder, e.g. {@code <NAME_1>}; never null
     * @return the original value, or empty if the placeholder is unknown
     */
    Optional<String> resolve(String placeholder);
}
