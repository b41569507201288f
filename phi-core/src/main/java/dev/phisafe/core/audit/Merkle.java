package dev.phisafe.core.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proofs: leaf {@code SHA-256(0x00 || d)}, node
 * {@code SHA-256(0x01 || l || r)}, split at the largest power of two below n. Verification follows the iterative
 * algorithms of RFC 9162 sections 2.1.3.2 (inclusion) and 2.1.4.2 (consistency), comparing in constant time.
 */
final class Merkle {
    static final byte[] EMPTY_ROOT = sha256(new byte[0]);

    private Merkle() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    static byte[] leafHash(byte[] data) {
        MessageDigest md = sha256();
        md.update((byte) 0);
        md.update(data);
        return md.digest();
    }

    static byte[] leafHash(byte[] buf, int off, int len) {
        MessageDigest md = sha256();
        md.update((byte) 0);
        md.update(buf, off, len);
        return md.digest();
    }

    /** Leaf hash with a caller-owned digest (the hot paths reuse one per thread). */
    static byte[] leafHash(MessageDigest md, byte[] buf, int off, int len) {
        md.update((byte) 0);
        md.update(buf, off, len);
        return md.digest();
    }

    static byte[] nodeHash(MessageDigest md, byte[] l, byte[] r) {
        md.update((byte) 1);
        md.update(l);
        md.update(r);
        return md.digest();
    }

    static byte[] nodeHash(byte[] l, byte[] r) {
        MessageDigest md = sha256();
        md.update((byte) 1);
        md.update(l);
        md.update(r);
        return md.digest();
    }

    private static int split(int n) {
        return Integer.highestOneBit(n - 1);   // largest power of two < n, for n > 1
    }

    /** MTH over leaf hashes [from, to). */
    static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return EMPTY_ROOT.clone();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** PATH(m, D[from:to]). */
    static List<byte[]> inclusionPath(List<byte[]> leaves, int m, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        path(leaves, m, from, to, out);
        return out;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(root(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[0:n]). */
    static List<byte[]> consistencyProof(List<byte[]> leaves, int m, int n) {
        List<byte[]> out = new ArrayList<>();
        if (m > 0 && m < n) {
            subproof(leaves, m, 0, n, true, out);
        }
        return out;
    }

    private static void subproof(List<byte[]> leaves, int m, int from, int to, boolean b, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!b) {
                out.add(root(leaves, from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(leaves, m, from, from + k, b, out);
            out.add(root(leaves, from + k, to));
        } else {
            subproof(leaves, m - k, from + k, to, false, out);
            out.add(root(leaves, from, from + k));
        }
    }

    /** RFC 9162 2.1.3.2. */
    static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || size < 0 || index >= size || leafHash == null || root == null) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** RFC 9162 2.1.4.2. */
    static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proofIn) {
        if (first < 0 || second < 0 || firstHash == null || secondHash == null) {
            return false;
        }
        if (first == second) {
            return proofIn.isEmpty() && MessageDigest.isEqual(firstHash, secondHash);
        }
        if (first == 0 || first > second || proofIn.isEmpty()) {
            return false;
        }
        List<byte[]> proof = new ArrayList<>(proofIn);
        if ((first & (first - 1)) == 0) {
            proof.add(0, firstHash);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = proof.get(0);
        byte[] sr = proof.get(0);
        for (int i = 1; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash);
    }

    /**
     * The right frontier of a growing tree (a compact range): O(log n) memory, O(1) amortised per append, and the
     * root at any size.
     */
    static final class Frontier {
        private final byte[][] stack = new byte[64][];   // perfect subtree roots, largest first; reused arrays
        private int top;
        private final byte[] h = new byte[32];
        private final MessageDigest md = sha256();
        private final NodeCapture capture;
        private long size;

        Frontier() {
            this(null);
        }

        /** @param capture keeps the aligned subtree hashes a later proof needs (bounded-memory proofs), or null */
        Frontier(NodeCapture capture) {
            this.capture = capture;
        }

        void append(byte[] leaf) {
            append(leaf, 0);
        }

        /** Appends the 32-byte leaf hash at {@code src[off]} (copied; no allocation once the stack is warm). */
        void append(byte[] src, int off) {
            long s = size;
            if (capture != null) {
                capture.offer(0, size, src, off);
            }
            if ((s & 1) == 0) {
                push(src, off);
                size++;
                return;
            }
            int level = 0;
            byte[] left = src;
            int leftOff = off;
            boolean first = true;
            while ((s & 1) == 1) {
                md.update((byte) 1);
                md.update(stack[--top], 0, 32);
                if (first) {
                    md.update(left, leftOff, 32);
                    first = false;
                } else {
                    md.update(h, 0, 32);
                }
                digestInto(md, h);
                s >>= 1;
                level++;
                if (capture != null) {
                    capture.offer(level, size >>> level, h, 0);
                }
            }
            push(h, 0);
            size++;
        }

        private void push(byte[] src, int off) {
            byte[] slot = stack[top];
            if (slot == null) {
                slot = new byte[32];
                stack[top] = slot;
            }
            System.arraycopy(src, off, slot, 0, 32);
            top++;
        }

        long size() {
            return size;
        }

        /** @return the root of the tree so far (a fresh array) */
        byte[] root() {
            if (size == 0) {
                return EMPTY_ROOT.clone();
            }
            byte[] r = stack[top - 1].clone();
            for (int i = top - 2; i >= 0; i--) {
                md.update((byte) 1);
                md.update(stack[i], 0, 32);
                md.update(r, 0, 32);
                digestInto(md, r);
            }
            return r;
        }
    }

    /** Writes the leaf hash of {@code buf[off, off+len)} into {@code out[outOff]} with a caller-owned digest. */
    static void leafHashInto(MessageDigest md, byte[] buf, int off, int len, byte[] out, int outOff) {
        md.update((byte) 0);
        md.update(buf, off, len);
        try {
            md.digest(out, outOff, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest failed", e);
        }
    }

    private static void digestInto(MessageDigest md, byte[] out) {
        try {
            md.digest(out, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest failed", e);
        }
    }

    // ------------------------------------------------------------------ proofs without holding every leaf

    /** The hash of a leaf range [from, to) of one tree. */
    interface RangeRoot {
        /** @return MTH of leaves [from, to), or null if unknown */
        byte[] root(long from, long to);
    }

    private static int splitLong(long n) {
        return 63 - Long.numberOfLeadingZeros(n - 1);   // log2 of the largest power of two < n, for n > 1
    }

    /** PATH(m, D[0:n]) over any range hasher; null if a needed hash is unknown. */
    static List<byte[]> inclusionPath(RangeRoot h, long m, long n) {
        List<byte[]> out = new ArrayList<>();
        return path(h, m, 0, n, out) ? out : null;
    }

    private static boolean path(RangeRoot h, long m, long from, long to, List<byte[]> out) {
        long n = to - from;
        if (n <= 1) {
            return true;
        }
        long k = 1L << splitLong(n);
        byte[] r;
        if (m < k) {
            if (!path(h, m, from, from + k, out)) {
                return false;
            }
            r = h.root(from + k, to);
        } else {
            if (!path(h, m - k, from + k, to, out)) {
                return false;
            }
            r = h.root(from, from + k);
        }
        if (r == null) {
            return false;
        }
        out.add(r);
        return true;
    }

    /** PROOF(m, D[0:n]) over any range hasher; null if a needed hash is unknown. */
    static List<byte[]> consistencyProof(RangeRoot h, long m, long n) {
        List<byte[]> out = new ArrayList<>();
        if (m > 0 && m < n && !subproof(h, m, 0, n, true, out)) {
            return null;
        }
        return out;
    }

    private static boolean subproof(RangeRoot h, long m, long from, long to, boolean b, List<byte[]> out) {
        long n = to - from;
        byte[] r;
        if (m == n) {
            if (b) {
                return true;
            }
            r = h.root(from, to);
        } else {
            long k = 1L << splitLong(n);
            if (m <= k) {
                if (!subproof(h, m, from, from + k, b, out)) {
                    return false;
                }
                r = h.root(from + k, to);
            } else {
                if (!subproof(h, m - k, from + k, to, false, out)) {
                    return false;
                }
                r = h.root(from, from + k);
            }
        }
        if (r == null) {
            return false;
        }
        out.add(r);
        return true;
    }

    private static long key(int level, long index) {
        return ((long) level << 57) | index;
    }

    /**
     * Records, during a streaming pass over the leaves, only the aligned perfect subtree hashes that given proofs
     * need, so that inclusion and consistency proofs of an epoch of any size are built in O(log n) memory per proof.
     * Every range an RFC 6962 proof asks for starts at a multiple of the next power of two above its length, so it is
     * the fold of the aligned perfect subtrees of its binary decomposition — exactly the nodes a {@link Frontier}
     * produces as it merges.
     */
    static final class NodeCapture implements RangeRoot {
        private final TreeMap<Integer, TreeSet<Long>> wantedSets = new TreeMap<>();
        private long[][] wanted = new long[0][];
        private int[] next = new int[0];
        private final Map<Long, byte[]> got = new HashMap<>();
        private final MessageDigest md = sha256();

        /** Adds the nodes of an inclusion proof of leaf m in the tree of size n (and the leaf itself). */
        void planInclusion(long m, long n) {
            want(0, m);
            inclusionPath(planner(), m, n);
        }

        /** Adds the nodes of a consistency proof between sizes m and n. */
        void planConsistency(long m, long n) {
            consistencyProof(planner(), m, n);
        }

        private RangeRoot planner() {
            return (from, to) -> {
                decompose(from, to, this::want);
                return EMPTY_ROOT;
            };
        }

        private interface NodeSink {
            void node(int level, long index);
        }

        private static void decompose(long from, long to, NodeSink sink) {
            long f = from;
            while (f < to) {
                int level = 63 - Long.numberOfLeadingZeros(to - f);
                sink.node(level, f >>> level);
                f += 1L << level;
            }
        }

        private void want(int level, long index) {
            wantedSets.computeIfAbsent(level, l -> new TreeSet<>()).add(index);
        }

        /** Freezes the plan; call before the streaming pass. */
        void seal() {
            int levels = wantedSets.isEmpty() ? 0 : wantedSets.lastKey() + 1;
            wanted = new long[levels][];
            next = new int[levels];
            for (int l = 0; l < levels; l++) {
                TreeSet<Long> set = wantedSets.get(l);
                wanted[l] = set == null ? new long[0] : set.stream().mapToLong(Long::longValue).toArray();
            }
        }

        void offer(int level, long index, byte[] h) {
            offer(level, index, h, 0);
        }

        /** Keeps a copy of the 32-byte hash at {@code src[off]} if the plan wants node (level, index). */
        void offer(int level, long index, byte[] src, int off) {
            if (level >= wanted.length) {
                return;
            }
            long[] w = wanted[level];
            int p = next[level];
            while (p < w.length && w[p] < index) {
                p++;
            }
            if (p < w.length && w[p] == index) {
                got.put(key(level, index), Arrays.copyOfRange(src, off, off + 32));
                p++;
            }
            next[level] = p;
        }

        /** @return the leaf hash at index m, or null if it was not planned or not seen */
        byte[] leaf(long m) {
            return got.get(key(0, m));
        }

        @Override
        public byte[] root(long from, long to) {
            if (from == to) {
                return EMPTY_ROOT.clone();
            }
            List<byte[]> parts = new ArrayList<>();
            boolean[] missing = {false};
            decompose(from, to, (level, index) -> {
                byte[] h = got.get(key(level, index));
                if (h == null) {
                    missing[0] = true;
                }
                parts.add(h);
            });
            if (missing[0]) {
                return null;
            }
            byte[] r = parts.get(parts.size() - 1);
            for (int i = parts.size() - 2; i >= 0; i--) {
                r = nodeHash(md, parts.get(i), r);
            }
            return Arrays.copyOf(r, r.length);
        }
    }
}
