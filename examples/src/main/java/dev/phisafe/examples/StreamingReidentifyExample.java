package dev.phisafe.examples;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.transform.Reidentifier;
import dev.phisafe.core.transform.StreamingReidentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams a model's answer to the clinician as tokens arrive, mapping placeholders back on the fly: text is released
 * as soon as no placeholder can still be completing (at most 24 characters are held back).
 */
public final class StreamingReidentifyExample {
    private StreamingReidentifyExample() {
    }

    /** Feeds the chunks and returns what would be shown, one element per release. */
    public static List<String> stream(List<String> chunks, Map<String, String> vaultView) {
        Reidentifier reidentifier = Reidentifier.builder()
                .resolver(placeholder -> Optional.ofNullable(vaultView.get(placeholder))) // PhiFilter adapts its vault
                .detector(PhiDetectors.defaults())
                .build();
        StreamingReidentifier stream = reidentifier.streaming();       // one per response
        List<String> shown = new ArrayList<>();
        for (String chunk : chunks) {
            String ready = stream.accept(chunk);                        // may be "" while a placeholder is open
            if (!ready.isEmpty()) {
                shown.add(ready);
            }
        }
        String rest = stream.finish();
        if (!rest.isEmpty()) {
            shown.add(rest);
        }
        return shown;
    }

    public static void main(String[] args) {
        List<String> shown = stream(List.of("Call <NA", "ME_1> at <PH", "ONE_1> tod", "ay."),
                Map.of("<NAME_1>", "Anna Kowalczyk", "<PHONE_1>", "555-123-4567"));
        shown.forEach(System.out::println);
    }
}
