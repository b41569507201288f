/**
 * Transforms applied by {@code PhiFilter} and their inverse.
 *
 * <p>The inverse lives here today: {@link dev.phisafe.core.transform.Reidentifier} (batch) and
 * {@link dev.phisafe.core.transform.StreamingReidentifier} (chunked model output) put the originals back in place
 * of the numbered placeholders ({@code <NAME_1>}) that a pseudonymizing policy sent to a model, through a
 * {@link dev.phisafe.core.transform.PlaceholderResolver} that the filter adapts from the pseudonym vault.
 *
 * <p>Everything that scans model output is a hand-written, linear-time scanner: model output is untrusted text and
 * no regular expression sees it. Nothing in this package logs, throws or prints an original value.
 */
package dev.phisafe.core.transform;
