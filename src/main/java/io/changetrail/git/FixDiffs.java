package io.changetrail.git;

import io.changetrail.domain.risk.Szz;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines fix commits deleted or changed, read from {@code git log --no-walk -p -U0 -M} in
 * batches (one process per {@link #BATCH} commits, never one per commit unless a batch fails on a
 * missing object).
 */
public final class FixDiffs {
  static final int BATCH = 200;
  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+\\d+(?:,(\\d+))? @@");

  private final GitProcess git;

  FixDiffs(GitProcess git) {
    this.git = git;
  }

  /** What was read: the hunks per commit, and the commits whose diff could not be read. */
  public record Result(Map<String, List<Szz.FileHunks>> hunks, List<String> unreadable) {}

  public Result read(Collection<String> shas) {
    Map<String, List<Szz.FileHunks>> hunks = new LinkedHashMap<>();
    List<String> unreadable = new ArrayList<>();
    List<String> all = new ArrayList<>(shas);
    for (int from = 0; from < all.size(); from += BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      if (!readBatch(batch, hunks)) {
        for (String sha : batch) {
          if (!hunks.containsKey(sha) && !readBatch(List.of(sha), hunks)) {
            unreadable.add(sha);
          }
        }
      }
    }
    return new Result(hunks, unreadable);
  }

  private boolean readBatch(List<String> batch, Map<String, List<Szz.FileHunks>> into) {
    GitArgs args =
        GitArgs.git(
                "log",
                "--no-walk=unsorted",
                "-p",
                "-U0",
                "-M",
                "--no-ext-diff",
                "--no-textconv",
                "--diff-merges=first-parent",
                "--format=%x1e%H")
            .revisions(batch)
            .paths();
    Map<String, List<Szz.FileHunks>> read = new LinkedHashMap<>();
    try {
      git.stream(
          args,
          in -> {
            parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), read);
            return null;
          },
          failed ->
              new io.changetrail.domain.ChangeTrailException(
                  io.changetrail.domain.Problem.GIT_FAILED, failed.stderr(), ""));
    } catch (io.changetrail.domain.ChangeTrailException e) {
      return false;
    }
    into.putAll(read);
    return true;
  }

  static void parse(BufferedReader reader, Map<String, List<Szz.FileHunks>> into)
      throws java.io.IOException {
    String line;
    List<Szz.FileHunks> files = null;
    String oldPath = null;
    String newPath = null;
    List<Szz.DeletedLine> deleted = null;
    List<String> added = null;
    int oldLine = 0;
    int oldRemaining = 0;
    int newRemaining = 0;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("\u001e")) {
        flush(files, oldPath, newPath, deleted, added);
        files = new ArrayList<>();
        into.put(line.substring(1).strip(), files);
        oldPath = null;
        newPath = null;
        deleted = null;
        added = null;
        oldRemaining = 0;
        newRemaining = 0;
        continue;
      }
      if (files == null) {
        continue;
      }
      if (oldRemaining > 0 && line.startsWith("-")) {
        deleted.add(new Szz.DeletedLine(oldLine, line.substring(1)));
        oldLine++;
        oldRemaining--;
        continue;
      }
      if (newRemaining > 0 && line.startsWith("+")) {
        added.add(line.substring(1));
        newRemaining--;
        continue;
      }
      if (line.startsWith("diff --git ")) {
        flush(files, oldPath, newPath, deleted, added);
        oldPath = null;
        newPath = null;
        deleted = new ArrayList<>();
        added = new ArrayList<>();
        oldRemaining = 0;
        newRemaining = 0;
      } else if (line.startsWith("--- ") && deleted != null) {
        oldPath = path(line.substring(4), "a/");
      } else if (line.startsWith("+++ ") && deleted != null) {
        newPath = path(line.substring(4), "b/");
      } else if (line.startsWith("@@ ")) {
        Matcher m = HUNK.matcher(line);
        if (m.find()) {
          oldLine = Integer.parseInt(m.group(1));
          oldRemaining = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
          newRemaining = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        }
      }
    }
    flush(files, oldPath, newPath, deleted, added);
  }

  private static void flush(
      List<Szz.FileHunks> files,
      String oldPath,
      String newPath,
      List<Szz.DeletedLine> deleted,
      List<String> added) {
    if (files == null || deleted == null) {
      return;
    }
    if (!deleted.isEmpty() && oldPath != null) {
      files.add(new Szz.FileHunks(oldPath, newPath == null ? oldPath : newPath, deleted, added));
    } else if (!added.isEmpty()) {
      // a new file, or lines only added: nothing to blame, but its lines may be moved ones
      files.add(new Szz.FileHunks(null, newPath, List.of(), added));
    }
  }

  private static String path(String text, String prefix) {
    if (text.equals("/dev/null") || text.startsWith("\"")) {
      return null;
    }
    String t = text.endsWith("\t") ? text.substring(0, text.length() - 1) : text;
    return t.startsWith(prefix) ? t.substring(prefix.length()) : t;
  }
}
