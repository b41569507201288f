package dev.phisafe.core.detect;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An immutable set of lower-case words written in code (duplicates are harmless), that tests tokens in place:
 * {@code contains(tokens, i)} neither lower-cases nor allocates.
 */
final class Words {
    private final FoldedTable<Boolean> table;
    private final List<String> words;

    private Words(String... words) {
        this.words = List.copyOf(new java.util.LinkedHashSet<>(Arrays.asList(words)));
        this.table = new FoldedTable<>(this.words.size());
        for (String w : this.words) {
            table.put(w, Boolean.TRUE);
        }
    }

    static Words of(String... words) {
        return new Words(words);
    }

    boolean contains(String word) {
        return table.get(word) != null;
    }

    /** Whether token i of t, folded to lower case, is one of the words; punctuation tokens are compared too. */
    boolean contains(Tokens t, int i) {
        return i >= 0 && i < t.size() && table.get(t, i) != null;
    }

    void forEach(Consumer<String> action) {
        words.forEach(action);
    }

    int size() {
        return words.size();
    }
}
