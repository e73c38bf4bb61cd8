package io.changetrail.domain.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree hash of RFC 6962 / RFC 9162 over SHA-256: leaf and node hashes, the tree head of
 * any size, inclusion proofs (PATH) and consistency proofs (SUBPROOF), and their verification
 * algorithms (RFC 9162 sections 2.1.3.2 and 2.1.4.2). An instance holds a digest, so it is not
 * meant to be shared across threads; the static verifiers are.
 */
public final class Merkle {
  public static final int HASH_SIZE = 32;
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private final MessageDigest sha256;

  public Merkle() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /** SHA-256(0x00 || entry). */
  public byte[] leafHash(byte[] entry) {
    return leafHash(entry, 0, entry.length);
  }

  /** SHA-256(0x00 || entry[offset, offset+length)). */
  public byte[] leafHash(byte[] buffer, int offset, int length) {
    sha256.update(LEAF_PREFIX);
    sha256.update(buffer, offset, length);
    return sha256.digest();
  }

  /** SHA-256(0x00 || buffer[offset, offset+length)) written to {@code out} at {@code at}. */
  public void leafHashInto(byte[] buffer, int offset, int length, byte[] out, int at) {
    sha256.update(LEAF_PREFIX);
    sha256.update(buffer, offset, length);
    finish(out, at);
  }

  /**
   * SHA-256(0x01 || left || right) of two hashes held in {@code hashes} at {@code left} and {@code
   * right}, written to {@code out} at {@code at} (which may overlap the inputs).
   */
  public void nodeHashInto(byte[] hashes, int left, int right, byte[] out, int at) {
    sha256.update(NODE_PREFIX);
    sha256.update(hashes, left, HASH_SIZE);
    sha256.update(hashes, right, HASH_SIZE);
    finish(out, at);
  }

  private void finish(byte[] out, int at) {
    try {
      sha256.digest(out, at, HASH_SIZE);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 output does not fit", e);
    }
  }

  /** SHA-256(0x01 || left || right). */
  public byte[] nodeHash(byte[] left, byte[] right) {
    sha256.update(NODE_PREFIX);
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /** The hash of the empty tree: SHA-256 of no bytes. */
  public byte[] emptyRoot() {
    return sha256.digest();
  }

  /** MTH(D[from:to]) over leaf hashes. */
  public byte[] root(List<byte[]> leafHashes, int from, int to) {
    if (from == to) {
      return emptyRoot();
    }
    CompactRange range = new CompactRange(this);
    for (int i = from; i < to; i++) {
      range.append(leafHashes.get(i));
    }
    return range.root();
  }

  /** MTH(D[0:size]). */
  public byte[] root(List<byte[]> leafHashes, int size) {
    return root(leafHashes, 0, size);
  }

  /** PATH(index, D[0:size]): the audit path of one leaf in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(List<byte[]> leafHashes, int index, int size) {
    if (index < 0 || index >= size || size > leafHashes.size()) {
      throw new IllegalArgumentException("no leaf " + index + " in a tree of size " + size);
    }
    List<byte[]> proof = new ArrayList<>();
    path(leafHashes, index, 0, size, proof);
    return proof;
  }

  private void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> proof) {
    int n = to - from;
    if (n <= 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(leaves, m, from, from + k, proof);
      proof.add(root(leaves, from + k, to));
    } else {
      path(leaves, m - k, from + k, to, proof);
      proof.add(root(leaves, from, from + k));
    }
  }

  /** PROOF(m, D[0:n]): the consistency proof between the trees of sizes m and n. */
  public List<byte[]> consistencyProof(List<byte[]> leafHashes, int m, int n) {
    if (m < 0 || m > n || n > leafHashes.size()) {
      throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
    }
    List<byte[]> proof = new ArrayList<>();
    if (m == 0 || m == n) {
      return proof;
    }
    subproof(leafHashes, m, 0, n, true, proof);
    return proof;
  }

  private void subproof(List<byte[]> leaves, int m, int from, int to, boolean b, List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!b) {
        out.add(root(leaves, from, to));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(leaves, m, from, from + k, b, out);
      out.add(root(leaves, from + k, to));
    } else {
      subproof(leaves, m - k, from + k, to, false, out);
      out.add(root(leaves, from, from + k));
    }
  }

  /**
   * RFC 9162 2.1.3.2: does {@code proof} show the leaf at {@code index} under {@code root}? Every
   * hash (leaf, root, proof element) must have 32 bytes: a shorter one never verifies.
   */
  public boolean verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    if (index < 0 || index >= size || !hashes(proof) || !hash(leafHash) || !hash(root)) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
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
    return sn == 0 && Arrays.equals(r, root);
  }

  /**
   * RFC 9162 2.1.4.2: does {@code proof} show that the tree of {@code secondSize} with head {@code
   * secondRoot} extends the tree of {@code firstSize} with head {@code firstRoot}? RFC 9162 defines
   * consistency proofs for a first size above 0 only: from size 0 nothing is proven, so it never
   * verifies (the empty tree's head is a constant, checked apart). Equal sizes verify with no proof
   * and equal heads. Every hash must have 32 bytes.
   */
  public boolean verifyConsistency(
      long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
    if (firstSize <= 0
        || firstSize > secondSize
        || !hash(firstRoot)
        || !hash(secondRoot)
        || !hashes(proof)) {
      return false;
    }
    if (firstSize == secondSize) {
      return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(firstSize) == 1) {
      path.add(firstRoot);
    }
    path.addAll(proof);
    long fn = firstSize - 1;
    long sn = secondSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
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
    return Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot) && sn == 0;
  }

  private static boolean hash(byte[] hash) {
    return hash != null && hash.length == HASH_SIZE;
  }

  private static boolean hashes(List<byte[]> proof) {
    for (byte[] hash : proof) {
      if (!hash(hash)) {
        return false;
      }
    }
    return true;
  }

  /** The largest power of two strictly below {@code n} (n at least 2). */
  static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
