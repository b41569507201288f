package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldedTableTest {

    @Test
    void tokensAreFoundWhateverTheirCase_andWithTypographicApostrophes() {
        FoldedTable<Integer> table = new FoldedTable<>(4);
        table.put("o'brien", 1);
        table.put("smith", 2);
        table.put("Ölafsdóttir", 3);
        Tokens t = Tokens.of("SMITH Smith smith O’Brien ölafsdóttir ÖLAFSDÓTTIR smithy");
        assertThat(table.get(t, 0)).isEqualTo(2);
        assertThat(table.get(t, 1)).isEqualTo(2);
        assertThat(table.get(t, 2)).isEqualTo(2);
        assertThat(table.get(t, 3)).isEqualTo(1);
        assertThat(table.get(t, 4)).isEqualTo(3);
        assertThat(table.get(t, 5)).isEqualTo(3);
        assertThat(table.get(t, 6)).isNull();
        assertThat(table.get("SmItH")).isEqualTo(2);
        assertThat(table.get("xSmithx", 1, 6)).isEqualTo(2);
    }

    @Test
    void growsWithoutLosingEntries_andReplacesValues() {
        FoldedTable<Integer> table = new FoldedTable<>(2);
        for (int k = 0; k < 10_000; k++) {
            table.put("w" + k, k);
        }
        table.put("W17", -17);
        assertThat(table.size()).isEqualTo(10_000);
        for (int k = 0; k < 10_000; k++) {
            assertThat(table.get("w" + k)).isEqualTo(k == 17 ? -17 : k);
        }
        assertThat(table.get("w10000")).isNull();
    }

    @Test
    void hashOfKeyAndOfToken_agree_andAreNeverZero() {
        Tokens t = Tokens.of("Hello \uD835\uDC00bc");
        for (int i = 0; i < t.size(); i++) {
            String folded = FoldedTable.fold(t.text(i));
            assertThat(t.foldHash(i)).isEqualTo(FoldedTable.hash(folded, 0, folded.length())).isNotZero();
        }
    }

    @Test
    void hashComputedWhileScanning_equalsTheHashOfTheTokenText_onRandomUnicode() {
        java.util.Random random = new java.util.Random(7);
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 20_000; k++) {
            int kind = random.nextInt(6);
            int cp = kind == 0 ? ' ' : kind == 1 ? 'A' + random.nextInt(58) : kind == 2 ? 0xC0 + random.nextInt(0x250)
                    : kind == 3 ? 0x1D400 + random.nextInt(0x3FF) : kind == 4 ? '\u2019' : random.nextInt(0x3000);
            if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                b.appendCodePoint(cp);
            }
        }
        Tokens t = Tokens.of(b);
        for (int i = 0; i < t.size(); i++) {
            assertThat(t.foldHash(i)).as("token %d", i).isEqualTo(FoldedTable.hash(t.text, t.start(i), t.end(i)));
        }
    }
}
