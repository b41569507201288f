/**
 * PHI in structured data: the {@link dev.phisafe.core.structured.Phi @Phi} annotation marks a DTO property as PHI of
 * a type; {@link dev.phisafe.core.structured.PhiJacksonModule} applies a {@link dev.phisafe.core.policy.PhiPolicy}
 * to those properties whenever a Jackson mapper serialises the DTO (to a log, a prompt, a tool result), and
 * {@link dev.phisafe.core.structured.PhiToString} renders a DTO for {@code toString()} with every {@code @Phi} value
 * replaced by its label.
 *
 * <p>Structured values need no detection: the annotation says what the value is, so nothing is missed for want of
 * context — which is why an annotated value is never released unless the policy keeps its type.
 */
package dev.phisafe.core.structured;
