package dev.phisafe.core.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a reviewed draft as FHIR R4 JSON, with Jackson only (no HAPI at run time): the
 * {@code DocumentReference} holding the note, and the {@code Provenance} saying that an AI device wrote it and a
 * clinician verified it — the HL7 "AI Transparency on FHIR" pattern (AI {@code Device} as {@code author}, the human
 * as {@code verifier}). The IG's {@code meta.security} label {@code AIAST} ("AI asserted") is <em>not</em> emitted:
 * that code was added to {@code v3-ObservationValue} after FHIR R4 4.0.1, so validators against the R4 core code
 * system (HAPI 8.8.0 among them) report it as an unknown code (an error). AI authorship is carried by the
 * Provenance's Device {@code author} agent instead; add the label yourself if your validator loads current THO.
 *
 * <p><b>DocumentReference.</b> {@code docStatus} is {@code preliminary} while the draft is PENDING or IN_REVIEW and
 * {@code final} once approved (APPROVED, EDITED_AND_APPROVED, COMMITTING, COMMITTED); the content is then the approved
 * text. Rejected, expired and withdrawn drafts are not exported (they never reach the record).
 * {@code content.attachment} carries the text as base64 UTF-8 in {@code data}, its {@code size} in bytes, and
 * <b>{@code hash} = base64 SHA-1 of those bytes, because FHIR R4 defines {@code Attachment.hash} as SHA-1</b> — a
 * checksum against accidental corruption, not an integrity control (SHA-1 collisions are practical). The integrity
 * binding is the SHA-256 that the review decision holds: it is carried in the extension
 * {@value #SHA256_EXTENSION} (lowercase hex) and equals {@link ReviewDecision#textSha256()}.
 *
 * <p><b>Provenance.</b> {@code target} = the DocumentReference; {@code occurredDateTime} = decision time;
 * {@code recorded} = commit time (or decision time before the commit); {@code activity} = v3-DataOperation
 * {@code CREATE} ({@code UPDATE} if the reviewer edited); agents: the model as a {@code Device} with type
 * {@code author}, the reviewer as a {@code Practitioner} with type {@code verifier} (and also {@code author} when
 * edited); {@code reason} = v3-ActReason {@code TREAT}. No {@code signature}: sign the JSON with your own key if you
 * need non-repudiation beyond the audit trail.
 *
 * <p>References use {@code Type/id} when the id is a valid FHIR id ({@code [A-Za-z0-9\-.]{1,64}}) and a logical
 * reference by identifier (system {@value #ID_SYSTEM_PREFIX}{@code <type>}) otherwise. The output contains PHI (the
 * note and the patient reference): it belongs in the record, never in a log. Stateless and thread-safe.
 */
public final class FhirReviewExport {
    /** Extension URL carrying the SHA-256 (hex) of the attachment data, the hash the reviewer's decision binds. */
    public static final String SHA256_EXTENSION = "https://phisafe.dev/fhir/StructureDefinition/attachment-sha256";
    /** Identifier system prefix for ids that are not valid FHIR ids. */
    public static final String ID_SYSTEM_PREFIX = "urn:phisafe:";
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FhirReviewExport() {
    }

    /**
     * @param draft a draft that is pending, in review, approved, committing or committed
     * @return the FHIR R4 DocumentReference JSON
     * @throws ReviewStateException if the draft is rejected, expired or withdrawn
     */
    public static String documentReference(Draft draft) {
        Objects.requireNonNull(draft, "draft");
        ReviewState s = draft.state();
        boolean preliminary = s == ReviewState.PENDING || s == ReviewState.IN_REVIEW;
        if (!preliminary && draft.approvedText().isEmpty()) {
            throw new ReviewStateException(draft.id(), s, "documentReference", "only drafts under review or approved "
                    + "are exported");
        }
        String text = preliminary ? draft.text() : draft.approvedText().orElseThrow();
        byte[] bytes = Texts.utf8("text", text);
        ObjectNode o = JSON.createObjectNode();
        o.put("resourceType", "DocumentReference");
        o.put("id", draft.id());
        ObjectNode ident = o.putArray("identifier").addObject();
        ident.put("system", "urn:ietf:rfc:3986");
        ident.put("value", "urn:uuid:" + draft.id());
        o.put("status", "current");
        o.put("docStatus", preliminary ? "preliminary" : "final");
        o.set("subject", reference("Patient", draft.patient()));
        o.put("date", (preliminary ? draft.createdAt() : draft.decision().orElseThrow().decidedAt()).toString());
        o.putArray("author").add(reference("Device", draft.model()));
        if (!preliminary) {
            o.set("authenticator", reference("Practitioner", draft.reviewer().orElseThrow()));
        }
        ObjectNode att = o.putArray("content").addObject().putObject("attachment");
        ObjectNode ext = att.putArray("extension").addObject();
        ext.put("url", SHA256_EXTENSION);
        ext.put("valueString", Texts.sha256Hex(text));
        att.put("contentType", "text/plain");
        att.put("data", Base64.getEncoder().encodeToString(bytes));
        att.put("size", bytes.length);
        att.put("hash", Base64.getEncoder().encodeToString(Texts.digest("SHA-1", bytes)));
        draft.encounter().ifPresent(e -> o.putObject("context").putArray("encounter").add(reference("Encounter", e)));
        return o.toString();
    }

    /**
     * @param draft an approved, committing or committed draft
     * @return the FHIR R4 Provenance JSON for its DocumentReference
     * @throws ReviewStateException if the draft has no approval
     */
    public static String provenance(Draft draft) {
        Objects.requireNonNull(draft, "draft");
        ReviewDecision d = draft.decision().filter(ReviewDecision::approved).orElseThrow(() ->
                new ReviewStateException(draft.id(), draft.state(), "provenance", "only approved drafts have one"));
        if (draft.state() == ReviewState.WITHDRAWN) {
            throw new ReviewStateException(draft.id(), draft.state(), "provenance", "withdrawn drafts are not exported");
        }
        boolean edited = d.outcome() == ReviewDecision.Outcome.EDITED_AND_APPROVED;
        Instant recorded = draft.committedAt().orElse(d.decidedAt());
        ObjectNode o = JSON.createObjectNode();
        o.put("resourceType", "Provenance");
        o.put("id", "prov-" + draft.id().substring(0, Math.min(draft.id().length(), 58)).replaceAll("[^A-Za-z0-9\\-.]", "-"));
        o.putArray("target").addObject().put("reference", "DocumentReference/" + draft.id());
        o.put("occurredDateTime", d.decidedAt().toString());
        o.put("recorded", recorded.toString());
        ObjectNode reason = o.putArray("reason").addObject();
        coding(reason, "http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", "treatment");
        ObjectNode activity = o.putObject("activity");
        coding(activity, "http://terminology.hl7.org/CodeSystem/v3-DataOperation", edited ? "UPDATE" : "CREATE",
                edited ? "revise" : "create");
        ArrayNode agents = o.putArray("agent");
        agent(agents, "author", "Author", reference("Device", draft.model()));
        agent(agents, "verifier", "Verifier", reference("Practitioner", d.reviewer()));
        if (edited) {
            agent(agents, "author", "Author", reference("Practitioner", d.reviewer()));
        }
        return o.toString();
    }

    private static void agent(ArrayNode agents, String code, String display, ObjectNode who) {
        ObjectNode a = agents.addObject();
        coding(a.putObject("type"), "http://terminology.hl7.org/CodeSystem/provenance-participant-type", code, display);
        a.set("who", who);
    }

    private static void coding(ObjectNode concept, String system, String code, String display) {
        ObjectNode c = concept.putArray("coding").addObject();
        c.put("system", system);
        c.put("code", code);
        c.put("display", display);
    }

    private static ObjectNode reference(String type, String id) {
        ObjectNode r = JSON.createObjectNode();
        if (FHIR_ID.matcher(id).matches()) {
            r.put("reference", type + "/" + id);
        } else {
            r.put("type", type);
            ObjectNode i = r.putObject("identifier");
            i.put("system", ID_SYSTEM_PREFIX + type.toLowerCase(java.util.Locale.ROOT));
            i.put("value", id);
        }
        return r;
    }
}
