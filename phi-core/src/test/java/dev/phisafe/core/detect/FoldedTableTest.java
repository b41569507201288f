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
}
