package dev.phisafe.core.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

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
        private final List<byte[]> stack = new ArrayList<>();   // perfect subtree roots, largest first
        private long size;

        void append(byte[] leaf) {
            byte[] h = leaf;
            long s = size;
            while ((s & 1) == 1) {
                h = nodeHash(stack.remove(stack.size() - 1), h);
                s >>= 1;
            }
            stack.add(h);
            size++;
        }

        long size() {
            return size;
        }

        byte[] root() {
            if (size == 0) {
                return EMPTY_ROOT.clone();
            }
            byte[] r = stack.get(stack.size() - 1);
            for (int i = stack.size() - 2; i >= 0; i--) {
                r = nodeHash(stack.get(i), r);
            }
            return r;
        }
    }
}
