package dev.phisafe.core.review;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextDiffTest {

    @Test
    void diff_oneWordReplaced_countsItsCharactersAndWords() {
        DiffStats s = TextDiff.diff("INR stable on warfarin daily", "INR stable on heparin daily");
        assertThat(s.exact()).isTrue();
        assertThat(s.algorithm()).isEqualTo("myers-token@1");
        assertThat(s.deletedChars()).isEqualTo(8);
        assertThat(s.insertedChars()).isEqualTo(7);
        assertThat(s.deletedWords()).isEqualTo(1);
        assertThat(s.insertedWords()).isEqualTo(1);
        assertThat(s.changedShare()).isEqualTo(15.0 / (28 + 27));
        assertThat(s.changedPerMille()).isEqualTo(273);
    }

    @Test
    void diff_identicalAndDisjointTexts_zeroAndFullShare() {
        assertThat(TextDiff.diff("same text", "same text").changedShare()).isZero();
        DiffStats all = TextDiff.diff("alpha", "omega");
        assertThat(all.changedShare()).isEqualTo(1.0);
    }

    @Test
    void diff_nonBmpCharacters_countedAsCodePoints() {
        DiffStats s = TextDiff.diff("dose \uD835\uDD04 ok", "dose \uD835\uDD04\uD835\uDD05 ok");
        assertThat(s.insertedChars()).isEqualTo(2);   // the word token "𝔄𝔅" (2 code points) replaced "𝔄"
        assertThat(s.deletedChars()).isEqualTo(1);
        assertThat(s.originalChars()).isEqualTo(9);
    }

    /**
     * Exact counts equal a textbook LCS on 2,000 random pairs of punctuation strings (each character is its own
     * one-character token, so the shortest edit script's size is fixed).
     */
    @Test
    void diff_randomTokenLists_matchesDynamicProgrammingLcs() {
        Random rnd = new Random(42);
        String[] vocab = {".", ",", ";", "-", "!"};
        for (int round = 0; round < 2_000; round++) {
            String x = randomText(rnd, vocab);
            String y = rnd.nextBoolean() ? mutate(rnd, x, vocab) : randomText(rnd, vocab);
            DiffStats s = TextDiff.diff(x, y);
            TextDiff.Tokens tx = TextDiff.Tokens.of(x);
            TextDiff.Tokens ty = TextDiff.Tokens.of(y);
            long lcsChars = lcsChars(tx, ty);
            assertThat(s.exact()).isTrue();
            assertThat(s.deletedChars()).as(x + " -> " + y).isEqualTo(s.originalChars() - lcsChars);
            assertThat(s.insertedChars()).as(x + " -> " + y).isEqualTo(s.finalChars() - lcsChars);
        }
    }

    /** With words, whitespace and punctuation mixed, what is kept is the same on both sides. */
    @Test
    void diff_randomMixedTexts_keptCharactersAgreeOnBothSides() {
        Random rnd = new Random(7);
        String[] vocab = {"a", "bb", "ccc", " ", ".", "dd", "\n"};
        for (int round = 0; round < 2_000; round++) {
            String x = randomText(rnd, vocab);
            String y = mutate(rnd, x, vocab);
            DiffStats s = TextDiff.diff(x, y);
            assertThat(s.originalChars() - s.deletedChars()).isEqualTo(s.finalChars() - s.insertedChars())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void diff_hugeUnrelatedTexts_fallsBackToTheLinearMultisetCount() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            a.append("w").append(i).append(' ');
            b.append("w").append(i + 150_000).append(' ');
        }
        DiffStats s = TextDiff.diff(a.toString(), b.toString());
        assertThat(s.exact()).isFalse();
        assertThat(s.algorithm()).isEqualTo("token-multiset@1");
        assertThat(s.deletedWords()).isEqualTo(150_000);
        assertThat(s.insertedWords()).isEqualTo(150_000);
    }

    @Test
    void diff_hugeTextWithAFewEdits_staysExact() {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            a.append("word").append(i % 97).append(' ');
        }
        String b = a.toString().replaceFirst("word5 ", "WORD5 ").replaceFirst("word96 word0 word1 ", "word96 word1 ");
        DiffStats s = TextDiff.diff(a.toString(), b);
        assertThat(s.exact()).isTrue();
        assertThat(s.insertedWords()).isEqualTo(1);
        assertThat(s.deletedWords()).isGreaterThan(1);
    }

    @Test
    void texts_badInput_clearErrorsWithoutTheValue() {
        assertThatThrownBy(() -> Texts.text("text", "  \n")).hasMessageContaining("blank");
        assertThatThrownBy(() -> Texts.text("text", "dose \uD835 high")).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> Texts.text("text", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Texts.text("text", "x".repeat(Texts.MAX_TEXT_CHARS + 1)))
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> Texts.sha256Arg("h", "abc")).hasMessageContaining("64 hexadecimal");
        assertThat(Texts.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static String randomText(Random rnd, String[] vocab) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(25);
        for (int i = 0; i < n; i++) {
            sb.append(vocab[rnd.nextInt(vocab.length)]);
        }
        return sb.toString();
    }

    private static String mutate(Random rnd, String x, String[] vocab) {
        StringBuilder sb = new StringBuilder(x);
        for (int k = rnd.nextInt(4); k >= 0; k--) {
            int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
            if (rnd.nextBoolean() && sb.length() > 0) {
                sb.deleteCharAt(at);
            } else {
                sb.insert(at, vocab[rnd.nextInt(vocab.length)]);
            }
        }
        return sb.toString();
    }

    /** Characters in a maximum-weight common subsequence — but Myers minimises token edits, so compare on tokens. */
    private static long lcsChars(TextDiff.Tokens a, TextDiff.Tokens b) {
        int n = a.text.size();
        int m = b.text.size();
        int[][] len = new int[n + 1][m + 1];
        long[][] chars = new long[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                if (a.text.get(i).equals(b.text.get(j))) {
                    len[i][j] = len[i + 1][j + 1] + 1;
                    chars[i][j] = chars[i + 1][j + 1] + a.chars.get(i);
                } else if (len[i + 1][j] > len[i][j + 1]
                        || len[i + 1][j] == len[i][j + 1] && chars[i + 1][j] >= chars[i][j + 1]) {
                    len[i][j] = len[i + 1][j];
                    chars[i][j] = chars[i + 1][j];
                } else {
                    len[i][j] = len[i][j + 1];
                    chars[i][j] = chars[i][j + 1];
                }
            }
        }
        return chars[0][0];
    }
}
