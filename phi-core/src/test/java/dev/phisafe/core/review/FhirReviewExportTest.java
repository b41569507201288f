package dev.phisafe.core.review;

import dev.phisafe.core.fhir.R4Validation;
import dev.phisafe.core.review.ReviewFixtures.RecordingSink;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import static dev.phisafe.core.review.ReviewFixtures.AUDIT_KEY;
import static dev.phisafe.core.review.ReviewFixtures.NOTE;
import static dev.phisafe.core.review.ReviewFixtures.REVIEWER;
import static dev.phisafe.core.review.ReviewFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The export is parsed and validated by HAPI FHIR 8.8.0's instance validator (test scope only): zero errors. */
class FhirReviewExportTest {
    private final ReviewGate gate = ReviewGate.builder().store(new InMemoryReviewStore()).auditSink(new RecordingSink())
            .auditKey(AUDIT_KEY).build();



    @Test
    void pendingDraft_preliminaryDocumentReference_validatesWithZeroErrors() {
        Draft d = gate.submit(request(NOTE));
        String json = FhirReviewExport.documentReference(d);
        assertThat(R4Validation.errors(json)).as(json).isEmpty();
        DocumentReference r = R4Validation.context().newJsonParser().parseResource(DocumentReference.class, json);
        assertThat(r.getDocStatus().toCode()).isEqualTo("preliminary");
        assertThat(new String(r.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8)).isEqualTo(NOTE);
        assertThat(r.getSubject().getReference()).isEqualTo("Patient/pat-7f3c");
        assertThat(r.getAuthenticator().isEmpty()).isTrue();
    }

    @Test
    void editedAndCommitted_finalDocumentReferenceAndProvenance_validateWithZeroErrors() throws Exception {
        Draft d = gate.claim(gate.submit(request(NOTE)).id(), REVIEWER);
        String edited = NOTE.replace("7.5 mg", "5 mg");
        gate.editAndApprove(d.id(), REVIEWER, d.textSha256(), edited, "corrected-medication-dose");
        gate.commit(d.id(), n -> "DocumentReference/" + n.draftId());
        Draft done = gate.find(d.id()).orElseThrow();

        String docJson = FhirReviewExport.documentReference(done);
        assertThat(R4Validation.errors(docJson)).as(docJson).isEmpty();
        DocumentReference doc = R4Validation.context().newJsonParser().parseResource(DocumentReference.class, docJson);
        assertThat(doc.getDocStatus().toCode()).isEqualTo("final");
        byte[] data = doc.getContentFirstRep().getAttachment().getData();
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(edited);
        assertThat(doc.getContentFirstRep().getAttachment().getHashElement().getValue())
                .as("R4 Attachment.hash is SHA-1 of the data")
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(data));
        assertThat(doc.getContentFirstRep().getAttachment().getExtensionString(FhirReviewExport.SHA256_EXTENSION))
                .isEqualTo(done.decision().orElseThrow().textSha256());
        assertThat(doc.getAuthenticator().getReference()).isEqualTo("Practitioner/" + REVIEWER);

        String provJson = FhirReviewExport.provenance(done);
        assertThat(R4Validation.errors(provJson)).as(provJson).isEmpty();
        Provenance p = R4Validation.context().newJsonParser().parseResource(Provenance.class, provJson);
        assertThat(p.getTargetFirstRep().getReference()).isEqualTo("DocumentReference/" + d.id());
        assertThat(p.getActivity().getCodingFirstRep().getCode()).isEqualTo("UPDATE");
        assertThat(p.getAgent()).extracting(a -> a.getType().getCodingFirstRep().getCode() + "=" + a.getWho().getReference())
                .containsExactly("author=Device/gpt-4o", "verifier=Practitioner/" + REVIEWER,
                        "author=Practitioner/" + REVIEWER);
        assertThat(p.getRecorded().toInstant()).isEqualTo(done.committedAt().orElseThrow());
    }

    @Test
    void approvedWithoutEdits_provenanceIsCreate_andIdsThatAreNotFhirIdsBecomeIdentifiers() {
        DraftRequest r = DraftRequest.builder().requester("dr:ruiz").serviceAccount("svc-scribe")
                .patient("urn:mrn:clinic-1|pat_77").model("gpt-4o").destination("openai").text(NOTE).build();
        Draft d = gate.claim(gate.submit(r).id(), "dr:chen@clinic");
        gate.approve(d.id(), "dr:chen@clinic", d.textSha256(), "ok");
        Draft a = gate.find(d.id()).orElseThrow();
        String doc = FhirReviewExport.documentReference(a);
        String prov = FhirReviewExport.provenance(a);
        assertThat(R4Validation.errors(doc)).as(doc).isEmpty();
        assertThat(R4Validation.errors(prov)).as(prov).isEmpty();
        assertThat(doc).contains("\"system\":\"urn:phisafe:patient\"");
        assertThat(prov).contains("\"code\":\"CREATE\"");
    }

    @Test
    void rejectedOrUndecidedDrafts_notExportedAsFinalOrWithProvenance() {
        Draft d = gate.claim(gate.submit(request(NOTE)).id(), REVIEWER);
        assertThatThrownBy(() -> FhirReviewExport.provenance(d)).isInstanceOf(ReviewStateException.class);
        gate.reject(d.id(), REVIEWER, d.textSha256(), "hallucination");
        Draft rejected = gate.find(d.id()).orElseThrow();
        assertThatThrownBy(() -> FhirReviewExport.documentReference(rejected)).isInstanceOf(ReviewStateException.class)
                .hasMessageNotContaining("Canary");
    }

    @Test
    void aiastLabel_isUnknownToTheR4CoreCodeSystem_whichIsWhyItIsNotEmitted() {
        String doc = FhirReviewExport.documentReference(gate.submit(request(NOTE)));
        String labelled = doc.replaceFirst("\\{", "{\"meta\":{\"security\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ObservationValue\",\"code\":\"AIAST\"}]},");
        assertThat(R4Validation.errors(labelled)).anySatisfy(e -> assertThat(e).contains("AIAST"));
        assertThat(R4Validation.errors(doc)).isEmpty();
    }

    @Test
    void validator_catchesBrokenResources_soTheZeroErrorResultMeansSomething() {
        String doc = FhirReviewExport.documentReference(gate.submit(request(NOTE)));
        assertThat(R4Validation.errors(doc.replace("\"docStatus\":\"preliminary\"", "\"docStatus\":\"draft\""))).isNotEmpty();
        assertThat(R4Validation.errors(doc.replace("\"status\":\"current\",", ""))).isNotEmpty();
        assertThat(Base64.getDecoder().decode(doc.replaceAll(".*\"hash\":\"([^\"]+)\".*", "$1"))).hasSize(20);
    }
}
