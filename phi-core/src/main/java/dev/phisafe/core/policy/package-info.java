/**
 * Minimum-necessary policies (45 CFR 164.502(b), 164.514(d)): what happens to each PHI type
 * ({@link dev.phisafe.core.policy.PhiAction}), per {@link dev.phisafe.core.policy.Destination} and
 * {@link dev.phisafe.core.policy.Purpose}. {@link dev.phisafe.core.policy.PhiPolicy} is deny by default and never
 * weakened by combination; {@link dev.phisafe.core.policy.PhiPolicies} holds the presets;
 * {@link dev.phisafe.core.policy.PolicyRouter} chooses per destination and purpose;
 * {@link dev.phisafe.core.policy.PolicyFiles} reads and writes JSON and YAML. The non-secret context of a request is
 * {@link dev.phisafe.core.policy.PhiContext}.
 */
package dev.phisafe.core.policy;
