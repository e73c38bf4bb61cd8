package io.changetrail.git;

import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the NUL-separated output of {@code git diff/log --raw --numstat -z}: raw entries (status,
 * modes, paths) followed by numstat entries (lines added and deleted) for the same files in the
 * same order. For {@code git log}, each commit starts with a record separator (0x1E) and the fields
 * of {@link #LOG_FORMAT}.
 */
final class DiffOutputParser {
  /** The {@code --format} that {@link #parseLog} expects. */
  static final String LOG_FORMAT =
      "--format=%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%B%x00";

  private static final byte RECORD = 0x1e;
  private static final String SUBMODULE_MODE = "160000";

  private final PathDecoder paths = new PathDecoder();

  /**
   * One commit and the files its diff touches, with the blob ids of each file before and after the
   * diff (in the files' order; null where the file is absent on that side or is not a blob).
   */
  record CommitDiff(CommitInfo commit, List<FileChange> files, BlobIds ids) {}

  int invalidPaths() {
    return paths.invalidPaths();
  }

  /** Parses the output of {@code git diff --raw --numstat -z}. */
  List<FileChange> parseDiff(InputStream in) throws IOException {
    Tokens tokens = new Tokens(in);
    Entries entries = new Entries();
    byte[] token;
    while ((token = tokens.next()) != null) {
      entries.accept(stripNewline(token), tokens);
    }
    return entries.files();
  }

  /** Parses the output of {@code git log LOG_FORMAT --raw --numstat -z}, one commit at a time. */
  void parseLog(InputStream in, Consumer<CommitDiff> sink) throws IOException {
    Tokens tokens = new Tokens(in);
    byte[] token = tokens.next();
    while (token != null) {
      token = stripNewline(token);
      if (token.length == 0 || token[0] != RECORD) {
        token = tokens.next();
        continue;
      }
      String sha = ascii(token, 1);
      String parentsField = text(tokens.next());
      String authorName = text(tokens.next());
      String authorEmail = text(tokens.next());
      String date = text(tokens.next());
      String committerName = text(tokens.next());
      String committerEmail = text(tokens.next());
      String message = text(tokens.next());
      List<String> parents =
          parentsField.isBlank() ? List.of() : Arrays.asList(parentsField.strip().split(" "));
      CommitInfo commit =
          new CommitInfo(
              sha,
              parents,
              authorName,
              authorEmail,
              OffsetDateTime.parse(date),
              committerName,
              committerEmail,
              message.strip());
      Entries entries = new Entries();
      while ((token = tokens.next()) != null) {
        token = stripNewline(token);
        if (token.length > 0 && token[0] == RECORD) {
          break;
        }
        entries.accept(token, tokens);
      }
      List<FileChange> files = entries.files();
      sink.accept(new CommitDiff(commit, files, entries.ids()));
    }
  }

  /** Raw and numstat entries of one diff, paired up in order. */
  private final class Entries {
    private final List<RawEntry> raw = new ArrayList<>();
    private final List<int[]> counts = new ArrayList<>();

    void accept(byte[] token, Tokens tokens) throws IOException {
      if (token.length == 0) {
        return;
      }
      if (token[0] == ':') {
        String[] fields = ascii(token, 1).split(" ");
        String status = fields[fields.length - 1];
        char letter = status.charAt(0);
        boolean submodule = SUBMODULE_MODE.equals(fields[0]) || SUBMODULE_MODE.equals(fields[1]);
        String path = decode(tokens.next());
        String newPath = null;
        if (letter == 'R' || letter == 'C') {
          newPath = decode(tokens.next());
        }
        raw.add(
            new RawEntry(
                FileStatus.fromGitLetter(letter),
                path,
                newPath,
                submodule,
                blobId(fields, 0, 2),
                blobId(fields, 1, 3)));
      } else {
        String text = ascii(token, 0);
        String[] fields = text.split("\t", 3);
        boolean binary = fields[0].equals("-");
        int added = binary ? 0 : parseCount(fields[0]);
        int deleted = binary || fields.length < 2 ? 0 : parseCount(fields[1]);
        if (fields.length < 3 || fields[2].isEmpty()) {
          // a rename or copy: the two paths follow as tokens of their own
          tokens.next();
          tokens.next();
        }
        counts.add(new int[] {added, deleted, binary ? 1 : 0});
      }
    }

    List<FileChange> files() {
      List<FileChange> files = new ArrayList<>(raw.size());
      for (int i = 0; i < raw.size(); i++) {
        RawEntry entry = raw.get(i);
        int[] count = i < counts.size() ? counts.get(i) : new int[] {0, 0, 0};
        String path = entry.newPath != null ? entry.newPath : entry.path;
        String oldPath = entry.newPath != null ? entry.path : null;
        files.add(
            new FileChange(
                path,
                oldPath,
                entry.status,
                count[0],
                count[1],
                count[2] == 1 && !entry.submodule,
                entry.submodule));
      }
      return files;
    }

    /** The blob ids of the files before and after the diff, in the order of {@link #files}. */
    BlobIds ids() {
      String[] before = new String[raw.size()];
      String[] after = new String[raw.size()];
      for (int i = 0; i < raw.size(); i++) {
        before[i] = raw.get(i).before;
        after[i] = raw.get(i).after;
      }
      return new BlobIds(before, after);
    }
  }

  /**
   * The object id of a raw entry's field {@code id} when it names a blob (a file or a symbolic
   * link), else null: all zeros (absent on that side), a submodule's commit, an abbreviated id.
   */
  private static String blobId(String[] fields, int mode, int id) {
    if (fields.length < 5 || SUBMODULE_MODE.equals(fields[mode])) {
      return null;
    }
    String value = fields[id];
    if (value.length() < 40 || value.chars().allMatch(c -> c == '0')) {
      return null;
    }
    return value;
  }

  private record RawEntry(
      FileStatus status,
      String path,
      String newPath,
      boolean submodule,
      String before,
      String after) {}

  private String decode(byte[] token) {
    if (token == null) {
      return "";
    }
    return paths.decode(token, 0, token.length);
  }

  private static int parseCount(String field) {
    try {
      return Integer.parseInt(field);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] stripNewline(byte[] token) {
    int start = 0;
    while (start < token.length && token[start] == '\n') {
      start++;
    }
    return start == 0 ? token : Arrays.copyOfRange(token, start, token.length);
  }

  private static String ascii(byte[] token, int from) {
    return new String(token, from, token.length - from, StandardCharsets.UTF_8);
  }

  private static String text(byte[] token) {
    return token == null ? "" : new String(token, StandardCharsets.UTF_8);
  }

  /** NUL-terminated tokens of a byte stream. */
  private static final class Tokens {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private boolean ended;

    Tokens(InputStream in) {
      this.in = new BufferedInputStream(in, 1 << 16);
    }

    byte[] next() throws IOException {
      if (ended) {
        return null;
      }
      buffer.reset();
      int b;
      while ((b = in.read()) != -1) {
        if (b == 0) {
          return buffer.toByteArray();
        }
        buffer.write(b);
      }
      ended = true;
      return buffer.size() == 0 ? null : buffer.toByteArray();
    }
  }
}
