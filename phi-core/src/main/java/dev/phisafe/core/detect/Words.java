package dev.phisafe.core.detect;

import java.util.Arrays;
import java.util.Set;

/** Word lists written in code: duplicates are harmless (unlike {@code Set.of}), the result is immutable. */
final class Words {
    private Words() {
    }

    static Set<String> of(String... words) {
        return Set.copyOf(Arrays.asList(words));
    }
}
