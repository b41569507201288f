package dev.phisafe.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phisafe.core.policy.Purpose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;

/**
 * Renders {@link AuditEvent}s as FHIR R4 {@code AuditEvent} resources following the IHE Basic Audit Log Patterns
 * (BALP) "Minimal AuditEvent" discipline — identifiers only — and appends them, one JSON resource per line (FHIR
 * NDJSON), to a file that is forced to disk before {@link #record} returns. Ship that file to an ATNA Audit Record
 * Repository, or use {@link #toR4Json} to POST each resource yourself.
 *
 * <p>Mapping: {@code type} = DICOM 110112 Query / 110106 Export / 110110 Patient Record / 110113 Security Alert /
 * 110101 Audit Log Used by action; {@code subtype} = the phi-safe action code; {@code action} C/R/U/D/E;
 * {@code outcome} 0/4/8/12; {@code purposeOfEvent} from v3-ActReason; agents for the principal (requestor), the AI
 * service account and the destination (DICOM 110152, with vendor/model and BAA status); {@code source.observer} = the
 * component; entities for the patient (keyed digest, type 1 Person / role 1 Patient), records (type 2 / role 4),
 * queries (role 24, <b>no raw query</b>: a keyed digest instead of BALP's base64 query) and the PHI counts.
 * No HAPI FHIR dependency: JSON is written with Jackson. Thread-safe.
 */
public final class FhirAuditEventSink implements AuditSink {
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String ACTION_SYSTEM = "https://phisafe.dev/fhir/CodeSystem/audit-action";
    static final String ID_SYSTEM = "https://phisafe.dev/fhir/NamingSystem/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FileChannel out;

    private FhirAuditEventSink(FileChannel out) {
        this.out = out;
    }

    /**
     * @param ndjson the file to append to (created if missing)
     * @return the sink; close it with {@link #close()}
     * @throws AuditUnavailableException if the file cannot be opened
     */
    public static FhirAuditEventSink appendingTo(Path ndjson) {
        Objects.requireNonNull(ndjson, "ndjson");
        try {
            return new FhirAuditEventSink(FileChannel.open(ndjson, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new AuditUnavailableException("FHIR audit file cannot be opened (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    @Override
    public synchronized void record(AuditEvent event) {
        byte[] line = (toR4Json(event) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(false);
        } catch (IOException e) {
            throw new AuditUnavailableException("FHIR audit file write failed (" + e.getClass().getSimpleName()
                    + "); refuse the operation", e);
        }
    }

    /** Closes the file. */
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new AuditUnavailableException("FHIR audit file close failed", e);
        }
    }

    /**
     * @param event the event
     * @return the FHIR R4 AuditEvent resource as compact JSON
     */
    public static String toR4Json(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        ObjectNode r = JSON.createObjectNode();
        r.put("resourceType", "AuditEvent");
        r.put("id", event.id().toString());
        ObjectNode type = r.putObject("type");
        String[] t = dicomType(event.action());
        type.put("system", DCM).put("code", t[0]).put("display", t[1]);
        r.putArray("subtype").addObject().put("system", ACTION_SYSTEM)
                .put("code", event.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        r.put("action", event.action().fhirAction());
        r.put("recorded", AuditEvent.TIME.format(event.recorded()));
        r.put("outcome", event.outcome().fhirCode());
        event.reasonCode().ifPresent(c -> r.put("outcomeDesc", c));
        event.purpose().ifPresent(p -> r.putArray("purposeOfEvent").addObject().putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-ActReason").put("code", actReason(p)));
        ArrayNode agents = r.putArray("agent");
        boolean requestorSet = false;
        if (event.principal().isPresent()) {
            ObjectNode a = agents.addObject();
            a.putObject("type").putArray("coding").addObject()
                    .put("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType").put("code", "IRCP");
            ident(a.putObject("who"), "principal", event.principal().get());
            event.role().ifPresent(role -> a.putArray("role").addObject().put("text", role));
            a.put("requestor", true);
            requestorSet = true;
        }
        if (event.serviceAccount().isPresent()) {
            ObjectNode a = agents.addObject();
            a.putObject("type").putArray("coding").addObject().put("system", DCM).put("code", "110153")
                    .put("display", "Source Role ID");
            ident(a.putObject("who"), "service-account", event.serviceAccount().get());
            a.put("requestor", !requestorSet);
            if (event.policyId().isPresent()) {
                a.putArray("policy").add("urn:phisafe:policy:" + event.policyId().get()
                        + event.policyVersion().map(v -> ":" + v).orElse(""));
            }
        }
        event.destination().ifPresent(d -> {
            ObjectNode a = agents.addObject();
            a.putObject("type").putArray("coding").addObject().put("system", DCM).put("code", "110152")
                    .put("display", "Destination Role ID");
            ident(a.putObject("who"), "destination", d.vendor() + "/" + d.model());
            a.put("name", d.vendor() + "/" + d.model() + (d.inHouse() ? " (in-house)" : d.baa() ? " (BAA)"
                    : " (no BAA)"));
            a.put("requestor", false);
        });
        ObjectNode source = r.putObject("source");
        source.put("site", "phi-safe");
        ident(source.putObject("observer"), "component", event.component());
        source.putArray("type").addObject().put("system", "http://terminology.hl7.org/CodeSystem/security-source-type")
                .put("code", "4").put("display", "Application Server");
        ArrayNode entities = r.putArray("entity");
        event.subject().ifPresent(s -> {
            ObjectNode e = entities.addObject();
            digestIdent(e.putObject("what"), s);
            coding(e.putObject("type"), "http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person");
            coding(e.putObject("role"), "http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient");
        });
        for (KeyedDigest d : event.recordRefs()) {
            ObjectNode e = entities.addObject();
            digestIdent(e.putObject("what"), d);
            coding(e.putObject("type"), "http://terminology.hl7.org/CodeSystem/audit-entity-type", "2",
                    "System Object");
            coding(e.putObject("role"), "http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource");
        }
        for (KeyedDigest d : event.queryRefs()) {
            ObjectNode e = entities.addObject();
            coding(e.putObject("type"), "http://terminology.hl7.org/CodeSystem/audit-entity-type", "2",
                    "System Object");
            coding(e.putObject("role"), "http://terminology.hl7.org/CodeSystem/object-role", "24", "Query");
            e.putArray("detail").addObject().put("type", "query-hmac-sha256")
                    .put("valueString", "kid=" + d.keyId() + ";" + d.value());
        }
        ObjectNode facts = JSON.createObjectNode();
        ArrayNode details = facts.putArray("detail");
        if (event.destination().isPresent()) {
            details.addObject().put("type", "destination-baa")
                    .put("valueString", String.valueOf(event.destination().get().baa()));
        }
        event.phiCounts().forEach((k, v) -> details.addObject().put("type", "phi-count-" + k.name())
                .put("valueString", String.valueOf(v)));
        for (String k : event.keyIds()) {
            details.addObject().put("type", "key-id").put("valueString", k);
        }
        event.invocationId().ifPresent(v -> details.addObject().put("type", "invocation-id").put("valueString", v));
        event.conversation().ifPresent(v -> details.addObject().put("type", "conversation-id").put("valueString", v));
        for (Map.Entry<String, String> m : event.details().entrySet()) {
            details.addObject().put("type", m.getKey()).put("valueString", m.getValue());
        }
        for (Map.Entry<String, Long> m : event.measures().entrySet()) {
            details.addObject().put("type", m.getKey()).put("valueString", String.valueOf(m.getValue()));
        }
        for (Map.Entry<String, KeyedDigest> m : event.digests().entrySet()) {
            details.addObject().put("type", m.getKey() + "-hmac")
                    .put("valueString", "kid=" + m.getValue().keyId() + ";" + m.getValue().value());
        }
        if (!details.isEmpty()) {
            coding(facts.putObject("type"), "http://terminology.hl7.org/CodeSystem/audit-entity-type", "4", "Other");
            facts.put("description", "phi-safe audit facts (identifiers, counts and keyed digests only)");
            entities.add(facts);
        }
        if (entities.isEmpty()) {
            r.remove("entity");
        }
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new AuditUnavailableException("FHIR rendering failed", e);
        }
    }

    private static void ident(ObjectNode ref, String kind, String value) {
        ref.putObject("identifier").put("system", ID_SYSTEM + kind).put("value", value);
    }

    private static void digestIdent(ObjectNode ref, KeyedDigest d) {
        ref.putObject("identifier").put("system", ID_SYSTEM + "hmac-sha256/" + d.keyId()).put("value", d.value());
    }

    private static void coding(ObjectNode c, String system, String code, String display) {
        c.put("system", system).put("code", code).put("display", display);
    }

    private static String[] dicomType(AuditAction a) {
        switch (a) {
            case QUERY: return new String[]{"110112", "Query"};
            case DISCLOSE_TO_VENDOR: return new String[]{"110106", "Export"};
            case RETRIEVE: case REIDENTIFY: case DRAFT_SUBMITTED: case REVIEW_STARTED: case REVIEW_DECISION:
            case RECORD_COMMIT: case REVIEW_CLOSED: case STORE:
                return new String[]{"110110", "Patient Record"};
            case RETENTION: return new String[]{"110101", "Audit Log Used"};
            default: return new String[]{"110113", "Security Alert"};
        }
    }

    private static String actReason(Purpose p) {
        switch (p) {
            case TREATMENT: return "TREAT";
            case PAYMENT: return "HPAYMT";
            case HEALTHCARE_OPERATIONS: return "HOPERAT";
            case RESEARCH: return "HRESCH";
            default: return "PUBHLTH";
        }
    }

    @Override
    public String toString() {
        return "FhirAuditEventSink{R4 NDJSON}";
    }
}
