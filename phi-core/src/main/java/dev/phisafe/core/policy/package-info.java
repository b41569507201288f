/**
 * Minimum-necessary policies (45 CFR 164.502(b), 164.514(d)): what happens to each PHI type, per destination and
 * purpose. Being built (issue 3); {@link dev.phisafe.core.policy.PhiContext} is stable.
 */
package dev.phisafe.core.policy;
