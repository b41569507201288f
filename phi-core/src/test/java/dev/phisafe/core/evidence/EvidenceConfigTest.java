package dev.phisafe.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvidenceConfigTest {
    private static final String MIN = "deployment: d1\ncomponents:\n  - {name: c1, serviceAccount: svc-1}\n";

    private static EvidenceConfigException fail(String yaml) {
        try {
            EvidenceConfig.parse("cfg.yaml", yaml, true);
        } catch (EvidenceConfigException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void fixture_parses_withDefaultsAndDeclaredValues() {
        EvidenceConfig c = EvidenceConfig.parse("evidence.yaml", EvidenceFixture.CONFIG, true);
        assertThat(c.deployment()).isEqualTo("clinic-a/scribe");
        assertThat(c.componentCount()).isEqualTo(2);
        assertThat(c.components.get(0).destinations()).hasSize(2);
        assertThat(c.components.get(1).vectorStore()).isEqualTo(EvidenceConfig.VectorStore.AEAD);
        assertThat(c.keys.get(1).status()).isEqualTo(EvidenceConfig.KeyStatus.ENABLED);
        assertThat(c.review.minDwellSeconds()).isEqualTo(20);
        EvidenceConfig m = EvidenceConfig.parse("m.yaml", MIN, true);
        assertThat(m.retention.auditYears()).isEqualTo(6);     // 45 CFR 164.316(b)(2) default
        assertThat(m.rotationDays).isEqualTo(365);
        assertThat(m.review.separationOfDuties()).isTrue();
        assertThat(m.components.get(0).vectorStore()).isEqualTo(EvidenceConfig.VectorStore.NONE);
    }

    @Test
    void json_isReadToo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("e.json");
        Files.writeString(f, "{\"deployment\":\"d1\",\"components\":[{\"name\":\"c1\",\"serviceAccount\":\"s\","
                + "\"destinations\":[{\"vendor\":\"openai\",\"baa\":true}]}]}", StandardCharsets.UTF_8);
        EvidenceConfig c = EvidenceConfig.read(f);
        assertThat(c.components.get(0).destinations().get(0).model()).isEqualTo("*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "deployment: d1~components: []~|2|components|at least one",
        "deployment: d1~component: []~|2|component|unknown field",
        "components:~  - {name: c1, serviceAccount: s}~|1||missing required field 'deployment'",
        "deployment: d1~components:~  - {name: c1}~|3|components[0]|missing required field 'serviceAccount'",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s, reviewRequired: yes please}~|3|components[0].reviewRequired|true or false",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s, vectorStore: rot13}~|3|components[0].vectorStore|must be one of",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s, policies: {LUNCH: x}}~|3|components[0].policies.LUNCH|unknown purpose",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s}~  - {name: c1, serviceAccount: t}~|4|components[1].name|given twice",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s}~keys: {entries: [{keyset: k, keyId: a, created: 2026-13-01}]}~|4|keys.entries[0].created|YYYY-MM-DD",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s}~keys: {entries: [{keyset: k, keyId: a, created: 2026-02-01, rotated: 2026-01-01}]}~|4|keys.entries[0].rotated|before 'created'",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s}~retention: {auditYears: 0}~|4|retention.auditYears|from 1 to 100",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s}~retention: {auditYears: 99999999999}~|4|retention.auditYears|from 1 to 100",
        "deployment: d1~components:~  - {name: c1, serviceAccount: s, destinations: [{vendor: openai}]}~|3|components[0].destinations[0]|'baa'",
    })
    void invalid_errorNamesFileLineAndField(String yamlWithTildes, int line, String field, String problem) {
        EvidenceConfigException e = fail(yamlWithTildes.replace('~', '\n'));
        assertThat(e.file()).isEqualTo("cfg.yaml");
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.field()).isEqualTo(field == null || field.isEmpty() ? null : field);
        assertThat(e.getMessage()).startsWith("cfg.yaml:" + line + ":").contains(problem);
    }

    @Test
    void phiTypedIntoAnyStringField_refusedAndNeverEchoed() {
        String[] canaries = {"Jane Doe", "123-45-6789", "555-867-5309", "1961-04-12", "04/12/1961", "jane@x.org\u00e9",
            "MRN 0042", "\uD83D\uDE00emoji", "x".repeat(129)};
        String[] templates = {
            "deployment: '%s'\ncomponents:\n  - {name: c1, serviceAccount: s}\n",
            "deployment: d\nenvironment: '%s'\ncomponents:\n  - {name: c1, serviceAccount: s}\n",
            "deployment: d\ncomponents:\n  - {name: '%s', serviceAccount: s}\n",
            "deployment: d\ncomponents:\n  - {name: c, serviceAccount: '%s'}\n",
            "deployment: d\ncomponents:\n  - {name: c, serviceAccount: s, auditComponents: ['%s']}\n",
            "deployment: d\ncomponents:\n  - {name: c, serviceAccount: s, destinations: [{vendor: '%s', baa: true}]}\n",
            "deployment: d\ncomponents:\n  - {name: c, serviceAccount: s, destinations: [{vendor: v, model: '%s', baa: true}]}\n",
            "deployment: d\ncomponents:\n  - {name: c, serviceAccount: s, policies: {TREATMENT: '%s'}}\n",
            "deployment: d\ncomponents:\n  - {name: c, serviceAccount: s}\nkeys: {entries: [{keyset: '%s', keyId: a, created: 2026-01-01}]}\n",
            "deployment: d\ncomponents:\n  - {name: c, serviceAccount: s}\nkeys: {entries: [{keyset: k, keyId: '%s', created: 2026-01-01}]}\n",
        };
        int refused = 0;
        for (String t : templates) {
            for (String c : canaries) {
                EvidenceConfigException e = fail(String.format(t, c));
                assertThat(e.getMessage()).doesNotContain(c).doesNotContain("Jane").doesNotContain("6789");
                assertThat(e.field()).isNotNull();
                refused++;
            }
        }
        assertThat(refused).isEqualTo(templates.length * canaries.length);
    }

    @Test
    void malformedEmptyHugeAndMissing_clearErrors(@TempDir Path dir) throws Exception {
        assertThat(fail("").getMessage()).contains("empty");
        assertThat(fail("   \n").getMessage()).contains("empty");
        assertThat(fail("deployment: [unclosed\n").getMessage()).contains("not valid YAML");
        assertThat(fail("- a\n- b\n").getMessage()).contains("must be an object");
        assertThat(fail("deployment: d\ndeployment: e\ncomponents: []\n").getMessage()).contains("Duplicate field");
        assertThatThrownBy(() -> EvidenceConfig.parse("c.json", "{\"deployment\": \"d\"", false))
                .isInstanceOf(EvidenceConfigException.class).hasMessageContaining("not valid JSON");
        String deep = "{\"deployment\":\"d\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThatThrownBy(() -> EvidenceConfig.parse("c.json", deep, false))
                .isInstanceOf(EvidenceConfigException.class).hasMessageContaining("nested deeper than 16");
        assertThatThrownBy(() -> EvidenceConfig.read(dir.resolve("none.yaml")))
                .isInstanceOf(EvidenceConfigException.class).hasMessageContaining("no such file");
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[(1 << 20) + 1]);
        assertThatThrownBy(() -> EvidenceConfig.read(big)).hasMessageContaining("larger than 1 MiB");
        Path bin = dir.resolve("bin.yaml");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> EvidenceConfig.read(bin)).isInstanceOf(EvidenceConfigException.class);
        assertThatThrownBy(() -> EvidenceConfig.parse(null, MIN, true)).isInstanceOf(NullPointerException.class);
    }
}
