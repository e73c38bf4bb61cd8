package io.changetrail.app.changelog;

import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.changelog.ReleaseEntry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The release entries of each commit, kept in {@code .git/changetrail/cache/} once a changelog has
 * read the commit: a commit id fixes its message and the paths it touches, so its entries change
 * only when what turns a commit into entries changes. That is in the file's name: a digest of the
 * ChangeTrail build, the changelog and vocabulary settings and the systems' path patterns, so a
 * changed setting, system or build reads every commit again (and the old file is removed). A file
 * that cannot be read is ignored and written again; one that cannot be written leaves the run as it
 * was, only slower next time. Like the paths cache, it speeds up a changelog and proves nothing: no
 * verdict reads it.
 */
final class EntryCache {
  private static final int MAGIC = 0x43544531; // "CTE1"
  private static final String PREFIX = "entries-v1-";
  private static final ChangeType[] TYPES = ChangeType.values();

  /** A commit's date and entries (none for a merge without a list or a release tool's commit). */
  record Commit(LocalDate date, List<ReleaseEntry> entries) {}

  private final Path file;
  private final Map<String, Commit> commits = new LinkedHashMap<>();
  private final boolean existed;
  private boolean changed;

  private EntryCache(Path file) {
    this.file = file;
    this.existed = Files.isRegularFile(file);
  }

  /**
   * The cache for one way of turning commits into entries.
   *
   * @param identity what decides the entries besides the commit (see the class comment)
   */
  static EntryCache open(Path gitDir, String identity) {
    EntryCache cache = new EntryCache(folder(gitDir).resolve(PREFIX + digest(identity)));
    cache.load();
    return cache;
  }

  /** A new, empty cache for one way of turning commits into entries (nothing is read). */
  static EntryCache create(Path gitDir, String identity) {
    return new EntryCache(folder(gitDir).resolve(PREFIX + digest(identity)));
  }

  /** Whether a changelog has kept entries here before, for any settings or build. */
  static boolean anyIn(Path gitDir) {
    Path folder = folder(gitDir);
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*")) {
      return files.iterator().hasNext();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static Path folder(Path gitDir) {
    return gitDir.resolve("changetrail").resolve("cache");
  }

  /** Whether the file was there when opened (else every commit is read the usual way). */
  boolean existed() {
    return existed;
  }

  /**
   * Whether a commit's entries may be kept and read back: not those of a commit git shows without
   * parents, which may be a shallow clone's boundary (git then lists its whole tree as its paths),
   * while the same commit has parents in the full clone a restored cache may come from.
   */
  static boolean keeps(List<String> parents) {
    return !parents.isEmpty();
  }

  Commit get(String sha) {
    return commits.get(sha);
  }

  void put(String sha, LocalDate date, List<ReleaseEntry> entries) {
    if (entries.size() > 10_000) {
      return;
    }
    for (ReleaseEntry entry : entries) {
      if (!fits(entry)) {
        return; // writeUTF takes up to 65,535 bytes: such a commit is read again next time
      }
    }
    commits.put(sha, new Commit(date, List.copyOf(entries)));
    changed = true;
  }

  private static boolean fits(ReleaseEntry entry) {
    if (entry.systems().size() > 10_000 || entry.tickets().size() > 10_000) {
      return false;
    }
    if (entry.scope().length() > 20_000
        || entry.summary().length() > 20_000
        || entry.author().length() > 20_000) {
      return false;
    }
    return Stream.concat(entry.systems().stream(), entry.tickets().stream())
        .allMatch(s -> s.length() <= 20_000);
  }

  private void load() {
    if (!existed) {
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
      int count = in.readInt();
      Map<String, Commit> read = new LinkedHashMap<>(count * 2);
      byte[] id = new byte[40];
      for (int c = 0; c < count; c++) {
        int length = in.readUnsignedByte();
        byte[] sha = length == id.length ? id : new byte[length];
        in.readFully(sha);
        String commit = new String(sha, StandardCharsets.US_ASCII);
        LocalDate date = LocalDate.ofEpochDay(in.readInt());
        String author = table[in.readInt()];
        int entries = in.readUnsignedShort();
        List<ReleaseEntry> list = new ArrayList<>(entries);
        for (int e = 0; e < entries; e++) {
          ChangeType type = TYPES[in.readUnsignedByte()];
          boolean breaking = in.readBoolean();
          String scope = table[in.readInt()];
          String summary = in.readUTF();
          List<String> systems = strings(in, table);
          List<String> tickets = strings(in, table);
          list.add(
              new ReleaseEntry(
                  commit, type, scope, summary, breaking, systems, tickets, author, date));
        }
        read.put(commit, new Commit(date, List.copyOf(list)));
      }
      commits.putAll(read);
    } catch (IOException | RuntimeException e) {
      commits.clear(); // damaged or of another layout: read again, and rewritten
      changed = true;
    }
  }

  private static List<String> strings(DataInputStream in, String[] table) throws IOException {
    int n = in.readUnsignedShort();
    if (n == 0) {
      return List.of();
    }
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      values[i] = table[in.readInt()];
    }
    return List.of(values);
  }

  /**
   * Writes the cache when it learned something (atomically: readers see the old or the new), and
   * removes the files of other settings or builds.
   */
  void save() {
    if (!changed) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "entries", ".tmp");
      try {
        try (OutputStream raw = Files.newOutputStream(temp);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
          Map<String, Integer> index = new LinkedHashMap<>();
          for (Commit commit : commits.values()) {
            for (ReleaseEntry entry : commit.entries()) {
              index.putIfAbsent(entry.author(), index.size());
              index.putIfAbsent(entry.scope(), index.size());
              entry.systems().forEach(s -> index.putIfAbsent(s, index.size()));
              entry.tickets().forEach(s -> index.putIfAbsent(s, index.size()));
            }
          }
          index.putIfAbsent("", index.size());
          out.writeInt(MAGIC);
          out.writeInt(index.size());
          for (String value : index.keySet()) {
            out.writeUTF(value);
          }
          out.writeInt(commits.size());
          for (Map.Entry<String, Commit> commit : commits.entrySet()) {
            byte[] id = commit.getKey().getBytes(StandardCharsets.US_ASCII);
            out.writeByte(id.length);
            out.write(id);
            List<ReleaseEntry> entries = commit.getValue().entries();
            out.writeInt((int) commit.getValue().date().toEpochDay());
            out.writeInt(index.get(entries.isEmpty() ? "" : entries.get(0).author()));
            out.writeShort(entries.size());
            for (ReleaseEntry entry : entries) {
              out.writeByte(entry.type().ordinal());
              out.writeBoolean(entry.breaking());
              out.writeInt(index.get(entry.scope()));
              out.writeUTF(entry.summary());
              writeStrings(out, entry.systems(), index);
              writeStrings(out, entry.tickets(), index);
            }
          }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      changed = false;
      removeOthers();
    } catch (IOException | RuntimeException e) {
      // a read-only or full disk: the run has its entries; only the next one is slower
    }
  }

  private static void writeStrings(
      DataOutputStream out, List<String> values, Map<String, Integer> index) throws IOException {
    out.writeShort(values.size());
    for (String value : values) {
      out.writeInt(index.get(value));
    }
  }

  private void removeOthers() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(file.getParent(), PREFIX + "*")) {
      for (Path other : files) {
        if (!other.equals(file)) {
          Files.deleteIfExists(other);
        }
      }
    }
  }

  private static String digest(String identity) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
