package dev.phisafe.core.audit;

import dev.phisafe.core.fhir.R4Validation;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The R4 rendering is validated by HAPI FHIR's instance validator (test scope only): zero errors. */
class FhirAuditEventSinkTest {



    @Test
    void everyAction_fullAndMinimalEvents_validateWithZeroErrors() {
        int validated = 0;
        for (AuditAction a : AuditAction.values()) {
            for (AuditEvent base : List.of(AuditFixtures.fullEvent(1), AuditFixtures.minimalEvent(2))) {
                AuditEvent e = base;
                // same content under each action
                AuditEvent ev = AuditEvent.parse(new String(e.toCanonicalJson(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"action\":\"" + e.action().name() + "\"", "\"action\":\"" + a.name() + "\"")
                        .replace("\"reason\":\"no-baa\"", "\"purpose\":\"TREATMENT\",\"reason\":\"no-baa\"")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String json = FhirAuditEventSink.toR4Json(ev);
                assertThat(R4Validation.errors(json)).as(a + ": " + json).isEmpty();
                AuditFixtures.assertNoCanary("FHIR JSON", json);
                org.hl7.fhir.r4.model.AuditEvent parsed = R4Validation.context().newJsonParser()
                        .parseResource(org.hl7.fhir.r4.model.AuditEvent.class, json);
                assertThat(parsed.getAction()).isEqualTo(AuditEventAction.fromCode(a.fhirAction()));
                validated++;
            }
        }
        assertThat(validated).isEqualTo(2 * AuditAction.values().length);
    }

    @Test
    void validator_catchesBrokenResources_soTheZeroErrorResultMeansSomething() {
        String good = FhirAuditEventSink.toR4Json(AuditFixtures.fullEvent(1));
        assertThat(R4Validation.errors(good.replaceFirst("\"recorded\":\"[^\"]+\",", ""))).isNotEmpty();
        assertThat(R4Validation.errors(good.replace("\"outcome\":\"0\"", "\"outcome\":\"3\""))).isNotEmpty();
        assertThat(R4Validation.errors(good.replace("\"requestor\":true", "\"requestorX\":true"))).isNotEmpty();
    }

    @Test
    void fullEvent_mapsPatientQueryDestinationAndCounts() {
        String json = FhirAuditEventSink.toR4Json(AuditFixtures.fullEvent(1));
        org.hl7.fhir.r4.model.AuditEvent ae = R4Validation.context().newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.AuditEvent.class,
                json);
        assertThat(ae.getType().getCode()).isEqualTo("110106");
        assertThat(ae.getOutcome().toCode()).isEqualTo("0");
        assertThat(ae.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
        assertThat(ae.getAgent()).hasSize(3);
        assertThat(ae.getAgent().get(0).getRequestor()).isTrue();
        assertThat(ae.getAgent().get(2).getName()).isEqualTo("openai/gpt-4o (BAA)");
        assertThat(ae.getEntity().get(0).getRole().getCode()).isEqualTo("1");
        assertThat(ae.getEntity()).anySatisfy(e -> assertThat(e.getRole().getCode()).isEqualTo("24"));
        assertThat(json).contains("\"phi-count-NAME\"").doesNotContain("\"query\":");
    }

    @Test
    void sink_appendsNdjsonDurably(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.ndjson");
        FhirAuditEventSink sink = FhirAuditEventSink.appendingTo(f);
        sink.record(AuditFixtures.fullEvent(1));
        sink.record(AuditFixtures.minimalEvent(2));
        sink.close();
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(2);
        assertThat(R4Validation.errors(lines.get(1))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.record(AuditFixtures.minimalEvent(3)))
                .isInstanceOf(AuditUnavailableException.class);
    }
}
