package io.changetrail.domain.change;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A unified diff (git's) read into files and hunks with line numbers, for a reader to see. */
public final class UnifiedDiff {
  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@(.*)$");

  private UnifiedDiff() {}

  /** One file of the diff: its paths (old empty when added, new empty when deleted) and hunks. */
  public record File(String oldPath, String newPath, boolean binary, List<Hunk> hunks) {
    public File {
      hunks = List.copyOf(hunks);
    }

    /** The path to show: the new one, or the old one of a deleted file. */
    public String path() {
      return newPath.isEmpty() ? oldPath : newPath;
    }

    public String status() {
      if (oldPath.isEmpty()) {
        return "added";
      }
      if (newPath.isEmpty()) {
        return "deleted";
      }
      return oldPath.equals(newPath) ? "modified" : "renamed";
    }

    public long added() {
      return hunks.stream().flatMap(h -> h.lines().stream()).filter(l -> l.kind() == '+').count();
    }

    public long removed() {
      return hunks.stream().flatMap(h -> h.lines().stream()).filter(l -> l.kind() == '-').count();
    }
  }

  /** A hunk: its header as git wrote it and its lines. */
  public record Hunk(String header, List<Line> lines) {
    public Hunk {
      lines = List.copyOf(lines);
    }
  }

  /**
   * One line: {@code kind} is ' ' (context), '+', '-' or '\\' (no newline at end of file); {@code
   * oldLine} and {@code newLine} are 0 where the line is not on that side.
   */
  public record Line(char kind, String text, int oldLine, int newLine) {}

  public static List<File> parse(String diff) {
    List<File> files = new ArrayList<>();
    Builder file = null;
    List<Line> lines = null;
    String header = null;
    int oldLine = 0;
    int newLine = 0;
    for (String line : diff.split("\n", -1)) {
      if (line.startsWith("diff --git ")) {
        if (file != null) {
          file.hunk(header, lines);
          files.add(file.build());
        }
        file = new Builder(line.substring("diff --git ".length()));
        lines = null;
        header = null;
        continue;
      }
      if (file == null) {
        continue;
      }
      if (lines == null) {
        // the file's header lines, before its first hunk
        if (line.startsWith("--- ")) {
          file.oldPath = side(line.substring(4), "a/");
        } else if (line.startsWith("+++ ")) {
          file.newPath = side(line.substring(4), "b/");
        } else if (line.startsWith("rename from ")) {
          file.oldPath = unquote(line.substring("rename from ".length()));
        } else if (line.startsWith("rename to ")) {
          file.newPath = unquote(line.substring("rename to ".length()));
        } else if (line.startsWith("new file mode")) {
          file.added = true;
        } else if (line.startsWith("deleted file mode")) {
          file.deleted = true;
        } else if (line.startsWith("Binary files ") || line.startsWith("GIT binary patch")) {
          file.binary = true;
        }
      }
      Matcher hunk = HUNK.matcher(line);
      if (hunk.matches()) {
        file.hunk(header, lines);
        header = line;
        lines = new ArrayList<>();
        oldLine = Integer.parseInt(hunk.group(1));
        newLine = Integer.parseInt(hunk.group(3));
        continue;
      }
      if (lines == null || line.isEmpty()) {
        continue;
      }
      char kind = line.charAt(0);
      String text = line.substring(1);
      switch (kind) {
        case ' ' -> lines.add(new Line(' ', text, oldLine++, newLine++));
        case '-' -> lines.add(new Line('-', text, oldLine++, 0));
        case '+' -> lines.add(new Line('+', text, 0, newLine++));
        case '\\' -> lines.add(new Line('\\', text.strip(), 0, 0));
        default -> {}
      }
    }
    if (file != null) {
      file.hunk(header, lines);
      files.add(file.build());
    }
    return files;
  }

  private static String side(String path, String prefix) {
    String p = unquote(path.strip());
    if (p.equals("/dev/null")) {
      return "";
    }
    return p.startsWith(prefix) ? p.substring(prefix.length()) : p;
  }

  private static String unquote(String path) {
    String p = path.strip();
    if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
      return p.substring(1, p.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return p;
  }

  private static final class Builder {
    private final String gitLine;
    private String oldPath;
    private String newPath;
    private boolean added;
    private boolean deleted;
    private boolean binary;
    private final List<Hunk> hunks = new ArrayList<>();

    Builder(String gitLine) {
      this.gitLine = gitLine;
    }

    void hunk(String header, List<Line> lines) {
      if (header != null) {
        hunks.add(new Hunk(header, lines));
      }
    }

    File build() {
      String fallback = fromGitLine();
      String o = oldPath != null ? oldPath : added ? "" : fallback;
      String n = newPath != null ? newPath : deleted ? "" : fallback;
      if (added) {
        o = "";
      }
      if (deleted) {
        n = "";
      }
      return new File(o, n, binary, hunks);
    }

    /** "a/x b/x" of a file without ---/+++ lines (a mode change, a binary): the b side. */
    private String fromGitLine() {
      int split = gitLine.indexOf(" b/");
      String b = split < 0 ? gitLine : gitLine.substring(split + 1);
      return side(b, "b/");
    }
  }
}
