package dev.phisafe.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.structured.Phi;
import dev.phisafe.core.structured.PhiJacksonModule;
import dev.phisafe.core.structured.PhiToString;
import java.time.LocalDate;
import java.util.List;

/** Serialises an annotated DTO for a prompt or a log: the mapper writes no PHI the policy does not keep. */
public final class StructuredPhiExample {
    private StructuredPhiExample() {
    }

    /** A lab result as a tool returns it; the annotations say which values are PHI and of which type. */
    public record LabResult(@Phi(PhiType.NAME) String patient,
                            @Phi(PhiType.MEDICAL_RECORD_NUMBER) String mrn,
                            @Phi(PhiType.SOCIAL_SECURITY_NUMBER) String ssn,
                            @Phi(PhiType.DATE) LocalDate collected,
                            @Phi(PhiType.EMAIL_ADDRESS) List<String> alerts,
                            String test, double value, String unit) {
        @Override
        public String toString() {
            return PhiToString.of(this);   // safe to log: every @Phi value shows as its label
        }
    }

    /** Safe Harbor, except that the SSN may show its last four and the e-mail addresses are left out. */
    static final PhiPolicy FOR_PROMPT = PhiPolicies.SAFE_HARBOR.toBuilder()
            .action(PhiType.SOCIAL_SECURITY_NUMBER, PhiAction.MASK)
            .action(PhiType.EMAIL_ADDRESS, PhiAction.BLOCK)
            .build();

    /** Build once, share: the module is immutable and the mapper thread-safe once configured. */
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(PhiJacksonModule.of(FOR_PROMPT));

    public static String toPromptJson(LabResult r) throws JsonProcessingException {
        return MAPPER.writeValueAsString(r);
    }

    public static void main(String[] args) throws JsonProcessingException {
        LabResult r = new LabResult("Anna Smith", "4471-223", "123-45-6789", LocalDate.of(2024, 3, 14),
                List.of("anna@example.org"), "HbA1c", 7.5, "%");
        System.out.println(toPromptJson(r));
        System.out.println(r);
    }
}
