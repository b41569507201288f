/**
 * Transforms that turn a detected PHI span into something a recipient may see (issue 3): generalization under
 * Safe Harbor (45 CFR 164.514(b)(2)(i)(B) and (C): {@link dev.phisafe.core.transform.Zip3Generalizer},
 * {@link dev.phisafe.core.transform.AgeGeneralizer}, {@link dev.phisafe.core.transform.DateGeneralizer}) and
 * per-patient date shifting for pseudonymized output ({@link dev.phisafe.core.transform.DateShifter}).
 *
 * <p>Every transform is immutable and thread-safe, works on the text of one span (not on a whole document) and
 * never puts the text it was given into an exception message or {@code toString()}.
 */
package dev.phisafe.core.transform;
