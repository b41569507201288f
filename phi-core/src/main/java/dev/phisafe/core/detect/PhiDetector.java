package dev.phisafe.core.detect;

import java.util.List;
import java.util.Set;

/**
 * Finds PHI in text. This is the SPI: implement it to add a detector, or build one without code through
 * {@link PhiDetectors#pattern(String, PhiType)}.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #detect} runs in time linear in the length of the text, for any input — empty, megabytes long,
 *       non-BMP, control characters; no backtracking regular expression may see untrusted text.</li>
 *   <li>Returned spans lie inside the text, do not split surrogate pairs and may overlap; the suite resolves
 *       overlaps.</li>
 *   <li>Only programming errors throw. A detector that cannot work (a missing dictionary) fails when it is built,
 *       not per call.</li>
 *   <li>Implementations are immutable and thread-safe.</li>
 *   <li>Nothing the detector logs or throws contains text from the input.</li>
 * </ul>
 */
public interface PhiDetector {

    /**
     * @return a short, stable, non-secret name, reported in {@link PhiSpan#detector()}
     */
    String name();

    /**
     * @return the types this detector can report
     */
    Set<PhiType> types();

    /**
     * Finds PHI in {@code text}.
     *
     * @param text any text; not null
     * @return the findings, in any order; never null
     */
    List<PhiSpan> detect(CharSequence text);
}
