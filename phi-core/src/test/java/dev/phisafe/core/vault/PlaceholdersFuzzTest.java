package dev.phisafe.core.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.detect.PhiType;

/**
 * Properties of the placeholder scanner on any text: a match is a well-formed placeholder that parses and prints back
 * to itself (canonically, for {@code match}), never longer than {@code maxLength()}; and a placeholder embedded in
 * any text is found exactly. In the normal build only the seeds in {@code PlaceholdersFuzzTestInputs/} run; fuzz with
 * {@code JAZZER_FUZZ=1 mvn -o -pl phi-core test -Dtest='PlaceholdersFuzzTest'}.
 */
class PlaceholdersFuzzTest {

    @FuzzTest(maxDuration = "1m")
    void match_anyText_findsOnlyWellFormedPlaceholders(FuzzedDataProvider data) {
        PhiType type = PhiType.values()[data.consumeInt(0, PhiType.values().length - 1)];
        int number = data.consumeInt(1, Placeholders.MAX_NUMBER);
        String before = data.consumeString(40);
        String after = data.consumeRemainingAsString();
        String placeholder = Placeholders.of(type, number);
        String text = before + placeholder + after;

        assertThat(Placeholders.match(text, before.length())).isEqualTo(before.length() + placeholder.length());
        for (int i = 0; i <= text.length(); i++) {
            int strict = Placeholders.match(text, i);
            int loose = Placeholders.matchIgnoreCase(text, i);
            if (strict >= 0) {
                assertThat(loose).isEqualTo(strict);
                String p = text.substring(i, strict);
                assertThat(Placeholders.of(Placeholders.type(p), Placeholders.number(p))).isEqualTo(p);
            }
            if (loose >= 0) {
                assertThat(loose - i).isBetween(5, Placeholders.maxLength());
                String c = Placeholders.canonical(text, i, loose);
                assertThat(Placeholders.match(c, 0)).isEqualTo(c.length());
            }
        }
    }
}
