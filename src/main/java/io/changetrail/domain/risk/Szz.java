package io.changetrail.domain.risk;

import io.changetrail.domain.system.FileKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pure part of SZZ: which lines of a fix are traced back (the lines it deleted or changed in
 * source files, not blank, comment-only or punctuation-only lines), and the bounds that keep the
 * cost of blame in check.
 */
public final class Szz {
  /** Fixes that touch more files than this are skipped (mass changes, not bug fixes). */
  public static final int MAX_FIX_FILES = 50;

  /** At most this many files of one fix are blamed: those with the most traced lines. */
  public static final int MAX_BLAMED_FILES = 10;

  /** At most this many lines of one file of a fix are blamed. */
  public static final int MAX_BLAMED_LINES = 200;

  private static final Pattern PUNCTUATION_ONLY = Pattern.compile("^[{}()\\[\\];,]*$");

  private Szz() {}

  /** A line the fix deleted or changed: its number in the fix's parent and its text. */
  public record DeletedLine(int number, String text) {}

  /**
   * The lines one file of a fix deleted or changed, as read in the parent, and the lines it added
   * (their text: a deleted line that comes back unchanged but for whitespace was moved or
   * re-indented, not fixed).
   */
  public record FileHunks(
      String parentPath, String path, List<DeletedLine> deleted, List<String> added) {
    public FileHunks {
      deleted = List.copyOf(deleted);
      added = List.copyOf(added);
    }

    public FileHunks(String parentPath, String path, List<DeletedLine> deleted) {
      this(parentPath, path, deleted, List.of());
    }
  }

  /** A file's lines that are blamed in the fix's parent, with its path there. */
  public record BlameTarget(String parentPath, List<Integer> lines) {
    public BlameTarget {
      lines = List.copyOf(lines);
    }
  }

  /**
   * What to blame for one fix: the traced lines of its source files (tests and documentation are
   * left out), the {@link #MAX_BLAMED_FILES} files with the most such lines, at most {@link
   * #MAX_BLAMED_LINES} lines each. A deleted line whose text the fix adds again, in any of its
   * files and whatever the whitespace, is not traced: the fix moved or re-indented it (a
   * refactoring), it did not change it. Empty when the fix touches more than {@link #MAX_FIX_FILES}
   * files with deleted lines.
   */
  public static List<BlameTarget> targets(List<FileHunks> files) {
    if (files.stream().filter(f -> !f.deleted().isEmpty()).count() > MAX_FIX_FILES) {
      return List.of();
    }
    Set<String> readded = new HashSet<>();
    for (FileHunks file : files) {
      for (String text : file.added()) {
        readded.add(text);
      }
    }
    List<BlameTarget> targets = new ArrayList<>();
    for (FileHunks file : files) {
      if (file.deleted().isEmpty()) {
        continue;
      }
      FileKind kind = FileKind.of(file.path());
      if (kind == FileKind.TEST || kind == FileKind.DOCUMENTATION) {
        continue;
      }
      List<Integer> lines = new ArrayList<>();
      for (DeletedLine line : file.deleted()) {
        if (traced(line.text())
            && !readded.contains(line.text())
            && lines.size() < MAX_BLAMED_LINES) {
          lines.add(line.number());
        }
      }
      if (!lines.isEmpty()) {
        targets.add(new BlameTarget(file.parentPath(), lines));
      }
    }
    targets.sort(
        Comparator.comparingInt((BlameTarget t) -> -t.lines().size())
            .thenComparing(BlameTarget::parentPath));
    return targets.size() > MAX_BLAMED_FILES ? targets.subList(0, MAX_BLAMED_FILES) : targets;
  }

  /** Whether a deleted line is traced: not blank, not a comment, not punctuation or an import. */
  public static boolean traced(String text) {
    String line = text.strip();
    if (line.isEmpty() || PUNCTUATION_ONLY.matcher(line).matches()) {
      return false;
    }
    return !(line.startsWith("//")
        || line.startsWith("/*")
        || line.startsWith("*")
        || line.startsWith("#")
        || line.startsWith("<!--")
        || line.startsWith("-->")
        || line.startsWith("--")
        || line.startsWith("import ")
        || line.startsWith("package "));
  }

  /** The line numbers as {@code -L} ranges of consecutive lines: {@code [from, to]} pairs. */
  public static List<int[]> ranges(List<Integer> lines) {
    List<Integer> sorted = lines.stream().sorted().distinct().toList();
    List<int[]> ranges = new ArrayList<>();
    for (int line : sorted) {
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] == line - 1) {
        ranges.get(ranges.size() - 1)[1] = line;
      } else {
        ranges.add(new int[] {line, line});
      }
    }
    return ranges;
  }
}
