package dev.phisafe.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClinicGeneratorTest {

    @Test
    void committedClinic_isExactlyTheGeneratorsOutput() throws IOException {
        try (InputStream in = Clinic.class.getResourceAsStream(Clinic.RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(ClinicGenerator.generate(ClinicGenerator.SEED));
        }
    }

    @Test
    void clinic_hasTenPatientsAndShortNotes_eachPlantedValueIsInItsNote() {
        Clinic c = Clinic.load();
        assertThat(c.notice()).contains("invented");
        assertThat(c.patients()).hasSize(10);
        assertThat(c.notes()).hasSizeBetween(30, 60);
        for (Clinic.Note n : c.notes()) {
            assertThat(n.text()).hasSizeLessThan(400);
            assertThat(n.planted()).isNotEmpty().allSatisfy(p -> assertThat(n.text()).contains(p.value()));
            assertThat(n.text()).contains(c.patient(n.patient()).name().split(" ")[1]);
        }
        assertThat(c.patients()).allSatisfy(p -> assertThat(p.phone()).matches("\\(\\d{3}\\) 555-01\\d{2}"));
    }

    @Test
    void vendorConfig_needsBothUrlAndKey_andNeverShowsTheKey() {
        assertThat(VendorConfig.from(Map.<String, String>of()::get)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> VendorConfig.from(Map.of("OPENAI_API_KEY", "k")::get))
                .withMessageContaining("OPENAI_BASE_URL").withMessageNotContaining("k\"");
        assertThatIllegalArgumentException().isThrownBy(() -> VendorConfig.from(Map.of("OPENAI_BASE_URL",
                "ftp://x", "OPENAI_API_KEY", "k")::get)).withMessageContaining("http");
        VendorConfig c = VendorConfig.from(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1/v1", "OPENAI_API_KEY",
                "secret-canary")::get).orElseThrow();
        assertThat(c.model()).isEqualTo(VendorConfig.DEFAULT_MODEL);
        assertThat(c.toString()).doesNotContain("secret-canary");
    }
}
