package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.detect.PhiDetectors;
import java.util.Random;

/**
 * Properties of re-identification on any model output:
 * <ul>
 *   <li>for any chunking of it, the streaming output (all {@code accept} results, then {@code finish}) equals the
 *       batch output, with the same counts and unknown placeholders, and the held-back tail never exceeds
 *       {@link StreamingReidentifier#MAX_HOLDBACK};</li>
 *   <li>a text with no placeholder comes back unchanged.</li>
 * </ul>
 *
 * <p>In the normal build only the committed seeds under {@code ReidentifierFuzzTestInputs/} run (regression
 * mode). Fuzz for real with {@code JAZZER_FUZZ=1 mvn -o -pl phi-core test -Dtest=ReidentifierFuzzTest}.
 *
 * <p>Input layout (primitives are taken from the end of the input, text from the front): last byte = mode (even:
 * the rest is the text, with U+E000..U+E7FF standing for lone surrogates; odd: the text is assembled from pieces);
 * for the chunking property the 8 bytes before it seed the chunker. A plain-text seed therefore ends in 8 bytes
 * and a {@code '\n'}.
 */
class ReidentifierFuzzTest {

    /** Originals include one that looks like a placeholder, one with a surrogate pair and an empty one. */
    private static final PlaceholderResolver RESOLVER = new MapResolver()
            .with("<NAME_1>", "Alice O'Neill")
            .with("<NAME_2>", "<NAME_1>")
            .with("<DATE_1>", "03/14/1951")
            .with("<HEALTH_PLAN_ID_12>", "1EG4-TE5-MK72")
            .with("<ID_3>", "\ud83d\ude00x")
            .with("<AGE_1>", "")
            .with("<SSN_999999>", "123-45-6789");

    private static final Reidentifier REID = Reidentifier.builder().resolver(RESOLVER)
            .detector(PhiDetectors.emptyBuilder().build()).build();

    private static final Reidentifier KNOWS_NOTHING = Reidentifier.builder().resolver(p -> java.util.Optional.empty())
            .detector(PhiDetectors.emptyBuilder().build()).build();

    /** Pieces that reach every branch of the scanner: whole, broken and look-alike placeholders. */
    private static final String[] PIECES = {
        "<NAME_1>", "<name_1>", "<Name_2>", "< DATE_1 >", "<DATE_1 >", "< NAME_9>", "NAME_1", "name_2",
        "HEALTH_PLAN_ID_12", "<HEALTH_PLAN_ID_12>", "<health_plan_id_12 >", "<ID_3>", "ID_3", "VEHICLE_ID_3",
        "<AGE_1>", "AGE_1", "<SSN_999999>", "SSN_999999", "<SSN_1000000>", "<NAME_0>", "<NAME_01>", "<FOO_1>",
        "<", ">", "_", " ", "  ", "'s", "\u2019s", "**", "*", "(", ")", ".", ",", "\n", "NAME_", "<NAME_", "<NAME_1",
        "<NAME_1 ", "< ", "HEALTH_PLAN_", "1", "0", "12", "123456", "a", "Z", "Na", "\u00e9", "\ud835\udc00",
        "\ud83d\ude00", "\ud83d", "\ude00", "\u0000", "<<", "<<NAME_1>>", "x<y", "Patient ", "Dr. ",
    };

    @FuzzTest(maxDuration = "10m")
    void streaming_anyChunking_equalsBatch(FuzzedDataProvider data) {
        int mode = data.remainingBytes() > 0 ? data.consumeByte() : 0;
        long chunkSeed = data.consumeLong();
        String text = text(data, mode);
        Reidentified batch = REID.reidentify(text);

        assertStreamingEquals(text, batch, new Random(chunkSeed), 1 + (int) ((chunkSeed >>> 40) % 30));
        assertStreamingEquals(text, batch, null, 1); // one character at a time: every cut point at once
    }

    @FuzzTest(maxDuration = "10m")
    void textWithoutPlaceholders_isUnchanged(FuzzedDataProvider data) {
        int mode = data.remainingBytes() > 0 ? data.consumeByte() : 0;
        String text = text(data, mode);
        // a resolver that knows nothing leaves every text as it is, whatever it contains
        Reidentified none = KNOWS_NOTHING.reidentify(text);
        assertThat(none.text()).isEqualTo(text);
        assertThat(none.restoredCounts()).isEmpty();
        // without '_' no placeholder form can occur, so even a resolver that knows some leaves the text alone
        String noUnderscore = text.replace('_', '-');
        Reidentified r = REID.reidentify(noUnderscore);
        assertThat(r.text()).isEqualTo(noUnderscore);
        assertThat(r.unknownPlaceholders()).isEmpty();
    }

    private static void assertStreamingEquals(String text, Reidentified batch, Random chunker, int maxChunk) {
        StreamingReidentifier s = REID.streaming();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int n = chunker == null ? 1 : chunker.nextInt(maxChunk + 1); // 0: an empty chunk now and then
            int j = Math.min(text.length(), i + n);
            out.append(s.accept(text.substring(i, j)));
            assertThat(s.heldBack()).isBetween(0, StreamingReidentifier.MAX_HOLDBACK);
            i = j;
        }
        out.append(s.finish());
        assertThat(out.toString()).isEqualTo(batch.text());
        assertThat(s.restoredCounts()).isEqualTo(batch.restoredCounts());
        assertThat(s.unknownPlaceholders()).isEqualTo(batch.unknownPlaceholders());
    }

    private static String text(FuzzedDataProvider data, int mode) {
        if ((mode & 1) == 0) {
            return withLoneSurrogates(data.consumeRemainingAsString());
        }
        StringBuilder sb = new StringBuilder();
        while (data.remainingBytes() > 0 && sb.length() < 4_000) {
            switch (data.consumeInt(0, 4)) {
                case 0:
                    sb.append(data.consumeString(12));
                    break;
                case 1:
                    sb.append(data.consumeChar());
                    break;
                default:
                    sb.append(data.pickValue(PIECES));
                    break;
            }
        }
        return sb.toString();
    }

    /** Maps U+E000..U+E7FF to the surrogate units U+D800..U+DFFF: Jazzer's decoder repairs lone surrogates. */
    private static String withLoneSurrogates(String s) {
        char[] cs = s.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] >= '\ue000' && cs[i] < '\ue800') {
                cs[i] = (char) (cs[i] - '\ue000' + '\ud800');
            }
        }
        return new String(cs);
    }
}
