package dev.phisafe.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.spi.AssociatedData;
import dev.phisafe.core.spi.Mac;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Properties under hostile input. In the normal build only the seeds in {@code IntegrityEnvelopeFuzzTestInputs/}
 * run; fuzz with {@code JAZZER_FUZZ=1 mvn -o -pl phi-core test -Dtest='IntegrityEnvelopeFuzzTest'}.
 */
class IntegrityEnvelopeFuzzTest {
    private static final Mac MAC = Mac.jdkHmacSha256(IntegrityEnvelopeTest.KEY, "seg-2026-08");
    private static final String TEXT = IntegrityEnvelopeTest.TEXT;
    private static final Map<String, String> SEALED = IntegrityEnvelopeTest.notesExample().seal(TEXT, MAC)
            .toMetadata();
    private static final List<String> KEYS = new ArrayList<>(SEALED.keySet());

    /**
     * Any edit of the metadata either is rejected with an IllegalArgumentException naming a key, or parses to an
     * envelope that verifies exactly when the edit changed nothing; any text verifies exactly when its NFC form is
     * the sealed text's.
     */
    @FuzzTest(maxDuration = "2m")
    void anyMetadataOrText_isRejectedCleanlyOrVerifiesOnlyIfUnchanged(FuzzedDataProvider data) {
        Map<String, String> m = new HashMap<>(SEALED);
        int edits = data.consumeInt(0, 3);
        for (int i = 0; i < edits; i++) {
            String key = KEYS.get(data.consumeInt(0, KEYS.size() - 1));
            if (data.consumeBoolean()) {
                m.remove(key);
            } else {
                m.put(key, data.consumeString(80));
            }
        }
        String text = data.consumeBoolean() ? TEXT : data.consumeRemainingAsString();
        IntegrityEnvelope env;
        try {
            env = IntegrityEnvelope.fromMetadata(m);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("phi.");
            return;
        }
        boolean sameText = Normalizer.normalize(text, Normalizer.Form.NFC).equals(TEXT)
                && !hasLoneSurrogate(text);
        assertThat(env.verify(text, MAC)).isEqualTo(m.equals(SEALED) && sameText);
    }

    /** Two component tuples give the same associated-data bytes exactly when they are the same tuple. */
    @FuzzTest(maxDuration = "1m")
    void associatedData_isInjective(FuzzedDataProvider data) {
        String[] a = {data.consumeString(8), data.consumeString(8), data.consumeString(8), data.consumeString(8)};
        String[] b = a.clone();
        b[data.consumeInt(0, 3)] = data.consumeString(8);
        byte[] ea = encode(a);
        byte[] eb = encode(b);
        if (ea != null && eb != null) {
            assertThat(Arrays.equals(ea, eb)).isEqualTo(Arrays.equals(a, b));
        }
    }

    private static byte[] encode(String[] c) {
        try {
            return AssociatedData.builder().tenant(c[0]).store(c[1]).recordId(c[2]).field(c[3]).build().toBytes();
        } catch (IllegalArgumentException e) {
            return null;   // empty or not well-formed Unicode: rejected with a message, as documented
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(ch)) {
                return true;
            }
        }
        return false;
    }
}
