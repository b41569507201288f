package dev.phisafe.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.integrity.IntegrityEnvelope;
import dev.phisafe.core.spi.Mac;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The check every retrieved {@link Content} passes before it may enter a prompt: its integrity envelope verifies for
 * the scope's tenant (45 CFR 164.312(c)(2)) and it belongs to the scope's patient (164.502(b)). Failures are audited
 * (before anything is released) and the content dropped.
 */
final class SegmentCheck {
    private final PhiGuard guard;
    private final Mac integrity;
    private final String patientKey;
    private final String component;

    SegmentCheck(PhiGuard guard, Mac integrity, String patientKey, String component) {
        this.guard = guard;
        this.integrity = integrity;
        this.patientKey = patientKey;
        this.component = component;
    }

    /** @return the contents that pass, in order; audits each failure and then one RETRIEVE event */
    List<Content> filter(List<Content> contents, PhiGuard.Bound bound) {
        String tenant = bound.scope().context().tenant();
        String patient = bound.scope().context().patient();
        List<Content> ok = new ArrayList<>(contents.size());
        List<AuditEvent.Builder> failures = new ArrayList<>();
        for (Content c : contents) {
            String reason = reject(c == null ? null : c.textSegment(), tenant, patient, bound.invocation().memo());
            if (reason == null) {
                ok.add(c);
                continue;
            }
            AuditEvent.Builder e = guard.auditor().event("other-patient".equals(reason) ? AuditAction.ACCESS_DENIED
                    : AuditAction.INTEGRITY_FAILURE, component, bound, AuditOutcome.SERIOUS_FAILURE).reasonCode(reason)
                    .keyId(integrity.keyId());
            Object id = c == null ? null : c.metadata().get(ContentMetadata.EMBEDDING_ID);
            if (id != null && guard.auditor().key() != null) {
                e.recordRef(guard.auditor().key(), id.toString());
            }
            failures.add(e);
        }
        failures.forEach(guard.auditor()::record);
        guard.auditor().record(guard.auditor().event(AuditAction.RETRIEVE, component, bound,
                failures.isEmpty() ? AuditOutcome.SUCCESS : AuditOutcome.MINOR_FAILURE)
                .measure("returned", ok.size()).measure("dropped", failures.size()).keyId(integrity.keyId()));
        return ok;
    }

    /** @return null if the segment may enter a prompt, else a reason code */
    String reject(TextSegment s, String tenant, String patient, InvocationMemo memo) {
        if (s == null || s.text() == null) {
            return "no-segment";
        }
        Map<String, String> env = new HashMap<>();
        s.metadata().toMap().forEach((k, v) -> {
            if (k.startsWith("phi.")) {
                env.put(k, String.valueOf(v));
            }
        });
        // an envelope verified earlier in this invocation for exactly this text, tenant and Mac is not recomputed
        if (!memo.isVerified(integrity, tenant, s.text(), env)) {
            IntegrityEnvelope e;
            try {
                e = IntegrityEnvelope.fromMetadata(env);
            } catch (IllegalArgumentException ex) {
                return "envelope-missing";
            }
            boolean verified;
            try {
                verified = e.tenant().equals(tenant) && e.verify(s.text(), integrity);
            } catch (RuntimeException ex) {
                verified = false;
            }
            if (!verified) {
                return "envelope-mismatch";
            }
            memo.verified(integrity, tenant, s.text(), env);
        }
        if (patient == null || !patient.equals(s.metadata().getString(patientKey))) {
            return "other-patient";
        }
        return null;
    }
}
