package dev.phisafe.examples;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.util.List;

/** Finds PHI in a clinician's question with the default suite, then with a suite configured in one statement. */
public final class DetectPhiExample {
    private DetectPhiExample() {
    }

    /** The default suite: every Safe Harbor category that can appear in text. */
    public static List<PhiSpan> withDefaults(String text) {
        PhiDetectors detectors = PhiDetectors.defaults();   // build once, share: immutable and thread-safe
        return detectors.detect(text);
    }

    /** The default suite without URLs, with a local allow-list, a deny-list and a custom employee-id detector. */
    public static List<PhiSpan> configured(String text) {
        PhiDetectors detectors = PhiDetectors.builder()
                .disable(PhiType.URL)
                .allow("Mayo")                                   // our own product, not a facility here
                .deny(PhiType.NAME, "Project Falcon")            // a study codename that identifies its cohort
                .add(PhiDetectors.pattern("employee-id", PhiType.UNIQUE_IDENTIFIER)
                        .regex("E[0-9]{6}").contextWords("employee").requireContext().build())
                .build();
        return detectors.detect(text);
    }

    public static void main(String[] args) {
        String text = "Pt Anna S., MRN 4471-223, seen 03/14/2024 at St. Vincent's Hospital.";
        for (PhiSpan s : withDefaults(text)) {
            // a span holds offsets, never text: printing the covered text is the caller's own decision
            System.out.println(s.type() + " [" + s.start() + ", " + s.end() + ") " + s.textIn(text));
        }
    }
}
