package io.changetrail.git;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths each commit touches (against its first parent, renames as a deletion and an addition),
 * kept in {@code .git/changetrail/cache/} once git has listed them: a commit id fixes its tree and
 * its parents, so they never change, and listing them (a tree diff per commit) is most of what
 * reading a long history costs. A file that cannot be read is ignored and written again; one that
 * cannot be written leaves the run as it was, only slower next time.
 */
final class CommitPathCache {
  private static final int MAGIC = 0x43545031; // "CTP1"

  private final Path file;
  private final Map<String, String[]> paths = new HashMap<>();
  private boolean changed;

  private CommitPathCache(Path file) {
    this.file = file;
  }

  static CommitPathCache open(Path gitDir) {
    CommitPathCache cache =
        new CommitPathCache(gitDir.resolve("changetrail").resolve("cache").resolve("paths-v1"));
    cache.load();
    return cache;
  }

  /** Whether a cache file is there (it may still be unreadable). */
  static boolean exists(Path gitDir) {
    return Files.isRegularFile(gitDir.resolve("changetrail").resolve("cache").resolve("paths-v1"));
  }

  /**
   * Whether a commit's paths may be kept and read back: not those of a commit git shows without
   * parents, which may be a shallow clone's boundary (its parents hidden, so git lists its whole
   * tree), and the same commit has parents in a full clone the cache may come from.
   */
  static boolean keeps(io.changetrail.domain.change.CommitInfo commit) {
    return !commit.parents().isEmpty();
  }

  String[] get(String sha) {
    return paths.get(sha);
  }

  void put(String sha, List<String> touched) {
    paths.put(sha, touched.toArray(String[]::new));
    changed = true;
  }

  private void load() {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC) {
        return;
      }
      String[] table = new String[in.readInt()];
      for (int i = 0; i < table.length; i++) {
        table[i] = in.readUTF();
      }
      int commits = in.readInt();
      Map<String, String[]> read = new HashMap<>(commits * 2);
      byte[] sha = new byte[40];
      for (int c = 0; c < commits; c++) {
        int length = in.readUnsignedByte();
        byte[] id = length == 40 ? sha : new byte[length];
        in.readFully(id);
        String[] touched = new String[readCount(in)];
        for (int p = 0; p < touched.length; p++) {
          touched[p] = table[readCount(in)];
        }
        read.put(new String(id, StandardCharsets.US_ASCII), touched);
      }
      paths.putAll(read);
    } catch (IOException | RuntimeException e) {
      paths.clear(); // damaged or of another layout: listed again, and rewritten
      changed = true;
    }
  }

  /** Writes the cache when it learned something (atomically: readers see the old or the new). */
  void save() {
    if (!changed) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "paths", ".tmp");
      try {
        try (OutputStream raw = Files.newOutputStream(temp);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
          Map<String, Integer> index = new HashMap<>();
          List<String> table = new ArrayList<>();
          for (String[] touched : paths.values()) {
            for (String path : touched) {
              if (index.putIfAbsent(path, table.size()) == null) {
                table.add(path);
              }
            }
          }
          out.writeInt(MAGIC);
          out.writeInt(table.size());
          for (String path : table) {
            out.writeUTF(path);
          }
          out.writeInt(paths.size());
          for (Map.Entry<String, String[]> commit : paths.entrySet()) {
            byte[] id = commit.getKey().getBytes(StandardCharsets.US_ASCII);
            out.writeByte(id.length);
            out.write(id);
            writeCount(out, commit.getValue().length);
            for (String path : commit.getValue()) {
              writeCount(out, index.get(path));
            }
          }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      changed = false;
    } catch (IOException | RuntimeException e) {
      // a read-only or full disk: the run has its paths; only the next one is slower
    }
  }

  /** Whether a path can be kept (writeUTF takes up to 65,535 bytes). */
  static boolean fits(List<String> touched) {
    for (String path : touched) {
      if (path.length() > 20_000) {
        return false;
      }
    }
    return true;
  }

  private static void writeCount(DataOutputStream out, int value) throws IOException {
    while ((value & ~0x7f) != 0) {
      out.writeByte((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  private static int readCount(DataInputStream in) throws IOException {
    int value = 0;
    int shift = 0;
    while (true) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      shift += 7;
      if (shift > 28) {
        throw new IOException("bad count");
      }
    }
  }

  /** What a reader of a path listing is told: each commit's id as it starts, then its paths. */
  interface Listing {
    /** A commit starts; false stops the reading. */
    boolean commit(String sha);

    void path(String path);
  }

  /**
   * Reads a listing of {@code git log -z --format=%x1e%H --name-only}, telling {@code listing} of
   * each commit and its paths, until the end or until it answers false.
   */
  static void readListing(InputStream in, Listing listing) throws IOException {
    CommitLog.Tokens tokens = new CommitLog.Tokens(in);
    boolean inCommit = false;
    byte[] token;
    while ((token = tokens.next()) != null) {
      int start = 0;
      while (start < token.length && token[start] == '\n') {
        start++;
      }
      if (start == token.length) {
        continue;
      }
      if (token[start] == 0x1e) {
        String sha =
            new String(token, start + 1, token.length - start - 1, StandardCharsets.US_ASCII);
        if (!listing.commit(sha)) {
          return;
        }
        inCommit = true;
      } else if (inCommit) {
        listing.path(new String(token, start, token.length - start, StandardCharsets.UTF_8));
      }
    }
  }

  /** Reads the output of {@code git log --no-walk --stdin -z --format=%x1e%H --name-only}. */
  static Map<String, List<String>> parseListing(InputStream in) throws IOException {
    Map<String, List<String>> listed = new HashMap<>();
    readListing(
        in,
        new Listing() {
          private List<String> current;

          @Override
          public boolean commit(String sha) {
            current = new ArrayList<>();
            listed.put(sha, current);
            return true;
          }

          @Override
          public void path(String path) {
            current.add(path);
          }
        });
    return listed;
  }

  static List<String> asList(String[] touched) {
    return Arrays.asList(touched);
  }
}
