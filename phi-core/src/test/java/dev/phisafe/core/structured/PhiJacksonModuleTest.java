package dev.phisafe.core.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PhiPolicy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PhiJacksonModuleTest {

    static final String NAME = "Zebulon Canaryfield";
    static final String SSN = "987-65-4329";
    static final String MRN = "MRN-CANARY-771234";
    static final String EMAIL = "zeb.canary@example.org";
    static final LocalDate BIRTH = LocalDate.of(1931, 2, 17);

    /** A POJO: private fields, public getters; annotations on fields and on one getter. */
    public static class Patient {
        @Phi(PhiType.NAME) private String name = NAME;
        @Phi(PhiType.SOCIAL_SECURITY_NUMBER) private String ssn = SSN;
        @Phi(PhiType.DATE) private LocalDate birthDate = BIRTH;
        @Phi(PhiType.AGE_OVER_89) private int age = 95;
        @Phi(PhiType.EMAIL_ADDRESS) private List<String> emails = List.of(EMAIL, "second.canary@example.org");
        @Phi(PhiType.PHONE_NUMBER) private String[] phones = {"617-555-0199"};
        @Phi(PhiType.MEDICAL_RECORD_NUMBER) private Map<String, String> records = new LinkedHashMap<>(
                Map.of("mercy", MRN));
        @Phi(PhiType.NAME) private String nickname;   // null
        private String diagnosis = "type 2 diabetes";
        private int heightCm = 172;
        private Visit lastVisit = new Visit("Dr. Quillon Canaryson", BIRTH.plusYears(90), "4B", null);
        private List<Visit> visits = List.of(new Visit("Dr. Quillon Canaryson", BIRTH, "ICU", BigDecimal.TEN));
        private String account = "ACCT-CANARY-0042";

        public String getName() { return name; }
        public String getSsn() { return ssn; }
        public LocalDate getBirthDate() { return birthDate; }
        public int getAge() { return age; }
        public List<String> getEmails() { return emails; }
        public String[] getPhones() { return phones; }
        public Map<String, String> getRecords() { return records; }
        public String getNickname() { return nickname; }
        public String getDiagnosis() { return diagnosis; }
        public int getHeightCm() { return heightCm; }
        public Visit getLastVisit() { return lastVisit; }
        public List<Visit> getVisits() { return visits; }
        @Phi(PhiType.ACCOUNT_NUMBER) public String getAccount() { return account; }

        @Override
        public String toString() {
            return PhiToString.of(this);
        }
    }

    /** A record nested in the POJO. */
    public record Visit(@Phi(PhiType.NAME) String clinician, @Phi(PhiType.DATE) LocalDate date, String ward,
                        @Phi(PhiType.ACCOUNT_NUMBER) BigDecimal charge) {
    }

    private static PhiPolicy all(PhiAction action) {
        return PhiPolicy.builder("test", 1).action(action, PhiType.values()).build();
    }

    private static ObjectMapper mapper(PhiPolicy policy) {
        return new ObjectMapper().registerModule(PhiJacksonModule.of(policy));
    }

    private static JsonNode json(PhiPolicy policy, Object dto) throws Exception {
        return mapper(policy).readTree(mapper(policy).writeValueAsString(dto));
    }

    @Test
    void redact_writesLabelForEveryPhiPropertyOfEveryShape() throws Exception {
        JsonNode n = json(all(PhiAction.REDACT), new Patient());
        assertThat(n.get("name").asText()).isEqualTo("[NAME]");
        assertThat(n.get("ssn").asText()).isEqualTo("[SSN]");
        assertThat(n.get("birthDate").asText()).isEqualTo("[DATE]");
        assertThat(n.get("age").asText()).isEqualTo("[AGE]");
        assertThat(n.get("emails").toString()).isEqualTo("[\"[EMAIL]\",\"[EMAIL]\"]");
        assertThat(n.get("phones").toString()).isEqualTo("[\"[PHONE]\"]");
        assertThat(n.get("records").toString()).isEqualTo("{\"mercy\":\"[MRN]\"}");
        assertThat(n.get("account").asText()).isEqualTo("[ACCOUNT]");
    }

    @Test
    void nestedPojoAndRecordAndListOfRecords_areProtectedRecursively() throws Exception {
        JsonNode n = json(all(PhiAction.PLACEHOLDER), new Patient());
        assertThat(n.get("lastVisit").toString())
                .isEqualTo("{\"clinician\":\"[NAME]\",\"date\":\"[DATE]\",\"ward\":\"4B\",\"charge\":null}");
        assertThat(n.get("visits").get(0).get("clinician").asText()).isEqualTo("[NAME]");
        assertThat(n.get("visits").get(0).get("charge").asText()).isEqualTo("[ACCOUNT]");
        assertThat(n.get("visits").get(0).get("ward").asText()).isEqualTo("ICU");
    }

    @Test
    void unannotatedProperties_areUntouched() throws Exception {
        JsonNode n = json(all(PhiAction.BLOCK), new Patient());
        assertThat(n.get("diagnosis").asText()).isEqualTo("type 2 diabetes");
        assertThat(n.get("heightCm").asInt()).isEqualTo(172);
        assertThat(n.get("lastVisit").get("ward").asText()).isEqualTo("4B");
    }

    @Test
    void nullPhiValue_staysNull_orIsLeftOutWhereMapperLeavesOutNulls() throws Exception {
        assertThat(json(all(PhiAction.REDACT), new Patient()).get("nickname").isNull()).isTrue();
        ObjectMapper nonNull = mapper(all(PhiAction.REDACT)).setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
        assertThat(nonNull.readTree(nonNull.writeValueAsString(new Patient())).has("nickname")).isFalse();
    }

    @Test
    void block_omitsThePropertyEntirely() throws Exception {
        PhiPolicy p = PhiPolicy.builder("t", 1).action(PhiAction.REDACT, PhiType.values())
                .action(PhiType.SOCIAL_SECURITY_NUMBER, PhiAction.BLOCK).build();
        JsonNode n = json(p, new Patient());
        assertThat(n.has("ssn")).isFalse();
        assertThat(n.get("name").asText()).isEqualTo("[NAME]");
        String all = mapper(all(PhiAction.BLOCK)).writeValueAsString(new Patient());
        assertThat(all).doesNotContain("\"name\"", "\"ssn\"", "\"emails\"", "\"account\"", "\"clinician\"",
                "\"nickname\"");
        assertThat(all).contains("\"diagnosis\"", "\"ward\"");
    }

    @Test
    void keep_writesValueAsJacksonWould() throws Exception {
        PhiPolicy p = PhiPolicy.builder("t", 1).action(PhiAction.KEEP, PhiType.values())
                .action(PhiType.DATE, PhiAction.REDACT).build();   // LocalDate needs jsr310 to be kept
        JsonNode n = json(p, new Patient());
        assertThat(n.get("name").asText()).isEqualTo(NAME);
        assertThat(n.get("age").asInt()).isEqualTo(95);
        assertThat(n.get("emails").get(0).asText()).isEqualTo(EMAIL);
        assertThat(n.get("records").get("mercy").asText()).isEqualTo(MRN);
        assertThat(n.get("visits").get(0).get("charge").asInt()).isEqualTo(10);
    }

    @Test
    void mask_keepsLastFourLettersOrDigitsOfStrings_andLabelsNonStrings() throws Exception {
        JsonNode n = json(all(PhiAction.MASK), new Patient());
        assertThat(n.get("ssn").asText()).isEqualTo("***-**-4329");
        assertThat(n.get("account").asText()).isEqualTo("****-******-0042");
        assertThat(n.get("emails").get(0).asText()).isEqualTo("***.******@******e.org");
        assertThat(n.get("age").asText()).isEqualTo("[AGE]");
        assertThat(n.get("birthDate").asText()).isEqualTo("[DATE]");
    }

    @ParameterizedTest
    @EnumSource(value = PhiAction.class, names = {"REDACT", "PLACEHOLDER", "GENERALIZE", "SURROGATE",
            "PSEUDONYMIZE", "SHIFT_DATE"})
    void everyRewritingAction_writesTheLabel(PhiAction action) throws Exception {
        JsonNode n = json(all(action), new Patient());
        assertThat(n.get("name").asText()).isEqualTo("[NAME]");
        assertThat(n.get("birthDate").asText()).isEqualTo("[DATE]");
        assertThat(n.get("records").get("mercy").asText()).isEqualTo("[MRN]");
    }

    @Test
    void canaries_neverWritten_underPresetsAndNonKeepPolicies() throws Exception {
        List<PhiPolicy> policies = Arrays.asList(PhiPolicies.SAFE_HARBOR, PhiPolicies.PSEUDONYMIZED,
                PhiPolicy.builder("empty", 1).build(), all(PhiAction.REDACT), all(PhiAction.GENERALIZE));
        for (PhiPolicy p : policies) {
            String out = mapper(p).writeValueAsString(new Patient());
            assertThat(out).as(p.id()).doesNotContain(NAME, "Zebulon", "Canaryfield", SSN, "6543", MRN, EMAIL,
                    "second.canary", "617-555", "1931", "Canaryson", "ACCT-CANARY", "95");
        }
    }

    /** A DTO exercising Jackson's renaming, unwrapping and Optional paths. */
    public static class Tricky {
        @JsonProperty("patient_name") @Phi(PhiType.NAME) public String name = NAME;
        @JsonUnwrapped @Phi(PhiType.NAME) public Visit visit = new Visit(NAME, null, "W", null);
        @Phi(PhiType.EMAIL_ADDRESS) public Optional<String> email = Optional.of(EMAIL);
        @Phi(PhiType.NAME) public List<List<String>> nested = List.of(List.of(NAME), List.of());
        @Phi(PhiType.NAME) public Object self = null;
    }

    @Test
    void renamedUnwrappedOptionalAndNestedLists_areProtected() throws Exception {
        Tricky t = new Tricky();
        String out = mapper(all(PhiAction.REDACT)).writeValueAsString(t);
        assertThat(out).doesNotContain(NAME, EMAIL, "\"W\"");
        JsonNode n = new ObjectMapper().readTree(out);
        assertThat(n.get("patient_name").asText()).isEqualTo("[NAME]");
        assertThat(n.get("email").asText()).isEqualTo("[EMAIL]");
        assertThat(n.get("nested").toString()).isEqualTo("[[\"[NAME]\"],[]]");
    }

    @Test
    void cyclicContainer_finishesWithLabels() throws Exception {
        Tricky t = new Tricky();
        java.util.List<Object> loop = new java.util.ArrayList<>();
        loop.add(NAME);
        loop.add(loop);
        t.self = loop;
        String out = mapper(all(PhiAction.REDACT)).writeValueAsString(t);
        assertThat(out).doesNotContain(NAME).contains("[NAME]");
    }

    @Test
    void of_rejectsNull_andToStringShowsPolicyOnly() {
        assertThatThrownBy(() -> PhiJacksonModule.of(null)).isInstanceOf(NullPointerException.class);
        assertThat(PhiJacksonModule.of(PhiPolicies.SAFE_HARBOR).toString()).contains("safe-harbor");
        assertThat(PhiJacksonModule.of(PhiPolicies.SAFE_HARBOR).policy()).isSameAs(PhiPolicies.SAFE_HARBOR);
    }
}
