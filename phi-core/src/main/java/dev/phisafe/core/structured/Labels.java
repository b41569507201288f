package dev.phisafe.core.structured;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.vault.Placeholders;

/** The replacement text of a structured PHI value: the same "[LABEL]" redaction and last-four mask as the filter. */
final class Labels {
    private Labels() {
    }

    /** "[NAME]": the redaction label the text filter writes for a removed value (PhiFilter REDACT). */
    static String label(PhiType type) {
        return "[" + Placeholders.label(type) + "]";
    }

    /**
     * The text written for a String value under a non-KEEP, non-BLOCK action. A structured value has no span context
     * (no date to shift, no vault to number it in), so every rewriting action falls back to the label: fail closed.
     */
    static String replace(PhiType type, PhiAction action, String value) {
        return action == PhiAction.MASK ? mask(value) : label(type);
    }

    /** "***-**-6789": the filter's masking rule. */
    static String mask(String value) {
        return dev.phisafe.core.transform.PhiFilter.mask(value);
    }
}
