package io.changetrail.domain.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The hashes of the perfect subtrees that cover the leaves {@code [0, size)} of an RFC 6962 tree
 * (one per set bit of {@code size}, largest first): enough to append leaves one by one and to
 * compute the tree head of every size on the way, in O(log n) memory. Not thread-safe.
 */
public final class CompactRange {
  private final Merkle merkle;
  private final List<byte[]> stack = new ArrayList<>();
  private long size;

  public CompactRange(Merkle merkle) {
    this.merkle = merkle;
  }

  /**
   * A range that starts after {@code size} leaves, from the hashes of the perfect subtrees that
   * cover them, largest first (see {@link #frontier()}).
   */
  public static CompactRange of(Merkle merkle, long size, List<byte[]> frontier) {
    if (size < 0 || Long.bitCount(size) != frontier.size()) {
      throw new IllegalArgumentException(
          "a frontier of size " + size + " has " + Long.bitCount(Math.max(size, 0)) + " hashes");
    }
    CompactRange range = new CompactRange(merkle);
    for (byte[] hash : frontier) {
      checkHash(hash);
      range.stack.add(hash);
    }
    range.size = size;
    return range;
  }

  public long size() {
    return size;
  }

  /** Appends one leaf hash. */
  public void append(byte[] leafHash) {
    appendSubtree(0, leafHash);
  }

  /**
   * Appends the root of a perfect subtree of {@code 2^height} leaves; the range must end on a
   * multiple of that many leaves.
   */
  public void appendSubtree(int height, byte[] hash) {
    checkHash(hash);
    long width = 1L << height;
    if (size % width != 0) {
      throw new IllegalArgumentException(
          "a subtree of " + width + " leaves cannot start at " + size);
    }
    long s = size >>> height;
    byte[] h = hash;
    while ((s & 1) == 1) {
      h = merkle.nodeHash(stack.remove(stack.size() - 1), h);
      s >>>= 1;
    }
    stack.add(h);
    size += width;
  }

  /** The tree head MTH(D[0:size]). */
  public byte[] root() {
    if (stack.isEmpty()) {
      return merkle.emptyRoot();
    }
    byte[] root = stack.get(stack.size() - 1);
    for (int i = stack.size() - 2; i >= 0; i--) {
      root = merkle.nodeHash(stack.get(i), root);
    }
    return root;
  }

  /** The subtree hashes covering {@code [0, size)}, largest first. */
  public List<byte[]> frontier() {
    return Collections.unmodifiableList(new ArrayList<>(stack));
  }

  /**
   * The perfect subtrees, left to right, that cover {@code [from, to)} when appended to a range of
   * size {@code from}: each is {height, start}.
   */
  public static List<long[]> decompose(long from, long to) {
    List<long[]> parts = new ArrayList<>();
    long position = from;
    while (position < to) {
      int height = position == 0 ? 62 : Long.numberOfTrailingZeros(position);
      while (position + (1L << height) > to) {
        height--;
      }
      parts.add(new long[] {height, position});
      position += 1L << height;
    }
    return parts;
  }

  private static void checkHash(byte[] hash) {
    if (hash == null || hash.length != Merkle.HASH_SIZE) {
      throw new IllegalArgumentException("a tree hash has 32 bytes");
    }
  }
}
