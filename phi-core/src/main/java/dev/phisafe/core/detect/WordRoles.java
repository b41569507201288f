package dev.phisafe.core.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * Several word lists in one table: list {@code k} is bit {@code 1 << k}, so a detector tests a token against all its
 * lists with one lookup per token and text, cached by the caller in an {@code int[]} the size of the text.
 */
final class WordRoles {
    private static final int KNOWN = 1 << 30;   // marks a looked-up entry in a cache

    private final FoldedTable<Integer> table;

    /** @param lists at most 30 lists; {@code lists[k]} gets the bit {@code 1 << k} */
    WordRoles(Words... lists) {
        if (lists.length > 30) {
            throw new IllegalArgumentException("at most 30 lists");
        }
        Map<String, Integer> m = new HashMap<>();
        for (int k = 0; k < lists.length; k++) {
            int bit = 1 << k;
            lists[k].forEach(w -> m.merge(w, bit, (a, b) -> a | b));
        }
        table = new FoldedTable<>(m.size());
        m.forEach(table::put);
    }

    /**
     * @param t     the tokens
     * @param i     a token index inside {@code t}
     * @param cache one int per token, zero-filled at first; filled by this method
     * @return the bits of the lists token {@code i} is in
     */
    int of(Tokens t, int i, int[] cache) {
        int r = cache[i];
        if (r == 0) {
            Integer v = table.get(t, i);
            r = (v == null ? 0 : v) | KNOWN;
            cache[i] = r;
        }
        return r;
    }
}
