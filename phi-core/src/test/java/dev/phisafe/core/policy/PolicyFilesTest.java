package dev.phisafe.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phisafe.core.detect.PhiType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyFilesTest {

    @Test
    void yamlPolicy_startsFromItsBase_andOverridesActions() {
        PhiPolicy p = PolicyFiles.parse("triage.yaml", "id: triage\nversion: 3\nbase: safe-harbor\nactions:\n"
                + "  NAME: REDACT\n  URL: BLOCK\n", true);
        assertThat(p.id()).isEqualTo("triage");
        assertThat(p.version()).isEqualTo(3);
        assertThat(p.action(PhiType.NAME)).isEqualTo(PhiAction.REDACT);
        assertThat(p.action(PhiType.URL)).isEqualTo(PhiAction.BLOCK);
        assertThat(p.action(PhiType.DATE)).isEqualTo(PhiAction.GENERALIZE);
    }

    @Test
    void jsonPolicy_withoutBase_deniesWhatItDoesNotName() {
        PhiPolicy p = PolicyFiles.parse("p.json", "{\"id\":\"p\",\"version\":1,\"actions\":{\"NAME\":\"PLACEHOLDER\"}}", false);
        assertThat(p.action(PhiType.NAME)).isEqualTo(PhiAction.PLACEHOLDER);
        assertThat(p.action(PhiType.EMAIL_ADDRESS)).isEqualTo(PhiAction.BLOCK);
    }

    @Test
    void writtenPolicies_readBackEqual() {
        for (PhiPolicy p : new PhiPolicy[] {PhiPolicies.SAFE_HARBOR, PhiPolicies.LIMITED_DATA_SET, PhiPolicies.PSEUDONYMIZED,
            PhiPolicies.IN_HOUSE}) {
            assertThat(PolicyFiles.parse("x.yaml", PolicyFiles.toYaml(p), true)).isEqualTo(p);
            assertThat(PolicyFiles.parse("x.json", PolicyFiles.toJson(p), false)).isEqualTo(p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        empty file                 | ''                                                        | 1 | -              | empty
        not an object              | '[1, 2]'                                                  | 1 | -              | must be an object
        unknown field              | '{"id":"a","version":1,"colour":"red"}'                   | 1 | colour         | unknown field
        id not a string            | '{"id":7,"version":1}'                                    | 1 | id             | must be a string
        id with spaces             | '{"id":"my policy","version":1}'                          | 1 | id             | letters, digits
        version zero               | '{"id":"a","version":0}'                                  | 1 | version        | integer >= 1
        version a float            | '{"id":"a","version":1.5}'                                | 1 | version        | integer >= 1
        unknown base               | '{"id":"a","version":1,"base":"lenient"}'                 | 1 | base           | no preset
        actions not an object      | '{"id":"a","version":1,"actions":["NAME"]}'               | 1 | actions        | must map
        unknown type               | '{"id":"a","version":1,"actions":{"NAMES":"REDACT"}}'     | 1 | actions.NAMES  | unknown PhiType
        unknown action             | '{"id":"a","version":1,"actions":{"NAME":"HIDE"}}'        | 1 | actions.NAME   | unknown PhiAction 'HIDE'
        action not a string        | '{"id":"a","version":1,"actions":{"NAME":3}}'             | 1 | actions.NAME   | must be the name
        missing id                 | '{"version":1}'                                           | 1 | id             | missing
        missing version            | '{"id":"a"}'                                              | 1 | version        | missing
        duplicate field            | '{"id":"a","id":"b","version":1}'                         | 1 | -              | Duplicate field
        syntax error               | '{"id":"a",,}'                                            | 1 | -              | not valid JSON
        content after the object   | '{"id":"a","version":1} {}'                               | 1 | -              | after the policy
        """)
    void malformedPolicies_giveOneClearErrorEach(String kind, String text, int line, String field, String expected) {
        assertThatThrownBy(() -> PolicyFiles.parse("bad.json", text, false))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessageStartingWith("bad.json:" + line + ":")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(((PolicyFormatException) e).field()).isEqualTo("-".equals(field) ? null : field));
    }

    @Test
    void yamlErrors_nameTheLine() {
        assertThatThrownBy(() -> PolicyFiles.parse("p.yaml", "id: a\nversion: 1\nactions:\n  NAME: REDACT\n  DATE: SHIFT\n", true))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessageStartingWith("p.yaml:5:")
                .hasMessageContaining("actions.DATE");
    }

    @Test
    void missingFile_isReported(@TempDir Path dir) {
        assertThatThrownBy(() -> PolicyFiles.read(dir.resolve("none.yaml"))).isInstanceOf(PolicyFormatException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void fileOnDisk_isRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.yml");
        Files.writeString(f, "id: p\nversion: 2\nbase: pseudonymized\n");
        assertThat(PolicyFiles.read(f).action(PhiType.DATE)).isEqualTo(PhiAction.SHIFT_DATE);
    }
}
