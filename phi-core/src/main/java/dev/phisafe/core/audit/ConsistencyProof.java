package dev.phisafe.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RFC 6962 proof that a tree of {@link #first()} records is a prefix of a tree of {@link #second()} records, verified
 * with RFC 9162 section 2.1.4.2: nothing recorded before the older checkpoint was changed or removed later (detects
 * rollback and forks). Immutable.
 */
public final class ConsistencyProof {
    private final long first;
    private final long second;
    private final List<byte[]> proof;

    ConsistencyProof(long first, long second, List<byte[]> proof) {
        this.first = first;
        this.second = second;
        List<byte[]> p = new ArrayList<>();
        proof.forEach(h -> p.add(h.clone()));
        this.proof = p;
    }

    /** @return the older tree size */
    public long first() {
        return first;
    }

    /** @return the newer tree size */
    public long second() {
        return second;
    }

    /** @return the proof hashes */
    public List<byte[]> hashes() {
        List<byte[]> p = new ArrayList<>();
        proof.forEach(h -> p.add(h.clone()));
        return p;
    }

    /**
     * @param firstRoot  trusted root of the older tree
     * @param secondRoot trusted root of the newer tree
     * @return whether the older tree is a prefix of the newer one
     */
    public boolean verify(byte[] firstRoot, byte[] secondRoot) {
        Objects.requireNonNull(firstRoot, "firstRoot");
        Objects.requireNonNull(secondRoot, "secondRoot");
        return Merkle.verifyConsistency(first, second, firstRoot, secondRoot, proof);
    }
}
