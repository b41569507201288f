/**
 * Transforms applied by {@link dev.phisafe.core.transform.PhiFilter} and their inverse: the filter itself and its
 * {@link dev.phisafe.core.transform.FilterResult}; Safe Harbor generalization (dates to the year, ages over 89 to
 * "90+", ZIP codes to ZIP3 with the 2000 HHS or 2020 Census list of sparsely populated prefixes); the per-patient
 * {@link dev.phisafe.core.transform.DateShifter}; and the batch and streaming
 * {@link dev.phisafe.core.transform.Reidentifier} that maps placeholders in model output back for an authorized caller.
 */
package dev.phisafe.core.transform;
