package dev.phisafe.core.detect;

import java.util.Arrays;

/**
 * A hash table keyed by words in folded (lower) case, that looks tokens up straight from the text: no substring, no
 * lower-casing, no allocation per lookup. Folding is per char — ASCII letters to lower case, the typographic
 * apostrophe to {@code '}, other chars by {@link Character#toLowerCase(char)} — the same for keys and tokens.
 * Open addressing with linear probing; filled once, then read-only and safe to share between threads.
 *
 * @param <V> the value type
 */
final class FoldedTable<V> {
    private String[] keys;
    private int[] hashes;
    private Object[] values;
    private int size;

    FoldedTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new String[cap];
        hashes = new int[cap];
        values = new Object[cap];
    }

    static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return c == '\u2019' ? '\'' : Character.toLowerCase(c);
    }

    static String fold(String s) {
        char[] b = new char[s.length()];
        for (int k = 0; k < b.length; k++) {
            b[k] = fold(s.charAt(k));
        }
        return new String(b);
    }

    /** The hash of the folded chars {@code s[from, to)}; the same for a key and a token that fold alike. */
    static int hash(CharSequence s, int from, int to) {
        int h = 0;
        for (int p = from; p < to; p++) {
            h = 31 * h + fold(s.charAt(p));
        }
        return mix(h);
    }

    /** Finishes a polynomial hash of folded chars (murmur3's finalizer: linear probing needs mixed low bits). */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h == 0 ? 1 : h;   // 0 marks an empty slot in the table
    }

    int size() {
        return size;
    }

    /** Adds or replaces; the key is folded first. */
    void put(String key, V value) {
        String k = fold(key);
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int h = hash(k, 0, k.length());
        int p = h & mask;
        while (keys[p] != null) {
            if (keys[p].equals(k)) {
                values[p] = value;
                return;
            }
            p = (p + 1) & mask;
        }
        keys[p] = k;
        hashes[p] = h;
        values[p] = value;
        size++;
    }

    private void grow() {
        String[] ok = keys;
        int[] oh = hashes;
        Object[] ov = values;
        keys = new String[ok.length * 2];
        hashes = new int[ok.length * 2];
        values = new Object[ok.length * 2];
        int mask = keys.length - 1;
        for (int q = 0; q < ok.length; q++) {
            if (ok[q] != null) {
                int p = oh[q] & mask;
                while (keys[p] != null) {
                    p = (p + 1) & mask;
                }
                keys[p] = ok[q];
                hashes[p] = oh[q];
                values[p] = ov[q];
            }
        }
    }

    /** The value of a key (folded first), or null. */
    @SuppressWarnings("unchecked")
    V get(String key) {
        int mask = keys.length - 1;
        int h = hash(key, 0, key.length());
        int p = h & mask;
        String k;
        while ((k = keys[p]) != null) {
            if (hashes[p] == h && k.length() == key.length() && equalsFolded(k, key, 0)) {
                return (V) values[p];
            }
            p = (p + 1) & mask;
        }
        return null;
    }

    /** The value of the folded chars {@code s[from, to)}, or null; reads them in place. */
    @SuppressWarnings("unchecked")
    V get(CharSequence s, int from, int to) {
        int len = to - from;
        int mask = keys.length - 1;
        int h = hash(s, from, to);
        int p = h & mask;
        String k;
        while ((k = keys[p]) != null) {
            if (hashes[p] == h && k.length() == len) {
                boolean same = true;
                for (int q = 0; q < len && same; q++) {
                    same = k.charAt(q) == fold(s.charAt(from + q));
                }
                if (same) {
                    return (V) values[p];
                }
            }
            p = (p + 1) & mask;
        }
        return null;
    }

    /** The value of token {@code i} of {@code t}, or null; reads the text in place. */
    @SuppressWarnings("unchecked")
    V get(Tokens t, int i) {
        int from = t.start(i);
        int len = t.end(i) - from;
        int mask = hashes.length - 1;
        int h = t.foldHash(i);
        int p = h & mask;
        int hp;
        // probe the hash array first: a miss costs one memory access, not three
        while ((hp = hashes[p]) != 0) {
            if (hp == h) {
                String k = keys[p];
                if (k.length() == len && equalsFolded(k, t.text, from)) {
                    return (V) values[p];
                }
            }
            p = (p + 1) & mask;
        }
        return null;
    }

    private static boolean equalsFolded(String key, String text, int from) {
        int len = key.length();
        if (len == 0) {
            return true;
        }
        // most hits are lower-case or Capitalised words: fold the first char, compare the rest as is (intrinsic)
        if (key.charAt(0) != fold(text.charAt(from))) {
            return false;
        }
        if (text.regionMatches(from + 1, key, 1, len - 1)) {
            return true;
        }
        for (int q = 1; q < len; q++) {
            if (key.charAt(q) != fold(text.charAt(from + q))) {
                return false;
            }
        }
        return true;
    }

    /** Visits every entry. */
    @SuppressWarnings("unchecked")
    void forEach(java.util.function.BiConsumer<String, V> action) {
        for (int p = 0; p < keys.length; p++) {
            if (keys[p] != null) {
                action.accept(keys[p], (V) values[p]);
            }
        }
    }

    @Override
    public String toString() {
        return "FoldedTable{size=" + size + ", capacity=" + keys.length + "}";
    }

    /** For tests: the stored keys. */
    String[] keysForTest() {
        return Arrays.stream(keys).filter(java.util.Objects::nonNull).toArray(String[]::new);
    }
}
