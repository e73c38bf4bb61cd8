package io.changetrail.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.CompactRange;
import io.changetrail.domain.ledger.EntryScanner;
import io.changetrail.domain.ledger.Finding;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.LogVerifier;
import io.changetrail.domain.ledger.Merkle;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.ledger.VerifierKey;
import io.changetrail.json.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The self-contained export of a ledger range that an auditor verifies offline with the public key
 * alone (format: docs/bundle-format.md). Line 1 is a JSON header (origin, key, range, frontier
 * hashes, signed checkpoints, consistency proofs); then one line per entry, {@code hex(leaf hash)
 * SP entry-bytes}; then {@code end <count>}.
 */
public final class LedgerBundle {
  public static final String FORMAT = "changetrail-ledger-bundle";
  public static final int VERSION = 1;
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private LedgerBundle() {}

  /** What an export wrote. */
  public record Exported(Path file, long from, long to, long treeSize, int checkpoints) {}

  /**
   * Writes entries {@code [from, to)} with every stored checkpoint up to the first one that covers
   * {@code to}, and the hashes and proofs that tie them together. Written to a temporary file and
   * renamed, so a failed export leaves nothing behind.
   */
  public static Exported export(LedgerStore store, long from, long to, VerifierKey key, Path out) {
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    Path temp;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, ".bundle-", ".tmp");
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write " + target + ": " + e.getMessage(), "");
    }
    try {
      Exported exported =
          store.read(
              reader -> {
                long size = reader.size();
                if (from < 0 || from > to || to > size) {
                  throw new ChangeTrailException(
                      Problem.INVALID_INPUT,
                      "cannot export entries " + from + " to " + to + " of a ledger of " + size,
                      "use 0 <= --from <= --to <= " + size);
                }
                List<LedgerStore.StoredCheckpoint> stored = reader.checkpoints();
                LedgerStore.StoredCheckpoint cover =
                    stored.stream().filter(c -> c.size() >= to).findFirst().orElse(null);
                if (cover == null) {
                  throw new ChangeTrailException(
                      Problem.NOTHING_TO_DO,
                      "no signed checkpoint covers the entries up to index " + (to - 1),
                      "run 'changetrail audit checkpoint' first");
                }
                List<byte[]> leaves = reader.leafHashes(0, cover.size());
                if (leaves.size() != cover.size()) {
                  throw LedgerAuditor.tampered(
                      "entries are missing below index " + cover.size() + ": cannot export");
                }
                Merkle merkle = new Merkle();
                ObjectNode header = JSON.createObjectNode();
                header.put("format", FORMAT);
                header.put("version", VERSION);
                header.put("origin", store.origin());
                header.put("key", key.encode());
                header.put("from", from);
                header.put("to", to);
                header.put("treeSize", cover.size());
                header.put("exported", LedgerEntry.TIME.format(Instant.now()));
                CompactRange prefix = new CompactRange(merkle);
                for (int i = 0; i < from; i++) {
                  prefix.append(leaves.get(i));
                }
                ArrayNode left = header.putArray("leftFrontier");
                prefix.frontier().forEach(h -> left.add(base64(h)));
                ArrayNode right = header.putArray("rightFrontier");
                for (long[] part : CompactRange.decompose(to, cover.size())) {
                  int start = (int) part[1];
                  right
                      .addObject()
                      .put("height", part[0])
                      .put(
                          "hash", base64(merkle.root(leaves, start, start + (1 << (int) part[0]))));
                }
                ArrayNode checkpoints = header.putArray("checkpoints");
                ArrayNode proofs = header.putArray("consistency");
                LedgerStore.StoredCheckpoint previous = null;
                int count = 0;
                for (LedgerStore.StoredCheckpoint checkpoint : stored) {
                  if (checkpoint.size() > cover.size()) {
                    break;
                  }
                  checkpoints.add(checkpoint.note());
                  count++;
                  if (previous != null) {
                    ObjectNode proof = proofs.addObject();
                    proof.put("from", previous.size());
                    proof.put("to", checkpoint.size());
                    ArrayNode hashes = proof.putArray("proof");
                    merkle
                        .consistencyProof(leaves, (int) previous.size(), (int) checkpoint.size())
                        .forEach(h -> hashes.add(base64(h)));
                  }
                  previous = checkpoint;
                }
                try (OutputStream file =
                    new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
                  file.write(Json.sorted().writeValueAsBytes(header));
                  file.write('\n');
                  long[] written = {0};
                  IOException[] failure = {null};
                  reader.entries(
                      from,
                      to,
                      (index, bytes, leaf) -> {
                        if (failure[0] != null) {
                          return;
                        }
                        try {
                          file.write(hex(leaf));
                          file.write(' ');
                          file.write(bytes);
                          file.write('\n');
                          written[0]++;
                        } catch (IOException e) {
                          failure[0] = e;
                        }
                      });
                  if (failure[0] != null) {
                    throw failure[0];
                  }
                  if (written[0] != to - from) {
                    throw LedgerAuditor.tampered(
                        "entries are missing between " + from + " and " + to + ": cannot export");
                  }
                  file.write(("end " + written[0] + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  throw new ChangeTrailException(
                      Problem.IO,
                      "cannot write " + target + ": " + e.getMessage(),
                      "check the free space and permissions; nothing was written");
                }
                return new Exported(target, from, to, cover.size(), count);
              });
      syncAndMove(temp, target);
      return exported;
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a temporary file: harmless if it stays
      }
    }
  }

  private static void syncAndMove(Path temp, Path target) {
    try {
      try (var channel =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write " + target + ": " + e.getMessage(), "nothing was written");
    }
  }

  /**
   * Verifies a bundle with the auditor's trusted key. A bundle that cannot be read at all is an
   * {@link Problem#INVALID_INPUT} error; everything else that is wrong is a finding in the report.
   */
  public static VerificationReport verify(Path file, VerifierKey key) {
    try (InputStream in = Files.newInputStream(file)) {
      LineReader lines = new LineReader(in);
      if (!lines.next()) {
        throw malformed(file, "it is empty");
      }
      JsonNode header;
      try {
        header = JSON.readTree(lines.buffer(), lines.start(), lines.length());
      } catch (IOException e) {
        throw malformed(file, "line 1 is not a JSON header");
      }
      if (header == null
          || !FORMAT.equals(header.path("format").asText())
          || header.path("version").asInt() != VERSION) {
        throw malformed(file, "line 1 does not announce " + FORMAT + " version " + VERSION);
      }
      long from = number(header, "from", file);
      long to = number(header, "to", file);
      String origin = header.path("origin").asText("");
      if (from < 0 || to < from || origin.isEmpty()) {
        throw malformed(file, "the header's origin, from or to are invalid");
      }
      List<byte[]> leftFrontier = new ArrayList<>();
      for (JsonNode hash : header.path("leftFrontier")) {
        leftFrontier.add(hash(hash, file));
      }
      List<Map.Entry<Integer, byte[]>> rightFrontier = new ArrayList<>();
      for (JsonNode part : header.path("rightFrontier")) {
        int height = part.path("height").asInt(-1);
        if (height < 0 || height > 62) {
          throw malformed(file, "a rightFrontier height is invalid");
        }
        rightFrontier.add(new AbstractMap.SimpleEntry<>(height, hash(part.path("hash"), file)));
      }
      LogVerifier verifier = new LogVerifier(key, origin, from, leftFrontier);
      // the header's "key", "exported" and "treeSize" are informative: only what verifies against
      // the trusted key counts (a checkpoint another key signed is named as such)
      List<Finding> extra = new ArrayList<>();
      for (JsonNode note : header.path("checkpoints")) {
        verifier.checkpoint(note.asText(), "bundle");
      }
      for (JsonNode proof : header.path("consistency")) {
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode hash : proof.path("proof")) {
          hashes.add(hash(hash, file));
        }
        verifier.consistency(number(proof, "from", file), number(proof, "to", file), hashes);
      }
      verifier.start(true);
      long[] position = {from};
      boolean ended = false;
      try (HashingPipeline pipeline = new HashingPipeline(verifier, from, extra)) {
        while (lines.next()) {
          byte[] buf = lines.buffer();
          int start = lines.start();
          int length = lines.length();
          if (length >= 4
              && buf[start] == 'e'
              && buf[start + 1] == 'n'
              && buf[start + 2] == 'd'
              && buf[start + 3] == ' ') {
            pipeline.flush();
            String count = new String(buf, start + 4, length - 4, StandardCharsets.US_ASCII);
            if (!count.equals(Long.toString(position[0] - from))) {
              extra.add(
                  new Finding(
                      position[0],
                      "the bundle's end line counts "
                          + count
                          + " entries, but it holds "
                          + (position[0] - from)));
            }
            ended = true;
            if (lines.next()) {
              extra.add(
                  new Finding(
                      -1,
                      "line "
                          + lines.number()
                          + " follows the end line: nothing may follow it (the bundle was"
                          + " padded)"));
            }
            break;
          }
          if (length < 66 || buf[start + 64] != ' ') {
            // not "hex SP entry": hashed whole, so it fails as the altered entry it is
            extra.add(new Finding(position[0], "line " + lines.number() + " is not an entry line"));
            pipeline.add(buf, start, start, length, -1);
          } else {
            pipeline.add(buf, start, start + 65, length - 65, start);
          }
          position[0]++;
        }
        pipeline.flush();
      }
      long end = position[0];
      if (!ended) {
        extra.add(
            new Finding(
                end, "the bundle has no end line: it was truncated after entry " + (end - 1)));
      }
      VerificationReport report = verifier.finish(to, rightFrontier);
      if (end != report.to()) {
        throw new IllegalStateException("verifier and reader disagree on the entry count");
      }
      if (extra.isEmpty()) {
        return report;
      }
      List<Finding> all = new ArrayList<>(report.findings());
      all.addAll(extra);
      return new VerificationReport(
          report.from(), report.to(), report.checkpointsVerified(), report.latestCheckpoint(), all);
    } catch (NoSuchFileException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "no bundle at " + file, "check the path given to --bundle");
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read the bundle " + file + ": " + e.getMessage(), "");
    }
  }

  /**
   * Hands each entry line's entry bytes of a bundle to {@code consumer}, in order, up to the end
   * line. Nothing is checked here: call it on a bundle {@link #verify} found intact.
   */
  public static void entries(Path file, java.util.function.Consumer<byte[]> consumer) {
    try (InputStream in = Files.newInputStream(file)) {
      LineReader lines = new LineReader(in);
      if (!lines.next()) {
        return;
      }
      while (lines.next()) {
        byte[] buf = lines.buffer();
        int start = lines.start();
        int length = lines.length();
        if (length >= 4 && new String(buf, start, 4, StandardCharsets.US_ASCII).equals("end ")) {
          return;
        }
        if (length >= 66 && buf[start + 64] == ' ') {
          consumer.accept(java.util.Arrays.copyOfRange(buf, start + 65, start + length));
        }
      }
    } catch (NoSuchFileException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "no bundle at " + file, "check the path given to --bundle");
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read the bundle " + file + ": " + e.getMessage(), "");
    }
  }

  private static long number(JsonNode node, String field, Path file) {
    JsonNode value = node.path(field);
    if (!value.canConvertToLong()) {
      throw malformed(file, "'" + field + "' is missing or not a number");
    }
    return value.asLong();
  }

  private static byte[] hash(JsonNode node, Path file) {
    try {
      byte[] hash = Base64.getDecoder().decode(node.asText());
      if (hash.length != Merkle.HASH_SIZE) {
        throw malformed(file, "a hash in the header does not have 32 bytes");
      }
      return hash;
    } catch (IllegalArgumentException e) {
      throw malformed(file, "a hash in the header is not base64");
    }
  }

  private static ChangeTrailException malformed(Path file, String why) {
    return new ChangeTrailException(
        Problem.INVALID_INPUT,
        file + " is not a ledger bundle: " + why,
        "export one with 'changetrail audit export --out FILE'");
  }

  static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }

  static byte[] hex(byte[] hash) {
    byte[] out = new byte[hash.length * 2];
    for (int i = 0; i < hash.length; i++) {
      out[2 * i] = HEX[(hash[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[hash[i] & 0xF];
    }
    return out;
  }

  private static boolean unhex(byte[] buf, int start, byte[] out, int at) {
    for (int i = 0; i < Merkle.HASH_SIZE; i++) {
      int high = digit(buf[start + 2 * i]);
      int low = digit(buf[start + 2 * i + 1]);
      if (high < 0 || low < 0) {
        return false;
      }
      out[at + i] = (byte) ((high << 4) | low);
    }
    return true;
  }

  private static int digit(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
  }

  /**
   * Hashes entries on worker threads, a chunk at a time, and hands the results to the verifier in
   * order: leaf hashing is the bulk of verification and every leaf is independent. Chunks are
   * aligned on multiples of {@code 2^HEIGHT} entries, so a worker also folds an intact chunk into
   * the root of its perfect subtree, and the verifier appends that one hash.
   */
  private static final class HashingPipeline implements AutoCloseable {
    private static final int HEIGHT = 12;
    private static final int CHUNK = 1 << HEIGHT;
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ThreadLocal<Merkle> MERKLE = ThreadLocal.withInitial(Merkle::new);

    private final LogVerifier verifier;
    private final java.util.concurrent.ExecutorService workers =
        java.util.concurrent.Executors.newFixedThreadPool(
            WORKERS,
            runnable -> {
              Thread thread = new Thread(runnable, "bundle-hashing");
              thread.setDaemon(true);
              return thread;
            });
    private final java.util.ArrayDeque<java.util.concurrent.Future<Chunk>> pending =
        new java.util.ArrayDeque<>();
    private final long from;
    private final List<Finding> findings;
    private long position;
    private Chunk chunk;

    HashingPipeline(LogVerifier verifier, long from, List<Finding> findings) {
      this.verifier = verifier;
      this.from = from;
      this.findings = findings;
      this.position = from;
      this.chunk = new Chunk(from);
    }

    /** One batch of entry lines, back to back, and what the worker found in them. */
    private static final class Chunk {
      final long start;
      byte[] data = new byte[CHUNK * 360];
      int used;
      int count;
      final int[] offsets = new int[CHUNK];
      final int[] lengths = new int[CHUNK];
      final int[] hashAt = new int[CHUNK];

      /** Leaf hashes computed from the entries, 32 bytes each, back to back. */
      final byte[] leaves = new byte[CHUNK * Merkle.HASH_SIZE];

      /** Leaf hashes recorded in the bundle, 32 bytes each (unused where hashAt is -1). */
      final byte[] recorded = new byte[CHUNK * Merkle.HASH_SIZE];

      final long[] claimed = new long[CHUNK];

      /** Lines whose leaf hash part is not 64 hex digits. */
      final boolean[] badHex = new boolean[CHUNK];

      byte[] root;

      Chunk(long start) {
        this.start = start;
      }

      void hash() {
        Merkle merkle = MERKLE.get();
        boolean intact = count == CHUNK && start % CHUNK == 0;
        for (int i = 0; i < count; i++) {
          int at = i * Merkle.HASH_SIZE;
          if (hashAt[i] >= 0 && !unhex(data, hashAt[i], recorded, at)) {
            badHex[i] = true;
            hashAt[i] = -1;
          }
          claimed[i] = EntryScanner.index(data, offsets[i], lengths[i]);
          merkle.leafHashInto(data, offsets[i], lengths[i], leaves, at);
          intact &=
              claimed[i] == start + i
                  && hashAt[i] >= 0
                  && java.util.Arrays.equals(
                      recorded, at, at + Merkle.HASH_SIZE, leaves, at, at + Merkle.HASH_SIZE);
        }
        if (intact) {
          // fold the perfect subtree in place, level by level: node j of a level is written over
          // slot j, which no later pair of that level reads
          byte[] level = leaves.clone();
          for (int width = count / 2; width >= 1; width /= 2) {
            for (int j = 0; j < width; j++) {
              merkle.nodeHashInto(
                  level,
                  2 * j * Merkle.HASH_SIZE,
                  (2 * j + 1) * Merkle.HASH_SIZE,
                  level,
                  j * Merkle.HASH_SIZE);
            }
          }
          root = java.util.Arrays.copyOf(level, Merkle.HASH_SIZE);
        }
      }

      byte[] leaf(int i) {
        return java.util.Arrays.copyOfRange(
            leaves, i * Merkle.HASH_SIZE, (i + 1) * Merkle.HASH_SIZE);
      }

      byte[] recorded(int i) {
        return hashAt[i] < 0
            ? null
            : java.util.Arrays.copyOfRange(
                recorded, i * Merkle.HASH_SIZE, (i + 1) * Merkle.HASH_SIZE);
      }
    }

    /**
     * An entry: its line is {@code buf[lineStart, entryStart + length)}; {@code hashAt} is where
     * its recorded hex leaf hash starts in buf, or -1.
     */
    void add(byte[] buf, int lineStart, int entryStart, int length, int hashAt) {
      Chunk c = chunk;
      int lineLength = entryStart + length - lineStart;
      if (c.used + lineLength > c.data.length) {
        c.data = java.util.Arrays.copyOf(c.data, Math.max(c.data.length * 2, c.used + lineLength));
      }
      System.arraycopy(buf, lineStart, c.data, c.used, lineLength);
      c.offsets[c.count] = c.used + (entryStart - lineStart);
      c.lengths[c.count] = length;
      c.hashAt[c.count] = hashAt < 0 ? -1 : c.used + (hashAt - lineStart);
      c.used += lineLength;
      c.count++;
      position++;
      if (c.count == CHUNK || position % CHUNK == 0) {
        submit();
      }
    }

    private void submit() {
      Chunk full = chunk;
      chunk = new Chunk(position);
      pending.add(
          workers.submit(
              () -> {
                full.hash();
                return full;
              }));
      while (pending.size() > WORKERS * 2) {
        drainOne();
      }
    }

    /** Hands every entry added so far to the verifier. */
    void flush() {
      if (chunk.count > 0) {
        submit();
      }
      while (!pending.isEmpty()) {
        drainOne();
      }
    }

    private void drainOne() {
      Chunk done;
      try {
        done = pending.poll().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while verifying", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("hashing failed", e.getCause());
      }
      if (done.root != null && verifier.acceptsSubtree(HEIGHT)) {
        verifier.intactSubtree(HEIGHT, done.root);
        return;
      }
      for (int i = 0; i < done.count; i++) {
        if (done.badHex[i]) {
          long index = done.start + i;
          findings.add(
              new Finding(
                  index,
                  "line "
                      + (index - from + 2)
                      + " is not an entry line (its leaf hash is not hex)"));
        }
        verifier.entryHashed(done.claimed[i], done.leaf(i), done.recorded(i));
      }
    }

    @Override
    public void close() {
      workers.shutdownNow();
    }
  }

  /** Splits a stream into LF-terminated lines without copying them (lines may be any length). */
  private static final class LineReader {
    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private int filled;
    private int position;
    private int start;
    private int length;
    private long number;
    private boolean eof;

    LineReader(InputStream in) {
      this.in = in;
    }

    boolean next() throws IOException {
      while (true) {
        int i = newline(buf, position, filled);
        if (i >= 0) {
          start = position;
          length = i - position;
          position = i + 1;
          number++;
          return true;
        }
        if (eof) {
          if (position < filled) {
            start = position;
            length = filled - position;
            position = filled;
            number++;
            return true;
          }
          return false;
        }
        if (position > 0) {
          System.arraycopy(buf, position, buf, 0, filled - position);
          filled -= position;
          position = 0;
        }
        if (filled == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int read = in.read(buf, filled, buf.length - filled);
        if (read < 0) {
          eof = true;
        } else {
          filled += read;
        }
      }
    }

    private static final java.lang.invoke.VarHandle LONGS =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** The index of the first LF in {@code buf[from, to)}, or -1: eight bytes at a time. */
    static int newline(byte[] buf, int from, int to) {
      int i = from;
      for (; i + 8 <= to; i += 8) {
        long word = (long) LONGS.get(buf, i) ^ NEWLINES;
        long found = (word - LOW_BITS) & ~word & HIGH_BITS;
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
      }
      for (; i < to; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      return -1;
    }

    byte[] buffer() {
      return buf;
    }

    int start() {
      return start;
    }

    int length() {
      return length;
    }

    long number() {
      return number;
    }
  }

  static String json(Object value) {
    try {
      return Json.sorted().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
