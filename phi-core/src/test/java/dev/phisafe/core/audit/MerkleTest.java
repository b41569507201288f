package dev.phisafe.core.audit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static List<byte[]> leafHashes(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Merkle.leafHash(i < LEAVES.length ? HEX.parseHex(LEAVES[i]) : new byte[]{(byte) i, (byte) (i >> 8)}));
        }
        return out;
    }

    @Test
    void rfc6962Vectors_allNineRoots_match_recursiveAndFrontier() {
        for (int n = 0; n <= 8; n++) {
            List<byte[]> leaves = leafHashes(n);
            assertThat(HEX.formatHex(Merkle.root(leaves, 0, n))).as("MTH n=%d", n).isEqualTo(ROOTS[n]);
            Merkle.Frontier f = new Merkle.Frontier();
            leaves.forEach(f::append);
            assertThat(HEX.formatHex(f.root())).as("frontier n=%d", n).isEqualTo(ROOTS[n]);
        }
    }

    @Test
    void proofs_everyPairUpTo64_verify_andEveryBitFlipFails() {
        List<byte[]> leaves = leafHashes(64);
        int checked = 0;
        for (int n = 1; n <= 64; n++) {
            byte[] root = Merkle.root(leaves, 0, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = Merkle.inclusionPath(leaves, m, 0, n);
                assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), path, root)).isTrue();
                assertThat(Merkle.verifyInclusion(m, n, leaves.get((m + 1) % 64), path, root)).isFalse();
                if (!path.isEmpty()) {
                    List<byte[]> bad = new ArrayList<>(path);
                    byte[] h = bad.get(0).clone();
                    h[5] ^= 1;
                    bad.set(0, h);
                    assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), bad, root)).isFalse();
                    assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), path.subList(0, path.size() - 1), root))
                            .isFalse();
                }
                checked++;
            }
            for (int m = 1; m <= n; m++) {
                byte[] r1 = Merkle.root(leaves, 0, m);
                List<byte[]> proof = Merkle.consistencyProof(leaves, m, n);
                assertThat(Merkle.verifyConsistency(m, n, r1, root, proof)).as("m=%d n=%d", m, n).isTrue();
                if (m < n) {
                    byte[] forked = r1.clone();
                    forked[0] ^= 1;
                    assertThat(Merkle.verifyConsistency(m, n, forked, root, proof)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, r1, Merkle.root(leaves, 1, n + 0), proof)).isFalse();
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * 64 * 65 / 2);
    }

    @Test
    void verify_edgeCases_rejected() {
        byte[] root = Merkle.leafHash(new byte[0]);
        assertThat(Merkle.verifyInclusion(0, 1, root, List.of(), root)).isTrue();
        assertThat(Merkle.verifyInclusion(0, 1, root, List.of(Merkle.EMPTY_ROOT), root)).isFalse();
        assertThat(Merkle.verifyInclusion(-1, 1, root, List.of(), root)).isFalse();
        assertThat(Merkle.verifyInclusion(1, 1, root, List.of(), root)).isFalse();
        assertThat(Merkle.verifyInclusion(0, Long.MIN_VALUE, root, List.of(), root)).isFalse();
        assertThat(Merkle.verifyConsistency(0, 1, root, root, List.of(root))).isFalse();
        assertThat(Merkle.verifyConsistency(2, 1, root, root, List.of(root))).isFalse();
        assertThat(Merkle.verifyConsistency(1, 1, root, root, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(1, 1, root, root, List.of(root))).isFalse();
    }
}
