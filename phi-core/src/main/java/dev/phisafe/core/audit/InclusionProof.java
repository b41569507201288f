package dev.phisafe.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RFC 6962 proof that one record (by its leaf hash) is in a tree of a given size; verified with the algorithm of
 * RFC 9162 section 2.1.3.2. Lets an auditor check one entry against a signed {@link Checkpoint} without seeing the
 * other entries. Immutable.
 */
public final class InclusionProof {
    private final long index;
    private final long treeSize;
    private final byte[] leafHash;
    private final List<byte[]> path;

    InclusionProof(long index, long treeSize, byte[] leafHash, List<byte[]> path) {
        this.index = index;
        this.treeSize = treeSize;
        this.leafHash = leafHash.clone();
        List<byte[]> p = new ArrayList<>();
        path.forEach(h -> p.add(h.clone()));
        this.path = p;
    }

    /** @return the record's index in the epoch */
    public long index() {
        return index;
    }

    /** @return the tree size the proof is for */
    public long treeSize() {
        return treeSize;
    }

    /** @return the leaf hash, {@code SHA-256(0x00 || record line)} */
    public byte[] leafHash() {
        return leafHash.clone();
    }

    /** @return the audit path, leaf to root */
    public List<byte[]> path() {
        List<byte[]> p = new ArrayList<>();
        path.forEach(h -> p.add(h.clone()));
        return p;
    }

    /**
     * @param root the trusted root hash of a tree of {@link #treeSize()} records (from a verified checkpoint)
     * @return whether the record is in that tree
     */
    public boolean verify(byte[] root) {
        Objects.requireNonNull(root, "root");
        return Merkle.verifyInclusion(index, treeSize, leafHash, path, root);
    }

    /**
     * @param recordLine the record's exact line bytes (without the newline)
     * @param root       the trusted root
     * @return whether this proof shows that exact record in the tree
     */
    public boolean verify(byte[] recordLine, byte[] root) {
        return java.security.MessageDigest.isEqual(Merkle.leafHash(recordLine), leafHash) && verify(root);
    }
}
