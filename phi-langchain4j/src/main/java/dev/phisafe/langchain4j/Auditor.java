package dev.phisafe.langchain4j;

import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.audit.AuditSink;
import dev.phisafe.core.audit.AuditUnavailableException;
import dev.phisafe.core.spi.KeyedHash;

/**
 * Turns each guarded step into an {@link AuditEvent} keyed by the invocation id and records it synchronously, before
 * the PHI it is about flows: if the event cannot be built or recorded, the step throws and nothing is sent, stored or
 * revealed (45 CFR 164.312(b); NIST SP 800-53 AU-5). Without a sink, nothing is recorded.
 */
final class Auditor {
    static final String COMPONENT_CHAT = "phi-langchain4j/chat";
    static final String COMPONENT_STORE = "phi-langchain4j/store";
    static final String COMPONENT_RETRIEVER = "phi-langchain4j/retriever";
    static final String COMPONENT_MEMORY = "phi-langchain4j/memory";
    static final String COMPONENT_TOOL = "phi-langchain4j/tool";
    static final String COMPONENT_SERVICE = "phi-langchain4j/ai-service";
    static final String COMPONENT_GUARDRAIL = "phi-langchain4j/guardrail";

    private final AuditSink sink;
    private final KeyedHash key;

    Auditor(AuditSink sink, KeyedHash key) {
        this.sink = sink;
        this.key = key;
    }

    boolean enabled() {
        return sink != null;
    }

    /** The audit key for record and query digests, or null (then events carry counts and ids only). */
    KeyedHash key() {
        return key;
    }

    /**
     * An event about {@code bound}'s scope: who (the access principal), why, which conversation, which patient (as a
     * keyed digest when an audit key is set) and the invocation id.
     */
    AuditEvent.Builder event(AuditAction action, String component, PhiGuard.Bound bound, AuditOutcome outcome) {
        AuditEvent.Builder b = AuditEvent.builder(action).component(component).outcome(outcome);
        if (sink == null) {
            return b; // never recorded
        }
        try {
            b.principal(bound.scope().access().principal()).purpose(bound.scope().purpose())
                    .invocationId(bound.invocationId()).conversation(bound.scope().context().conversation());
            if (key != null && bound.scope().context().patient() != null) {
                b.subject(key, bound.scope().context().patient());
            }
        } catch (IllegalArgumentException e) {
            // the message names the field only (never the value)
            throw new AuditUnavailableException("an audit event could not be built: " + e.getMessage()
                    + "; nothing flowed");
        }
        return b;
    }

    /** Records the event; any failure of the sink stops the step (the caller lets nothing flow). */
    void record(AuditEvent.Builder event) {
        if (sink == null) {
            return;
        }
        AuditEvent e;
        try {
            e = event.build();
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw new AuditUnavailableException("an audit event could not be built (" + ex.getClass().getSimpleName()
                    + "); nothing flowed");
        }
        try {
            sink.record(e);
        } catch (AuditUnavailableException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new AuditUnavailableException("the audit sink failed (" + ex.getClass().getSimpleName()
                    + "); nothing flowed");
        }
    }

    @Override
    public String toString() {
        return sink == null ? "-" : sink.getClass().getSimpleName() + (key == null ? "" : ", key=" + key.keyId());
    }
}
