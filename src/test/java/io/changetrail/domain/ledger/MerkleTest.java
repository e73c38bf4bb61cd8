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
      assertThat(
              merkle.verifyConsistency(
                  0, n, merkle.emptyRoot(), root, merkle.consistencyProof(leaves, 0, n)))
          .as("consistency 0 -> %d is not defined (RFC 9162 2.1.4)", n)
          .isFalse();
      for (int m = 1; m <= n; m++) {
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

  // ------------------------------------------------------------------------------------------
  // The public test vectors of transparency-dev/merkle (proof/verify_test.go), which the Go
  // transparency-log libraries check. Four of them (marked) pass there with a zero-length or
  // short hash, or a consistency proof from size 0; RFC 9162 defines every hash as 32 bytes and
  // consistency proofs for 0 < m only, so this verifier rejects them.

  private static byte[] dh(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static final byte[] SOME_HASH =
      dh("abacaba000000000000000000000000000000000000000000060061e00123456");
  private static final byte[] EMPTY_TREE_HASH =
      dh("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  private static final byte[] EMPTY = new byte[0];

  private record InclusionVector(long leaf, long size, List<byte[]> proof) {}

  private record ConsistencyVector(long size1, long size2, List<byte[]> proof) {}

  private static final List<InclusionVector> INCLUSION_VECTORS =
      List.of(
          new InclusionVector(1, 1, List.of()),
          new InclusionVector(
              1,
              8,
              List.of(
                  dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                  dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                  dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))),
          new InclusionVector(
              6,
              8,
              List.of(
                  dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                  dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                  dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))),
          new InclusionVector(
              3,
              3,
              List.of(dh("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"))),
          new InclusionVector(
              2,
              5,
              List.of(
                  dh("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                  dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                  dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))));

  private static final List<ConsistencyVector> CONSISTENCY_VECTORS =
      List.of(
          new ConsistencyVector(
              1,
              8,
              List.of(
                  dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                  dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                  dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))),
          new ConsistencyVector(
              6,
              8,
              List.of(
                  dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                  dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                  dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))),
          new ConsistencyVector(
              2,
              5,
              List.of(
                  dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                  dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))),
          new ConsistencyVector(
              6,
              7,
              List.of(
                  dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                  dh("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                  dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))));

  private static List<byte[]> with(List<byte[]> proof, int at, byte[] hash) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.add(at < 0 ? copy.size() : at, hash);
    return copy;
  }

  @Test
  void theTransparencyDevInclusionVectorsVerifyAndTheirCorruptionsFail() {
    for (InclusionVector v : INCLUSION_VECTORS) {
      long index = v.leaf() - 1;
      byte[] root = dh(VECTOR_ROOTS[(int) v.size() - 1]);
      byte[] leaf = merkle.leafHash(dh(VECTOR_LEAVES[(int) index]));
      String what = "leaf " + index + " of " + v.size();
      assertThat(merkle.verifyInclusion(index, v.size(), leaf, v.proof(), root)).as(what).isTrue();
      List<Object[]> probes = new ArrayList<>();
      probes.add(new Object[] {index - 1, v.size(), root, leaf, v.proof()});
      probes.add(new Object[] {index + 1, v.size(), root, leaf, v.proof()});
      probes.add(new Object[] {index ^ 2, v.size(), root, leaf, v.proof()});
      probes.add(new Object[] {index, v.size() * 2, root, leaf, v.proof()});
      probes.add(new Object[] {index, v.size() / 2, root, leaf, v.proof()});
      probes.add(new Object[] {index, v.size(), root, "WrongLeaf".getBytes(), v.proof()});
      probes.add(new Object[] {index, v.size(), EMPTY_TREE_HASH, leaf, v.proof()});
      probes.add(new Object[] {index, v.size(), SOME_HASH, leaf, v.proof()});
      probes.add(new Object[] {index, v.size(), root, leaf, with(v.proof(), -1, EMPTY)});
      probes.add(new Object[] {index, v.size(), root, leaf, with(v.proof(), -1, root)});
      probes.add(new Object[] {index, v.size(), root, leaf, with(v.proof(), 0, EMPTY)});
      probes.add(new Object[] {index, v.size(), root, leaf, with(v.proof(), 0, root)});
      for (int i = 0; i < v.proof().size(); i++) {
        List<byte[]> flipped = new ArrayList<>(v.proof());
        byte[] changed = flipped.get(i).clone();
        changed[0] ^= 8;
        flipped.set(i, changed);
        probes.add(new Object[] {index, v.size(), root, leaf, flipped});
      }
      if (!v.proof().isEmpty()) {
        probes.add(
            new Object[] {index, v.size(), root, leaf, v.proof().subList(0, v.proof().size() - 1)});
      }
      for (Object[] p : probes) {
        @SuppressWarnings("unchecked")
        List<byte[]> proof = (List<byte[]>) p[4];
        assertThat(
                merkle.verifyInclusion(
                    (long) p[0], (long) p[1], (byte[]) p[3], proof, (byte[]) p[2]))
            .as("corrupted probe of %s", what)
            .isFalse();
      }
    }
  }

  @Test
  void inclusionOfASingleEntryNeedsThirtyTwoByteHashes() {
    byte[] hash = merkle.leafHash("data".getBytes());
    assertThat(merkle.verifyInclusion(0, 1, hash, List.of(), hash)).isTrue();
    assertThat(merkle.verifyInclusion(0, 1, EMPTY, List.of(), hash)).isFalse();
    assertThat(merkle.verifyInclusion(0, 1, hash, List.of(), EMPTY)).isFalse();
    // transparency-dev: "wrong hash size"; this verifier accepted it
    assertThat(merkle.verifyInclusion(0, 1, EMPTY, List.of(), EMPTY)).isFalse();
    byte[] shortHash = new byte[20];
    assertThat(merkle.verifyInclusion(0, 1, shortHash, List.of(), shortHash)).isFalse();
    for (long[] p : new long[][] {{0, 0}, {0, 1}, {1, 0}, {2, 1}}) {
      assertThat(merkle.verifyInclusion(p[0], p[1], SOME_HASH, List.of(), EMPTY)).isFalse();
      assertThat(merkle.verifyInclusion(p[0], p[1], EMPTY, List.of(), EMPTY_TREE_HASH)).isFalse();
      assertThat(merkle.verifyInclusion(p[0], p[1], SOME_HASH, List.of(), EMPTY_TREE_HASH))
          .isFalse();
    }
  }

  @Test
  void consistencyNeedsThirtyTwoByteRootsAndAFirstSizeAboveZero() {
    byte[] root1 = "don't care 1".getBytes();
    byte[] root2 = "don't care 2".getBytes();
    List<byte[]> none = List.of();
    List<byte[]> emptyTreeProof = List.of(EMPTY_TREE_HASH);
    // the transparency-dev vectors that must fail
    assertThat(merkle.verifyConsistency(0, 0, root1, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(1, 1, root1, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(1, 0, root1, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(2, 1, root1, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(1, 2, root1, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(0, 0, EMPTY_TREE_HASH, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(1, 1, EMPTY_TREE_HASH, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, emptyTreeProof))
        .isFalse();
    assertThat(merkle.verifyConsistency(0, 1, EMPTY_TREE_HASH, EMPTY_TREE_HASH, emptyTreeProof))
        .isFalse();
    assertThat(merkle.verifyConsistency(1, 1, EMPTY_TREE_HASH, EMPTY_TREE_HASH, emptyTreeProof))
        .isFalse();
    // the four that transparency-dev accepts ("always consistent") and RFC 9162 does not define:
    // short roots, and proofs from size 0
    assertThat(merkle.verifyConsistency(0, 0, root1, root1, none)).isFalse();
    assertThat(merkle.verifyConsistency(0, 1, root1, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(1, 1, root2, root2, none)).isFalse();
    assertThat(merkle.verifyConsistency(0, 1, EMPTY_TREE_HASH, SOME_HASH, none)).isFalse();
    // equal sizes with equal 32-byte roots and no proof: the same tree
    assertThat(merkle.verifyConsistency(1, 1, SOME_HASH, SOME_HASH, none)).isTrue();
  }

  @Test
  void theTransparencyDevConsistencyVectorsVerifyAndTheirCorruptionsFail() {
    for (ConsistencyVector v : CONSISTENCY_VECTORS) {
      byte[] root1 = dh(VECTOR_ROOTS[(int) v.size1() - 1]);
      byte[] root2 = dh(VECTOR_ROOTS[(int) v.size2() - 1]);
      String what = "consistency " + v.size1() + " -> " + v.size2();
      assertThat(merkle.verifyConsistency(v.size1(), v.size2(), root1, root2, v.proof()))
          .as(what)
          .isTrue();
      long m = v.size1();
      long n = v.size2();
      List<byte[]> p = v.proof();
      List<Object[]> probes = new ArrayList<>();
      probes.add(new Object[] {m - 1, n, root1, root2, p});
      probes.add(new Object[] {m + 1, n, root1, root2, p});
      probes.add(new Object[] {m ^ 2, n, root1, root2, p});
      probes.add(new Object[] {m, n * 2, root1, root2, p});
      probes.add(new Object[] {m, n / 2, root1, root2, p});
      probes.add(new Object[] {m, n, "WrongRoot".getBytes(), root2, p});
      probes.add(new Object[] {m, n, root1, "WrongRoot".getBytes(), p});
      probes.add(new Object[] {m, n, root2, root1, p});
      probes.add(new Object[] {m, n, root1, root2, List.of()});
      probes.add(new Object[] {m, n, root1, root2, with(p, -1, EMPTY)});
      probes.add(new Object[] {m, n, root1, root2, with(p, -1, root1)});
      probes.add(new Object[] {m, n, root1, root2, with(p, -1, root2)});
      probes.add(new Object[] {m, n, root1, root2, with(p, 0, EMPTY)});
      probes.add(new Object[] {m, n, root1, root2, with(p, 0, root1)});
      probes.add(new Object[] {m, n, root1, root2, with(p, 0, root2)});
      probes.add(new Object[] {m, n, root1, root2, with(p, 0, p.get(0))});
      probes.add(new Object[] {m, n, root1, root2, p.subList(0, p.size() - 1)});
      for (int i = 0; i < p.size(); i++) {
        List<byte[]> flipped = new ArrayList<>(p);
        byte[] changed = flipped.get(i).clone();
        changed[0] ^= 16;
        flipped.set(i, changed);
        probes.add(new Object[] {m, n, root1, root2, flipped});
      }
      for (Object[] probe : probes) {
        @SuppressWarnings("unchecked")
        List<byte[]> proof = (List<byte[]>) probe[4];
        assertThat(
                merkle.verifyConsistency(
                    (long) probe[0], (long) probe[1], (byte[]) probe[2], (byte[]) probe[3], proof))
            .as("corrupted probe of %s", what)
            .isFalse();
      }
    }
  }
}
