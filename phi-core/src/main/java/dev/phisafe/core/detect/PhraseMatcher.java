package dev.phisafe.core.detect;

import java.util.Map;

/**
 * Finds whole-token phrases (case-insensitive) in a {@link Tokens}: a trie over lower-cased tokens. At each token it
 * reports the longest phrase that starts there, then continues after it. Time is linear in the number of tokens
 * times the longest phrase (bounded by {@link #MAX_TOKENS}).
 *
 * @param <V> what a phrase maps to
 */
final class PhraseMatcher<V> {
    static final int MAX_TOKENS = 12;

    /** Receives matches. */
    interface Hit<V> {
        void at(int start, int end, V value);
    }

    /** Receives matches with token indices. */
    interface TokenHit<V> {
        void at(int firstToken, int lastToken, V value);
    }

    private static final class Node<V> {
        FoldedTable<Node<V>> next;
        V value;
    }

    private final Node<V> root = new Node<>();
    private int size;

    private PhraseMatcher() {
    }

    /** @return a matcher for the phrases, or null if there are none */
    static <V> PhraseMatcher<V> of(Map<String, V> phrases) {
        if (phrases.isEmpty()) {
            return null;
        }
        PhraseMatcher<V> m = new PhraseMatcher<>();
        phrases.forEach(m::put);
        return m;
    }

    static <V> PhraseMatcher<V> empty() {
        return new PhraseMatcher<>();
    }

    int size() {
        return size;
    }

    /** Adds a phrase; tokenized like the texts it will be matched in. Phrases longer than MAX_TOKENS are ignored. */
    void put(String phrase, V value) {
        Tokens t = Tokens.of(phrase);
        if (t.size() == 0 || t.size() > MAX_TOKENS) {
            return;
        }
        Node<V> node = root;
        for (int i = 0; i < t.size(); i++) {
            if (node.next == null) {
                node.next = new FoldedTable<>(node == root ? 1024 : 2);
            }
            Node<V> child = node.next.get(t, i);
            if (child == null) {
                child = new Node<>();
                node.next.put(t.lower(i), child);
            }
            node = child;
        }
        if (node.value == null) {
            size++;
        }
        node.value = value;
    }

    /** The longest phrase starting at token {@code i}: its last token index, or -1. */
    int longestAt(Tokens t, int i, V[] valueOut) {
        Node<V> node = root;
        int best = -1;
        for (int j = i; j < t.size() && j - i < MAX_TOKENS; j++) {
            if (node.next == null) {
                break;
            }
            node = node.next.get(t, j);
            if (node == null) {
                break;
            }
            if (node.value != null) {
                best = j;
                if (valueOut != null) {
                    valueOut[0] = node.value;
                }
            }
        }
        return best;
    }

    /** Reports non-overlapping longest matches, left to right. */
    void find(Tokens t, Hit<V> hit) {
        findTokens(t, (a, b, v) -> hit.at(t.start(a), t.end(b), v));
    }

    /** Reports non-overlapping longest matches, left to right, as token ranges. */
    @SuppressWarnings("unchecked")
    void findTokens(Tokens t, TokenHit<V> hit) {
        V[] value = (V[]) new Object[1];
        int i = 0;
        while (i < t.size()) {
            // a phrase must start at a token boundary that is not inside a word (e.g. after a hyphen is fine)
            int last = longestAt(t, i, value);
            if (last >= 0) {
                hit.at(i, last, value[0]);
                i = last + 1;
            } else {
                i++;
            }
        }
    }
}
