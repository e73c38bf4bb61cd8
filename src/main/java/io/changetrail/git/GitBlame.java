package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.CommitInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which commit last shaped each line of a file, read from {@code git blame --porcelain}.
 *
 * <p>Blame runs with {@code -w -M -C}: whitespace-only changes (a formatter run) and lines moved
 * within the file or from another file changed in the same commit are traced to the commit that
 * wrote them, since {@code why} is about the reasons for the code, not about who re-indented it. A
 * {@code .git-blame-ignore-revs} file at the root is honoured for the same reason. The work tree's
 * file is blamed, so line numbers are those an editor shows; lines not committed yet are reported
 * with an all-zero SHA.
 */
public final class GitBlame {
  /** The SHA git gives lines that are not committed yet. */
  public static final String NOT_COMMITTED = "0".repeat(40);

  private static final Pattern HEADER = Pattern.compile("^([0-9a-f]{40}) (\\d+) (\\d+)(?: \\d+)?$");
  private static final String RECORD = "\u001e";
  private static final String FIELD = "\u001f";

  private final Path root;
  private final GitProcess git;

  GitBlame(Path root, GitProcess git) {
    this.root = root;
    this.git = git;
  }

  /**
   * The blame of lines {@code from..to} of a tracked text file (both 0: the whole file).
   *
   * @param file the file, relative to the repository root
   */
  public Result blame(String file, int from, int to) {
    Path absolute = root.resolve(file).normalize();
    if (!absolute.startsWith(root)) {
      throw invalid(
          file + " is outside the repository at " + root, "name a file of the repository");
    }
    if (Files.isDirectory(absolute)) {
      throw invalid(file + " is a directory", "name a file, e.g. " + file + "/SomeFile.java");
    }
    boolean tracked = git.run(GitArgs.git("ls-files", "--error-unmatch").paths(file)).ok();
    if (!tracked) {
      throw Files.exists(absolute)
          ? invalid(
              file + " is not tracked by git, so no change shaped it yet",
              "commit it first, or check the name with 'git ls-files'")
          : invalid(
              "no file " + file + " in the repository at " + root,
              "check the path (relative to the current directory) with 'git ls-files'");
    }
    if (!Files.exists(absolute)) {
      throw invalid(
          file + " is tracked but deleted from the work tree",
          "restore it with 'git restore -- " + file + "' to see its history");
    }
    byte[] content;
    try {
      content = Files.readAllBytes(absolute);
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot read " + file + ": " + e.getMessage(), "");
    }
    if (binary(content)) {
      throw invalid(
          file + " is a binary file: why explains lines of text files",
          "ask about the commits of a binary file with 'git log -- " + file + "'");
    }
    int lines = lineCount(content);
    if (from > 0) {
      if (lines == 0) {
        throw invalid(file + " is empty: it has no line " + from, "ask about the whole file");
      }
      if (from > lines || to > lines) {
        throw invalid(
            "line "
                + Math.max(from, to)
                + " is beyond the end of "
                + file
                + " ("
                + lines
                + " lines)",
            "ask about lines 1-" + lines);
      }
    }
    if (lines == 0) {
      return new Result(file, 0, List.of());
    }
    GitArgs args = GitArgs.git("blame", "--porcelain", "-w", "-M", "-C");
    if (Files.isRegularFile(root.resolve(".git-blame-ignore-revs"))) {
      args.flag("--ignore-revs-file", ".git-blame-ignore-revs");
    }
    if (from > 0) {
      args.flag("-L", from + "," + to);
    }
    args.paths(file);
    GitProcess.Result result = git.run(args);
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          "git blame " + file + " failed: " + result.stderr().lines().findFirst().orElse(""),
          "");
    }
    return new Result(file, lines, parse(result.text()));
  }

  /**
   * The blame of some lines of a file as it was in {@code revision} (SZZ reads a fix's parent),
   * with the same {@code -w -M -C} as {@link #blame}.
   *
   * @param ranges {@code [from, to]} line ranges, 1-based and inclusive
   * @return the blamed lines, or empty when git could not blame them (an object missing from a
   *     partial copy, a path that is not in the revision)
   */
  public java.util.Optional<List<Line>> blameAt(String revision, String path, List<int[]> ranges) {
    GitArgs args = GitArgs.git("blame", "--porcelain", "-w", "-M", "-C");
    if (Files.isRegularFile(root.resolve(".git-blame-ignore-revs"))) {
      args.flag("--ignore-revs-file", ".git-blame-ignore-revs");
    }
    for (int[] range : ranges) {
      args.flag("-L", range[0] + "," + range[1]);
    }
    // git blame does not understand --end-of-options: the revision is still refused when it
    // starts with '-', and the path follows "--"
    args.revision(revision).paths(path).withoutEndOfOptionsMarker();
    GitProcess.Result result = git.run(args);
    if (!result.ok()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(parse(result.text()));
  }

  /** The commits with these SHAs (messages, authors), in no particular order. */
  public List<CommitInfo> commits(Collection<String> shas) {
    if (shas.isEmpty()) {
      return List.of();
    }
    GitArgs args =
        GitArgs.git("log", "--no-walk=unsorted", "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B")
            .revisions(shas)
            .paths();
    GitProcess.Result result = git.run(args);
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          "git log failed: " + result.stderr().lines().findFirst().orElse(""),
          "");
    }
    List<CommitInfo> commits = new ArrayList<>();
    for (String record : result.text().split(RECORD)) {
      if (record.isBlank()) {
        continue;
      }
      String[] fields = record.split(FIELD, 6);
      if (fields.length < 6) {
        continue;
      }
      commits.add(
          new CommitInfo(
              fields[0].strip(),
              fields[1].isBlank() ? List.of() : Arrays.asList(fields[1].strip().split(" ")),
              fields[2],
              fields[3],
              OffsetDateTime.parse(fields[4].strip()),
              fields[5].strip()));
    }
    return commits;
  }

  /**
   * One blamed line: its number in the file now, the commit that last shaped it, and the file's
   * path in that commit (blame follows renames: it can differ from the path blamed).
   */
  public record Line(int number, String sha, String path) {
    public boolean committed() {
      return !sha.equals(NOT_COMMITTED);
    }
  }

  /** The blame of a file: its length and its lines' commits, in line order. */
  public record Result(String path, int fileLines, List<Line> lines) {
    public Result {
      lines = List.copyOf(lines);
    }
  }

  static List<Line> parse(String porcelain) {
    // a "filename" line follows a header the first time its commit appears (and whenever the
    // commit is seen under more than one path): the latest one of each commit holds otherwise
    Map<Integer, Line> lines = new LinkedHashMap<>();
    Map<String, String> pathOf = new java.util.HashMap<>();
    String sha = null;
    int number = 0;
    for (String line : porcelain.split("\n")) {
      Matcher m = HEADER.matcher(line);
      if (m.matches()) {
        sha = m.group(1);
        number = Integer.parseInt(m.group(3));
        lines.put(number, new Line(number, sha, pathOf.get(sha)));
      } else if (sha != null && line.startsWith("filename ")) {
        String path = line.substring("filename ".length());
        pathOf.put(sha, path);
        lines.put(number, new Line(number, sha, path));
      }
    }
    return new ArrayList<>(lines.values());
  }

  /** git's own test: a NUL byte in the first 8000 bytes makes a file binary. */
  private static boolean binary(byte[] content) {
    for (int i = 0; i < Math.min(content.length, 8000); i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static int lineCount(byte[] content) {
    int lines = 0;
    for (byte b : content) {
      if (b == '\n') {
        lines++;
      }
    }
    return content.length > 0 && content[content.length - 1] != '\n' ? lines + 1 : lines;
  }

  private static ChangeTrailException invalid(String message, String hint) {
    return new ChangeTrailException(Problem.INVALID_INPUT, message, hint);
  }
}
