package io.changetrail.domain.risk;

import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.domain.system.FileKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The just-in-time features of changes, computed in one pass over a history read oldest first.
 * Pure: it is fed commits (author, time, files) and keeps what it needs of the past per file and
 * per author; {@link #features} describes a change against the history fed so far, and {@link
 * #observe} adds a change to it.
 */
public final class HistoryFeatures {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private static final class FileState {
    int changes;
    final Set<String> developers = new HashSet<>();
    final Map<String, Integer> byDeveloper = new HashMap<>();
    long lastChange = Long.MIN_VALUE;
    long lines;
  }

  private final Map<String, FileState> files = new HashMap<>();
  private final Map<String, Integer> authorCommits = new HashMap<>();

  /** The identity of an author: the e-mail address, else the name, case-insensitive. */
  public static String author(String name, String email) {
    String id = email == null || email.isBlank() ? name : email;
    return id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
  }

  /** The features of a change by {@code author} at {@code time}, against the history so far. */
  public ChangeFeatures features(
      String author, Instant time, List<FileChange> changed, boolean fix) {
    Map<JitFeature, Double> v = new EnumMap<>(JitFeature.class);
    int la = 0;
    int ld = 0;
    Set<String> directories = new TreeSet<>();
    Set<String> subsystems = new TreeSet<>();
    List<Integer> perFile = new ArrayList<>();
    long lt = 0;
    int nuc = 0;
    Set<String> developers = new HashSet<>();
    double ageDays = 0;
    int aged = 0;
    int fexp = 0;
    Map<String, String> soleOwners = new LinkedHashMap<>();
    int testLines = 0;
    int codeFiles = 0;
    for (FileChange file : changed) {
      FileKind kind = FileKind.of(file.path());
      if (kind == FileKind.TEST) {
        testLines += file.additions();
      }
      codeFiles++;
      la += file.additions();
      ld += file.deletions();
      perFile.add(file.linesChanged());
      directories.add(directory(file.path()));
      subsystems.add(subsystem(file.path()));
      FileState state = files.get(file.oldPath() != null ? file.oldPath() : file.path());
      if (state != null && file.status() != FileStatus.ADDED) {
        lt += Math.max(0, state.lines);
        nuc += state.changes;
        developers.addAll(state.developers);
        if (state.lastChange != Long.MIN_VALUE) {
          ageDays += Math.max(0, time.getEpochSecond() - state.lastChange) / SECONDS_PER_DAY;
          aged++;
        }
        fexp += state.byDeveloper.getOrDefault(author, 0);
        if (state.developers.size() == 1 && !state.developers.contains(author)) {
          soleOwners.put(file.path(), state.developers.iterator().next());
        }
      }
    }
    v.put(JitFeature.LA, (double) la);
    v.put(JitFeature.LD, (double) ld);
    v.put(JitFeature.NF, (double) codeFiles);
    v.put(JitFeature.TLA, (double) testLines);
    v.put(JitFeature.ND, (double) directories.size());
    v.put(JitFeature.NS, (double) subsystems.size());
    v.put(JitFeature.ENTROPY, entropy(perFile));
    v.put(JitFeature.LT, (double) lt);
    v.put(JitFeature.NUC, (double) nuc);
    v.put(JitFeature.NDEV, (double) developers.size());
    v.put(JitFeature.AGE, aged == 0 ? 0 : ageDays / aged);
    v.put(JitFeature.EXP, (double) authorCommits.getOrDefault(author, 0));
    v.put(JitFeature.FEXP, (double) fexp);
    v.put(JitFeature.FIX, fix ? 1.0 : 0.0);
    List<String> untested = new ArrayList<>();
    int tests = 0;
    for (FileChange file : changed) {
      FileKind kind = FileKind.of(file.path());
      if (kind == FileKind.TEST) {
        tests++;
      } else if (kind == FileKind.PRODUCTION && file.status() != FileStatus.DELETED) {
        untested.add(file.path());
      }
    }
    v.put(JitFeature.TESTS, (double) tests);
    return new ChangeFeatures(v, soleOwners, tests == 0 ? untested : List.of());
  }

  /** Adds a change to the history: its files' counts, developers, ages and sizes. */
  public void observe(String author, Instant time, List<FileChange> changed) {
    authorCommits.merge(author, 1, Integer::sum);
    for (FileChange file : changed) {
      FileState state;
      if (file.oldPath() != null && file.status() == FileStatus.RENAMED) {
        state = files.remove(file.oldPath());
        if (state == null) {
          state = new FileState();
        }
        files.put(file.path(), state);
      } else if (file.status() == FileStatus.DELETED) {
        files.remove(file.path());
        continue;
      } else {
        state = files.computeIfAbsent(file.path(), p -> new FileState());
      }
      state.changes++;
      state.developers.add(author);
      state.byDeveloper.merge(author, 1, Integer::sum);
      state.lastChange = time.getEpochSecond();
      state.lines += file.additions() - file.deletions();
    }
  }

  /** Counts a commit of {@code author} without its files (author experience only). */
  public void observeAuthor(String author) {
    authorCommits.merge(author, 1, Integer::sum);
  }

  /**
   * Adds one past change of files without counting it for its author's experience (when the
   * experience is counted separately, by {@link #observeAuthor}).
   */
  public void observeFiles(String author, Instant time, List<FileChange> changed) {
    observe(author, time, changed);
    authorCommits.merge(author, -1, Integer::sum);
  }

  /** Shannon entropy (bits) of the changed lines over the files. */
  static double entropy(List<Integer> linesPerFile) {
    double total = 0;
    for (int lines : linesPerFile) {
      total += lines;
    }
    if (total <= 0) {
      return 0;
    }
    double h = 0;
    for (int lines : linesPerFile) {
      if (lines > 0) {
        double p = lines / total;
        h -= p * (Math.log(p) / Math.log(2));
      }
    }
    return h;
  }

  static String directory(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static String subsystem(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
