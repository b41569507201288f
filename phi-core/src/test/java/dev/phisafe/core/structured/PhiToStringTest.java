package dev.phisafe.core.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.structured.PhiJacksonModuleTest.Patient;
import dev.phisafe.core.structured.PhiJacksonModuleTest.Visit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhiToStringTest {

    static class Base {
        @Phi(PhiType.NAME) String owner = "Canary Baseowner";
    }

    static class Child extends Base {
        String note = "ok";
        @Phi(PhiType.PHONE_NUMBER) String phone = null;
        private String mrn = "MRN-CANARY-9";
        Map<String, Visit> visits = Map.of("v", new Visit("Dr. Canary Visitor", null, "4B", null));

        @Phi(PhiType.MEDICAL_RECORD_NUMBER)
        String getMrn() {
            return mrn;
        }
    }

    @Test
    void record_showsLabelsForPhiComponentsAndValuesForOthers() {
        assertThat(PhiToString.of(new Visit("Dr. Canary", null, "4B", java.math.BigDecimal.ONE)))
                .isEqualTo("Visit{clinician=[NAME], date=[DATE], ward=4B, charge=[ACCOUNT]}");
    }

    @Test
    void pojo_superclassFirst_getterAnnotationHonoured_nullPhiShownAsLabel_nestedRendered() {
        assertThat(PhiToString.of(new Child())).isEqualTo(
                "Child{owner=[NAME], note=ok, phone=[PHONE], mrn=[MRN], visits={v=Visit{clinician=[NAME], "
                        + "date=[DATE], ward=4B, charge=[ACCOUNT]}}}");
    }

    @Test
    void canaryPatient_toString_carriesNoPhi() {
        String s = new Patient().toString();
        assertThat(s).startsWith("Patient{name=[NAME], ssn=[SSN], birthDate=[DATE], age=[AGE], emails=[EMAIL]");
        assertThat(s).contains("diagnosis=type 2 diabetes", "heightCm=172", "account=[ACCOUNT]",
                "visits=[Visit{clinician=[NAME]");
        assertThat(s).doesNotContain(PhiJacksonModuleTest.NAME, PhiJacksonModuleTest.SSN, PhiJacksonModuleTest.MRN,
                PhiJacksonModuleTest.EMAIL, "Canaryson", "1931", "ACCT-CANARY", "617-555");
    }

    @Test
    void nullAndPlainValues_renderAsStringValueOf() {
        assertThat(PhiToString.of(null)).isEqualTo("null");
        assertThat(PhiToString.of("plain")).isEqualTo("plain");
        assertThat(PhiToString.of(List.of(1, 2))).isEqualTo("[1, 2]");
    }
}
