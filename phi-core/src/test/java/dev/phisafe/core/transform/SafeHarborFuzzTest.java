package dev.phisafe.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import java.util.List;

/**
 * Property (issue 3): the Safe Harbor output of any text contains none of the values detected in it — except where
 * the same characters also stand in the text outside every detected span (then they were never a finding there).
 */
class SafeHarborFuzzTest {
    private static final String[] PIECES = {"Anna Kowalczyk", "Dr. Smith", " MRN 00482917", " 555-123-4567",
        " 03/14/2024", " Mercy General Hospital", " jane.doe@example.org", " SSN 536-90-4399", " 92-year-old", ", ", ". ",
        " 742 Evergreen Terrace, Springfield, OR 97477", " Boston", " https://portal.example.org/p/9", " 10.1.2.3",
        " 1HGCM82633A004352", " lives in 90210", " April 2nd, 2024"};
    private static final PhiFilter FILTER = PhiFilter.builder().policy(PhiPolicies.SAFE_HARBOR)
            .destination(Destination.builder("fuzz").build()).build();
    private static final PhiContext CTX = PhiContext.builder().tenant("t").conversation("c").build();

    @FuzzTest(maxDuration = "2m")
    void safeHarborOutput_containsNoDetectedValue(FuzzedDataProvider data) {
        StringBuilder b = new StringBuilder();
        while (data.remainingBytes() > 0 && b.length() < 2_000) {
            if (data.consumeBoolean()) {
                b.append(PIECES[data.consumeInt(0, PIECES.length - 1)]);
            } else {
                b.append(data.consumeString(10));
            }
        }
        String text = b.toString();
        List<PhiSpan> spans = PhiDetectors.defaults().detect(text);
        String out = FILTER.filter(text, CTX).text();
        StringBuilder outside = new StringBuilder(text);
        for (PhiSpan s : spans) {
            for (int i = s.start(); i < s.end(); i++) {
                outside.setCharAt(i, '\u0000');
            }
        }
        for (PhiSpan s : spans) {
            String value = s.textIn(text);
            if (value.strip().length() >= 4 && outside.indexOf(value) < 0) {
                assertThat(out).as("a %s value survived", s.type()).doesNotContain(value);
            }
        }
    }
}
