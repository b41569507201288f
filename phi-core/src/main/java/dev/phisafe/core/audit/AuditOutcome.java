package dev.phisafe.core.audit;

/**
 * How the audited operation ended (NIST SP 800-53 AU-3(e)); the codes are those of FHIR R4
 * {@code AuditEvent.outcome} ({@code http://hl7.org/fhir/audit-event-outcome}).
 */
public enum AuditOutcome {
    /** The operation succeeded (FHIR 0). */
    SUCCESS("0"),
    /** The operation failed in a minor way, e.g. one segment dropped (FHIR 4). */
    MINOR_FAILURE("4"),
    /** The operation failed: refused, blocked, or an error (FHIR 8). */
    SERIOUS_FAILURE("8"),
    /** The operation failed and the system is in an unsafe or unknown state (FHIR 12). */
    MAJOR_FAILURE("12");

    private final String fhirCode;

    AuditOutcome(String fhirCode) {
        this.fhirCode = fhirCode;
    }

    /** @return the FHIR R4 outcome code */
    public String fhirCode() {
        return fhirCode;
    }
}
