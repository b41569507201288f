package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamingReidentifyExampleTest {

    @Test
    void placeholdersSplitAcrossChunks_areRestored_andNeverShownHalfway() {
        List<String> shown = StreamingReidentifyExample.stream(List.of("Call <NA", "ME_1> at <PH", "ONE_1> tod", "ay."),
                Map.of("<NAME_1>", "Anna Kowalczyk", "<PHONE_1>", "555-123-4567"));
        assertThat(String.join("", shown)).isEqualTo("Call Anna Kowalczyk at 555-123-4567 today.");
        assertThat(shown).noneMatch(s -> s.contains("<") || s.contains("NA") && !s.contains("Anna"));
    }
}
