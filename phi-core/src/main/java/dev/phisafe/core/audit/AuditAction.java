package dev.phisafe.core.audit;

/**
 * What happened, the "type of event" of NIST SP 800-53 AU-3(a) and the activity that 45 CFR 164.312(b) asks to
 * record. Each action maps to a FHIR R4 {@code AuditEvent} type, subtype and action code (IHE Basic Audit Log
 * Patterns); see {@code FhirAuditEventSink}.
 *
 * <p>Actions that touch PHI ({@link #accessesPhi()}) must name the purpose of use ({@link AuditEvent.Builder#purpose}).
 */
public enum AuditAction {
    /** A search or similarity query over PHI (a RAG query, an EHR search). FHIR: DCM 110112 Query, action E. */
    QUERY(true, "E"),
    /** PHI-carrying records or segments were read. FHIR: rest read, action R. */
    RETRIEVE(true, "R"),
    /** Text derived from PHI was sent to a model vendor (a disclosure, or a use under a BAA). FHIR: DCM 110106 Export. */
    DISCLOSE_TO_VENDOR(true, "R"),
    /** Placeholders in a model's output were mapped back to original PHI for an authorised caller. */
    REIDENTIFY(true, "E"),
    /**
     * PHI was stored: segments added to a (guarded) vector store, chat memory written (164.312(a)(2)(iv) encryption at
     * rest, 164.312(b) activity). FHIR action C.
     */
    STORE(true, "C"),
    /** An AI-generated draft was submitted for human review. */
    DRAFT_SUBMITTED(false, "C"),
    /** A reviewer claimed or was shown a draft. */
    REVIEW_STARTED(false, "R"),
    /** A reviewer approved, edited-and-approved or rejected a draft. */
    REVIEW_DECISION(false, "U"),
    /** An approved draft was committed to the record (or the commit failed, see the outcome). */
    RECORD_COMMIT(false, "C"),
    /** A draft expired or was withdrawn before a decision. */
    REVIEW_CLOSED(false, "U"),
    /** A key was created, rotated, used for unwrapping, disabled or destroyed (164.312(a)(2)(iv)). */
    KEY_OPERATION(false, "E"),
    /** An integrity check failed: a sealed segment, a journal, a signature (164.312(c)(1)). */
    INTEGRITY_FAILURE(false, "E"),
    /** A policy blocked text from reaching a destination (minimum necessary, 164.502(b)). */
    POLICY_BLOCK(false, "E"),
    /** An access was refused (wrong purpose, wrong patient, missing capability; 164.312(a)(1)). */
    ACCESS_DENIED(false, "E"),
    /** An audit journal epoch was deleted after its retention period or kept under a legal hold. */
    RETENTION(false, "D");

    private final boolean accessesPhi;
    private final String fhirAction;

    AuditAction(boolean accessesPhi, String fhirAction) {
        this.accessesPhi = accessesPhi;
        this.fhirAction = fhirAction;
    }

    /** @return whether this action reads, moves or reveals PHI (such events must state a purpose of use) */
    public boolean accessesPhi() {
        return accessesPhi;
    }

    /** @return the FHIR {@code AuditEvent.action} code: C, R, U, D or E */
    public String fhirAction() {
        return fhirAction;
    }
}
