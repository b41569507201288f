package dev.phisafe.core.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Test-only: HAPI FHIR's R4 instance validator (base profiles, in-memory terminology), built once per test JVM and
 * shared by the tests that check phi-core's FHIR JSON (audit events, review export).
 */
public final class R4Validation {
    private R4Validation() {
    }

    private static final class Holder {
        static final FhirContext CONTEXT = FhirContext.forR4();
        static final FhirValidator VALIDATOR = CONTEXT.newValidator().registerValidatorModule(new FhirInstanceValidator(
                new ValidationSupportChain(new DefaultProfileValidationSupport(CONTEXT),
                        new InMemoryTerminologyServerValidationSupport(CONTEXT),
                        new CommonCodeSystemsTerminologyService(CONTEXT))));
    }

    /** @return the shared R4 context (for parsing what was validated) */
    public static FhirContext context() {
        return Holder.CONTEXT;
    }

    /**
     * @param json a resource as JSON
     * @return the validator's ERROR and FATAL messages; empty when the resource is valid
     */
    public static synchronized List<String> errors(String json) {
        ValidationResult r = Holder.VALIDATOR.validateWithResult(json);
        return r.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).collect(Collectors.toList());
    }
}
