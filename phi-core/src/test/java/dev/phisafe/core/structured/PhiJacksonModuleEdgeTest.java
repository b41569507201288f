package dev.phisafe.core.structured;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.PhiPolicies;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhiJacksonModuleEdgeTest {

    public static class AnyGetter {
        public String ward = "4B";

        @JsonAnyGetter
        @Phi(PhiType.NAME)
        public Map<String, Object> extra() {
            return Map.of("nextOfKin", "Canary Anygetter");
        }
    }

    public static class ValueHolder {
        @JsonValue
        @Phi(PhiType.NAME)
        public String name() {
            return "Canary Jsonvalue";
        }
    }

    private static final ObjectMapper MAPPER =
            new ObjectMapper().registerModule(PhiJacksonModule.of(PhiPolicies.SAFE_HARBOR));

    @Test
    void phiAnyGetter_valuesAreLabelled() throws Exception {
        String out = MAPPER.writeValueAsString(new AnyGetter());
        assertThat(out).doesNotContain("Canary").contains("\"ward\":\"4B\"");
    }

    @Test
    void phiJsonValue_isLabelled() throws Exception {
        assertThat(MAPPER.writeValueAsString(new ValueHolder())).isEqualTo("\"[NAME]\"");
    }
}
