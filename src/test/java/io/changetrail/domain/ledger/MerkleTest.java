package io.changetrail.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleTest {
  private final Merkle merkle = new Merkle();

  /** The leaves of the RFC 6962 reference test vectors (certificate-transparency). */
  private static final String[] VECTOR_LEAVES = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f"
  };

  private static final String[] VECTOR_ROOTS = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
  };

  private List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(merkle.leafHash(("entry " + i).getBytes()));
    }
    return leaves;
  }

  /** MTH straight from RFC 6962's recursive definition. */
  private byte[] referenceRoot(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return merkle.emptyRoot();
    }
    if (n == 1) {
      return leaves.get(from);
    }
    int k = Integer.highestOneBit(n - 1);
    return merkle.nodeHash(
        referenceRoot(leaves, from, from + k), referenceRoot(leaves, from + k, to));
  }

  @Test
  void rootsMatchTheRfc6962ReferenceVectors() {
    List<byte[]> leaves = new ArrayList<>();
    for (int size = 1; size <= VECTOR_LEAVES.length; size++) {
      leaves.add(merkle.leafHash(HexFormat.of().parseHex(VECTOR_LEAVES[size - 1])));
      assertThat(HexFormat.of().formatHex(merkle.root(leaves, size)))
          .as("root of size %d", size)
          .isEqualTo(VECTOR_ROOTS[size - 1]);
    }
  }

  @Test
  void emptyTreeRootIsTheHashOfNothing() {
    assertThat(HexFormat.of().formatHex(merkle.root(List.of(), 0)))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void everyInclusionAndConsistencyProofVerifiesUpTo64Leaves() {
    List<byte[]> leaves = leaves(64);
    for (int n = 1; n <= 64; n++) {
      byte[] root = merkle.root(leaves, n);
      assertThat(root).isEqualTo(referenceRoot(leaves, 0, n));
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = merkle.inclusionProof(leaves, i, n);
        assertThat(merkle.verifyInclusion(i, n, leaves.get(i), proof, root)).isTrue();
      }
      for (int m = 0; m <= n; m++) {
        List<byte[]> proof = merkle.consistencyProof(leaves, m, n);
        assertThat(merkle.verifyConsistency(m, n, merkle.root(leaves, m), root, proof))
            .as("consistency %d -> %d", m, n)
            .isTrue();
      }
    }
  }

  @Property(tries = 300)
  void inclusionProofVerifiesAndATamperedOneFails(
      @ForAll @IntRange(min = 1, max = 300) int size,
      @ForAll @IntRange(min = 0, max = 299) int rawIndex,
      @ForAll @IntRange(min = 0, max = 31) int flipByte) {
    int index = rawIndex % size;
    List<byte[]> leaves = leaves(size);
    byte[] root = merkle.root(leaves, size);
    List<byte[]> proof = merkle.inclusionProof(leaves, index, size);
    assertThat(merkle.verifyInclusion(index, size, leaves.get(index), proof, root)).isTrue();
    if (size > 1) {
      assertThat(merkle.verifyInclusion(index, size, leaves.get((index + 1) % size), proof, root))
          .isFalse();
    }
    if (!proof.isEmpty()) {
      List<byte[]> tampered = new ArrayList<>(proof);
      byte[] changed = tampered.get(flipByte % tampered.size()).clone();
      changed[flipByte] ^= 1;
      tampered.set(flipByte % tampered.size(), changed);
      assertThat(merkle.verifyInclusion(index, size, leaves.get(index), tampered, root)).isFalse();
      assertThat(merkle.verifyInclusion(size, size, leaves.get(index), proof, root)).isFalse();
    }
  }

  @Property(tries = 300)
  void consistencyProofVerifiesAndATamperedOneFails(
      @ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 300) int rawM,
      @ForAll @IntRange(min = 0, max = 31) int flipByte) {
    int m = 1 + (rawM - 1) % n;
    List<byte[]> leaves = leaves(n);
    byte[] first = merkle.root(leaves, m);
    byte[] second = merkle.root(leaves, n);
    List<byte[]> proof = merkle.consistencyProof(leaves, m, n);
    assertThat(merkle.verifyConsistency(m, n, first, second, proof)).isTrue();
    if (m < n) {
      List<byte[]> tampered = new ArrayList<>(proof);
      byte[] changed = tampered.get(flipByte % tampered.size()).clone();
      changed[flipByte] ^= 1;
      tampered.set(flipByte % tampered.size(), changed);
      assertThat(merkle.verifyConsistency(m, n, first, second, tampered)).isFalse();
      List<byte[]> forked = new ArrayList<>(leaves);
      forked.set(m - 1, merkle.leafHash(new byte[] {42}));
      assertThat(merkle.verifyConsistency(m, n, merkle.root(forked, m), second, proof)).isFalse();
    }
  }

  @Test
  void compactRangeRebuildsRootsFromFrontiersAndSubtrees() {
    List<byte[]> leaves = leaves(100);
    for (int from = 0; from <= 100; from += 7) {
      CompactRange prefix = new CompactRange(merkle);
      for (int i = 0; i < from; i++) {
        prefix.append(leaves.get(i));
      }
      for (int to = from; to <= 100; to += 5) {
        CompactRange range = CompactRange.of(merkle, from, prefix.frontier());
        for (int i = from; i < to; i++) {
          range.append(leaves.get(i));
        }
        for (long[] part : CompactRange.decompose(to, 100)) {
          int height = (int) part[0];
          int start = (int) part[1];
          range.appendSubtree(height, merkle.root(leaves, start, start + (1 << height)));
        }
        assertThat(range.root()).isEqualTo(merkle.root(leaves, 100));
      }
    }
  }
}
