package dev.phisafe.core.evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One regulatory control with its verdict for the period and the live figures behind it.
 *
 * @param framework   {@code HIPAA} or {@code SOC2}
 * @param id          the clause, e.g. {@code 164.312(b)} or {@code CC7.2}
 * @param title       the clause's name
 * @param status      the verdict
 * @param configured  what the configuration does for this control (fixed prose and configuration identifiers)
 * @param figures     name to value (numbers, booleans, codes) that show the control operated
 * @param exceptions  why the status is not OPERATED (empty when it is)
 */
record Control(String framework, String id, String title, Status status, List<String> configured,
               Map<String, Object> figures, List<String> exceptions) {

    /** The verdict of a control for the period. */
    enum Status {
        /** The journal shows the control operating and nothing that contradicts it. */
        OPERATED,
        /** The control operated, but the figures show exceptions an auditor must follow up. */
        EXCEPTIONS,
        /** The audit journal failed verification: figures drawn from it cannot be relied on. */
        FAILED,
        /** Nothing in the configuration or the journal shows this control operating in the period. */
        NOT_EVIDENCED,
        /** An organisational control: the report supplies its inputs, it cannot show the control itself. */
        SUPPORTED
    }

    Control {
        configured = List.copyOf(configured);
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        exceptions = List.copyOf(exceptions);
    }

    String label() {
        return framework + " " + id;
    }
}
