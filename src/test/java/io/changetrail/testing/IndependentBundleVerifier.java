package io.changetrail.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * A bundle verifier written from docs/bundle-format.md alone, as an auditor would write one: the
 * JDK (SHA-256, Ed25519) and a JSON parser, none of ChangeTrail's own classes. Tests run it beside
 * {@code audit verify --bundle} on every bundle they make, and the two must agree.
 */
public final class IndependentBundleVerifier {
  /** What the document says a bundle proves. */
  public enum Verdict {
    /** Not a bundle at all (line 1 is not a version 1 header, or a header field is unusable). */
    MALFORMED,
    /** An entry, a checkpoint, the end line or the frontier hashes do not check out. */
    TAMPERED,
    /** A checkpoint carries no signature by the trusted key (another key's only). */
    OTHER_KEY,
    /** Some entries are covered by no checkpoint of the trusted key (or there is none). */
    UNSIGNED,
    /** Every entry is covered by a checkpoint of the trusted key, and everything checks out. */
    VERIFIED
  }

  /** The verdict, the size the trusted signatures cover and the entries beyond it. */
  public record Result(Verdict verdict, long signedSize, long unsignedEntries, String why) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String keyName;
  private final byte[] keyId;
  private final PublicKey publicKey;

  /** {@code vkey}: name+hex(key ID)+base64(0x01 || 32-byte Ed25519 key). */
  public IndependentBundleVerifier(String vkey) {
    String[] parts = vkey.strip().split("\\+", 3);
    byte[] blob = Base64.getDecoder().decode(parts[2]);
    if (blob.length != 33 || blob[0] != 1) {
      throw new IllegalArgumentException("not an Ed25519 verifier key");
    }
    byte[] raw = Arrays.copyOfRange(blob, 1, 33);
    keyName = parts[0];
    keyId =
        Arrays.copyOf(
            sha256(concat(keyName.getBytes(StandardCharsets.UTF_8), b(0x0A, 0x01), raw)), 4);
    if (!HexFormat.of().formatHex(keyId).equals(parts[1])) {
      throw new IllegalArgumentException("key ID does not match the key");
    }
    try {
      byte[] x509 = concat(HexFormat.of().parseHex("302a300506032b6570032100"), raw);
      publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * Checks that ChangeTrail's own verdict on a bundle ({@code ours}: TAMPERED, OTHER_KEY, UNSIGNED,
   * VERIFIED or MALFORMED for a bundle it refused to read) agrees with this verifier's, with the
   * same signed size and unsigned count where it proves anything.
   */
  public static void assertAgrees(
      Path bundle, String vkey, String ours, long signed, long unsigned) {
    Result theirs;
    try {
      theirs = new IndependentBundleVerifier(vkey).verify(bundle);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    org.assertj.core.api.Assertions.assertThat(theirs.verdict().name())
        .as("the independent verifier (%s) on %s", theirs.why(), bundle)
        .isEqualTo(ours);
    if (theirs.verdict() == Verdict.UNSIGNED || theirs.verdict() == Verdict.VERIFIED) {
      org.assertj.core.api.Assertions.assertThat(
              new long[] {theirs.signedSize(), theirs.unsignedEntries()})
          .as("signed size and unsigned entries")
          .containsExactly(signed, unsigned);
    }
  }

  public Result verify(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<byte[]> lines = splitLines(bytes);
    if (lines.isEmpty()) {
      return malformed("empty");
    }
    // step 1: the header
    JsonNode header;
    try {
      header = JSON.readTree(lines.get(0));
    } catch (IOException e) {
      return malformed("line 1 is not JSON");
    }
    if (header == null
        || !"changetrail-ledger-bundle".equals(header.path("format").asText())
        || header.path("version").asInt() != 1
        || !header.path("from").canConvertToLong()
        || !header.path("to").canConvertToLong()
        || header.path("origin").asText("").isEmpty()) {
      return malformed("not a version 1 header");
    }
    String origin = header.path("origin").asText();
    long from = header.path("from").asLong();
    long to = header.path("to").asLong();
    if (from < 0 || to < from) {
      return malformed("from/to");
    }
    List<byte[]> left = new ArrayList<>();
    for (JsonNode h : header.path("leftFrontier")) {
      byte[] hash = base64Hash(h);
      if (hash == null) {
        return malformed("a left frontier hash");
      }
      left.add(hash);
    }
    List<long[]> rightHeights = new ArrayList<>();
    List<byte[]> rightHashes = new ArrayList<>();
    for (JsonNode part : header.path("rightFrontier")) {
      byte[] hash = base64Hash(part.path("hash"));
      int height = part.path("height").asInt(-1);
      if (hash == null || height < 0 || height > 62) {
        return malformed("a right frontier subtree");
      }
      rightHeights.add(new long[] {height});
      rightHashes.add(hash);
    }
    TreeMap<Long, long[]> proofsIndex = new TreeMap<>();
    List<List<byte[]>> proofs = new ArrayList<>();
    for (JsonNode proof : header.path("consistency")) {
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode h : proof.path("proof")) {
        byte[] hash = base64Hash(h);
        if (hash == null) {
          return malformed("a consistency proof hash");
        }
        hashes.add(hash);
      }
      proofs.add(hashes);
      proofsIndex.put(
          proof.path("from").asLong() * 1_000_003L + proof.path("to").asLong(),
          new long[] {proof.path("from").asLong(), proof.path("to").asLong(), proofs.size() - 1});
    }

    List<String> problems = new ArrayList<>();
    boolean otherKey = false;
    // step 2: the checkpoints signed by the trusted key
    TreeMap<Long, byte[]> trusted = new TreeMap<>();
    for (JsonNode noteNode : header.path("checkpoints")) {
      String note = noteNode.asText();
      int blank = note.lastIndexOf("\n\n");
      if (blank < 0) {
        problems.add("a checkpoint is not a signed note");
        continue;
      }
      String text = note.substring(0, blank + 1);
      boolean mine = false;
      boolean valid = true;
      for (String line : note.substring(blank + 2).split("\n")) {
        if (!line.startsWith("\u2014 ")) {
          continue;
        }
        String[] sig = line.substring(2).split(" ");
        if (sig.length != 2) {
          continue;
        }
        byte[] blob;
        try {
          blob = Base64.getDecoder().decode(sig[1]);
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (blob.length < 4
            || !sig[0].equals(keyName)
            || !Arrays.equals(Arrays.copyOf(blob, 4), keyId)) {
          continue;
        }
        mine = true;
        valid &=
            ed25519(
                text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(blob, 4, blob.length));
      }
      if (!mine) {
        otherKey = true;
        continue;
      }
      String[] body = text.split("\n", -1);
      if (!valid || body.length != 4) {
        problems.add("a checkpoint is forged or altered");
        continue;
      }
      if (!body[0].equals(origin)) {
        problems.add("a checkpoint of another log");
        continue;
      }
      long size;
      byte[] root;
      try {
        size = Long.parseLong(body[1]);
        root = Base64.getDecoder().decode(body[2]);
      } catch (IllegalArgumentException e) {
        problems.add("a checkpoint body is malformed");
        continue;
      }
      // step 3: two checkpoints of one size with different roots
      byte[] known = trusted.get(size);
      if (known != null && !Arrays.equals(known, root)) {
        problems.add("fork at size " + size);
      }
      trusted.putIfAbsent(size, root);
    }
    // step 4: consistency between consecutive trusted checkpoints
    Long previous = null;
    for (Long size : trusted.keySet()) {
      if (previous != null) {
        if (previous == 0) {
          if (!Arrays.equals(trusted.get(0L), sha256())) {
            problems.add("the checkpoint of size 0 is not the empty tree");
          }
        } else {
          long[] at = proofsIndex.get(previous * 1_000_003L + size);
          if (at == null
              || !consistent(
                  previous,
                  size,
                  trusted.get(previous),
                  trusted.get(size),
                  proofs.get((int) at[2]))) {
            problems.add("no valid consistency proof " + previous + " -> " + size);
          }
        }
      }
      previous = size;
    }

    // steps 5 and 6: the entries through a compact range
    Range range = new Range(from, left);
    if (Long.bitCount(from) != left.size()) {
      problems.add("the left frontier does not cover [0, from)");
    }
    long signed = 0;
    int matched = 0;
    if (trusted.containsKey(from)) {
      if (Arrays.equals(range.root(), trusted.get(from))) {
        signed = from;
        matched++;
      } else {
        problems.add("the frontier before entry " + from + " does not match its checkpoint");
      }
    }
    long position = from;
    boolean ended = false;
    for (int line = 1; line < lines.size(); line++) {
      String text = new String(lines.get(line), StandardCharsets.UTF_8);
      if (text.startsWith("end ")) {
        // step 7: the end line, and nothing after it
        if (!text.equals("end " + (position - from))) {
          problems.add("the end line counts another number of entries");
        }
        if (line != lines.size() - 1) {
          problems.add("something follows the end line");
        }
        ended = true;
        break;
      }
      byte[] raw = lines.get(line);
      byte[] entry;
      byte[] recorded = null;
      if (raw.length > 65 && raw[64] == ' ' && text.substring(0, 64).matches("[0-9a-f]{64}")) {
        recorded = HexFormat.of().parseHex(text.substring(0, 64));
        entry = Arrays.copyOfRange(raw, 65, raw.length);
      } else {
        problems.add("line " + (line + 1) + " is not an entry line");
        entry = raw;
      }
      long index = -1;
      try {
        JsonNode parsed = JSON.readTree(entry);
        if (parsed != null && parsed.path("index").canConvertToLong()) {
          index = parsed.path("index").asLong();
        }
      } catch (IOException e) {
        index = -1;
      }
      if (index != position) {
        problems.add("entry " + position + " claims index " + index);
      }
      byte[] leaf = sha256(b(0), entry);
      if (recorded != null && !Arrays.equals(leaf, recorded)) {
        problems.add("entry " + position + " was changed");
      }
      range.append(leaf, 0);
      position++;
      if (trusted.containsKey(position)) {
        if (Arrays.equals(range.root(), trusted.get(position))) {
          signed = position;
          matched++;
        } else {
          problems.add("the root of size " + position + " does not match its checkpoint");
        }
      }
    }
    if (!ended) {
      problems.add("no end line");
    }
    if (position != to) {
      problems.add("the bundle holds " + (position - from) + " entries, not " + (to - from));
    }
    // step 8: the right frontier up to the covering checkpoint
    for (int i = 0; i < rightHashes.size(); i++) {
      long height = rightHeights.get(i)[0];
      if (range.size % (1L << height) != 0) {
        problems.add("a right frontier subtree is misplaced");
        break;
      }
      range.append(rightHashes.get(i), (int) height);
      if (trusted.containsKey(range.size)) {
        if (Arrays.equals(range.root(), trusted.get(range.size))) {
          signed = range.size;
          matched++;
        } else {
          problems.add("the root of size " + range.size + " does not match its checkpoint");
        }
      }
    }
    if (!trusted.isEmpty() && trusted.lastKey() > range.size) {
      problems.add("a checkpoint beyond the end: rolled back");
    }
    long unsigned = Math.max(0, to - Math.max(from, signed));
    if (!problems.isEmpty()) {
      return new Result(Verdict.TAMPERED, signed, unsigned, String.join("; ", problems));
    }
    if (otherKey) {
      return new Result(Verdict.OTHER_KEY, signed, unsigned, "a checkpoint of another key");
    }
    if (matched == 0 || unsigned > 0) {
      return new Result(Verdict.UNSIGNED, signed, unsigned, unsigned + " unsigned entries");
    }
    return new Result(Verdict.VERIFIED, signed, 0, "");
  }

  /** The compact range of the document: perfect subtrees covering [0, size), largest first. */
  private static final class Range {
    long size;
    final Deque<byte[]> stack = new ArrayDeque<>();

    Range(long size, List<byte[]> frontier) {
      this.size = size;
      frontier.forEach(stack::addLast);
    }

    void append(byte[] hash, int height) {
      long s = size >> height;
      while ((s & 1) == 1) {
        hash = sha256(b(1), stack.removeLast(), hash);
        s >>= 1;
      }
      stack.addLast(hash);
      size += 1L << height;
    }

    byte[] root() {
      if (stack.isEmpty()) {
        return sha256();
      }
      Iterator<byte[]> down = stack.descendingIterator();
      byte[] r = down.next();
      while (down.hasNext()) {
        r = sha256(b(1), down.next(), r);
      }
      return r;
    }
  }

  /** RFC 9162 section 2.1.4.2. */
  static boolean consistent(long m, long n, byte[] first, byte[] second, List<byte[]> proof) {
    if (m <= 0 || m >= n || proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>();
    if (Long.bitCount(m) == 1) {
      path.add(first);
    }
    path.addAll(proof);
    long fn = m - 1;
    long sn = n - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = sha256(b(1), c, fr);
        sr = sha256(b(1), c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = sha256(b(1), sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(fr, first) && Arrays.equals(sr, second);
  }

  private boolean ed25519(byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static Result malformed(String why) {
    return new Result(Verdict.MALFORMED, 0, 0, why);
  }

  private static byte[] base64Hash(JsonNode node) {
    try {
      byte[] hash = Base64.getDecoder().decode(node.asText());
      return hash.length == 32 ? hash : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Lines ending in LF; a last line without one counts too. */
  private static List<byte[]> splitLines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return lines;
  }

  private static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        sha.update(part);
      }
      return sha.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
