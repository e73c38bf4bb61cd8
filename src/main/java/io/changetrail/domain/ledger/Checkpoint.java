package io.changetrail.domain.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A tree head in the C2SP tlog-checkpoint text form: the log's origin, its size and the root hash
 * of its first {@code size} entries, each on its own line. Signed, it becomes a {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] root) {
  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("a checkpoint needs a one-line origin");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative checkpoint size");
    }
    if (root == null || root.length != Merkle.HASH_SIZE) {
      throw new IllegalArgumentException("a checkpoint root has 32 bytes");
    }
    root = root.clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The note text: {@code origin\nsize\nbase64(root)\n}. */
  public String text() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
  }

  public byte[] textBytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a checkpoint body; extension lines after the root are allowed and ignored. */
  public static Checkpoint parse(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("a checkpoint body ends with a newline");
    }
    List<String> lines = text.lines().toList();
    if (lines.size() < 3) {
      throw new IllegalArgumentException("a checkpoint has an origin, a size and a root hash line");
    }
    String sizeLine = lines.get(1);
    if (!sizeLine.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("'" + sizeLine + "' is not a checkpoint size");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines.get(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the checkpoint root is not base64");
    }
    return new Checkpoint(lines.get(0), Long.parseLong(sizeLine), root);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint that
        && origin.equals(that.origin)
        && size == that.size
        && Arrays.equals(root, that.root);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "checkpoint " + origin + " size " + size;
  }
}
