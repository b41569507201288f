package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StructuredPhiExampleTest {

    @Test
    void main_printsProtectedJsonAndToString_withoutAnyPhi() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            StructuredPhiExample.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\\R");
        assertThat(lines[0]).isEqualTo("{\"patient\":\"[NAME]\",\"mrn\":\"[MRN]\",\"ssn\":\"***-**-6789\","
                + "\"collected\":\"[DATE]\",\"test\":\"HbA1c\",\"value\":7.5,\"unit\":\"%\"}");
        assertThat(lines[1]).isEqualTo("LabResult{patient=[NAME], mrn=[MRN], ssn=[SSN], collected=[DATE], "
                + "alerts=[EMAIL], test=HbA1c, value=7.5, unit=%}");
        assertThat(String.join("\n", lines)).doesNotContain("Anna", "Smith", "4471", "123-45", "2024", "anna@");
    }
}
