package io.changetrail.app.knowledge;

import io.changetrail.app.lifecycle.ChangeDocuments;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.knowledge.KeyDecision;
import io.changetrail.domain.knowledge.LineHistory;
import io.changetrail.domain.knowledge.MergedDocument;
import io.changetrail.domain.lifecycle.ChangeId;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.git.GitBlame;
import io.changetrail.git.GitRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The use case "why are these lines the way they are" ({@code why PATH[:LINE]}): blames the lines,
 * ties each commit to its change (the change's recorded commits, or a {@code Change-Id:} trailer
 * naming a registered change) and returns the changes newest first with their rationale and
 * decisions. Commits of no registered change are listed too, with their own message's rationale.
 */
public final class ExplainLines {
  private static final Pattern LINES = Pattern.compile("^(.+):(\\d+)(?:[-,](\\d+))?$");

  private final Lifecycle lifecycle;

  public ExplainLines(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * What to explain.
   *
   * @param path the file as the user named it (relative to {@code directory})
   * @param from the first line, 0 for the whole file
   * @param to the last line, 0 for the whole file
   */
  public record Target(String path, int from, int to) {
    /** Reads {@code PATH}, {@code PATH:LINE} or {@code PATH:FROM-TO}. */
    public static Target parse(String text) {
      if (text == null || text.isBlank()) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT, "name a file", "e.g. changetrail why src/Router.java:42");
      }
      Matcher m = LINES.matcher(text.strip());
      if (!m.matches()) {
        return new Target(text.strip(), 0, 0);
      }
      int from = number(m.group(2), text);
      int to = m.group(3) == null ? from : number(m.group(3), text);
      if (from < 1 || to < from) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "'" + text + "' names no lines: lines count from 1 and a range goes up (FROM-TO)",
            "e.g. " + m.group(1) + ":42 or " + m.group(1) + ":40-50");
      }
      return new Target(m.group(1), from, to);
    }

    private static int number(String digits, String text) {
      try {
        return Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT, "'" + text + "' has a line number that is too large", "");
      }
    }
  }

  /**
   * @param directory where the user stands; a relative path is read from there
   * @param limit at most this many entries (0: all)
   */
  public LineHistory explain(Path directory, Target target, int limit) {
    if (limit < 0) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "--limit must be 0 (all) or more, not " + limit, "");
    }
    GitRepository git = lifecycle.workspace().git();
    String path = relative(git.root(), directory, target.path());
    GitBlame blame = git.blame();
    GitBlame.Result blamed = blame.blame(path, target.from(), target.to());

    Map<String, SortedSet<Integer>> linesByCommit = new LinkedHashMap<>();
    SortedSet<Integer> uncommitted = new TreeSet<>();
    for (GitBlame.Line line : blamed.lines()) {
      if (line.committed()) {
        linesByCommit.computeIfAbsent(line.sha(), k -> new TreeSet<>()).add(line.number());
      } else {
        uncommitted.add(line.number());
      }
    }
    Map<String, CommitInfo> commits = new LinkedHashMap<>();
    for (CommitInfo commit : blame.commits(linesByCommit.keySet())) {
      commits.put(commit.sha(), commit);
    }

    List<ChangeRecord> changes = lifecycle.ledger().changes();
    Map<String, ChangeRecord> byId = new LinkedHashMap<>();
    Map<String, ChangeRecord> byCommit = new LinkedHashMap<>();
    for (ChangeRecord change : changes) {
      byId.put(change.id(), change);
      change.commits().forEach(sha -> byCommit.put(sha, change));
    }

    ChangeDocumentParser parser = new ChangeDocumentParser();
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Map.Entry<String, SortedSet<Integer>> shaLines : linesByCommit.entrySet()) {
      String sha = shaLines.getKey();
      CommitInfo commit = commits.get(sha);
      ChangeDocument message = parser.parse(commit == null ? "" : commit.message());
      ChangeRecord change = byCommit.get(sha);
      if (change == null) {
        change =
            message.trailers("Change-Id").stream()
                .filter(ChangeId::isValid)
                .map(id -> byId.get(ChangeId.parse(id).value()))
                .filter(c -> c != null)
                .findFirst()
                .orElse(null);
      }
      String key = change != null ? change.id() : "commit " + sha;
      Group group = groups.computeIfAbsent(key, k -> new Group());
      group.change = change;
      group.lines.addAll(shaLines.getValue());
      group.commits.add(sha);
      if (commit != null) {
        group.commitInfos.add(commit);
        group.messages.add(message);
      }
    }

    List<LineHistory.Entry> entries = new ArrayList<>();
    for (Group group : groups.values()) {
      entries.add(group.change != null ? changeEntry(git, group) : commitEntry(group));
    }
    List<LineHistory.LineRange> asked =
        target.from() > 0
            ? List.of(new LineHistory.LineRange(target.from(), target.to()))
            : List.of();
    return LineHistory.of(
        path, asked, blamed.fileLines(), entries, limit, LineHistory.LineRange.of(uncommitted));
  }

  private static final class Group {
    ChangeRecord change;
    final SortedSet<Integer> lines = new TreeSet<>();
    final Set<String> commits = new LinkedHashSet<>();
    final List<CommitInfo> commitInfos = new ArrayList<>();
    final List<ChangeDocument> messages = new ArrayList<>();
  }

  private static LineHistory.Entry changeEntry(GitRepository git, Group group) {
    ChangeRecord change = group.change;
    MergedDocument document;
    try {
      document = MergedDocument.of(ChangeDocuments.of(git, change).documents());
    } catch (ChangeTrailException e) {
      // the change's range is gone (rewritten history): the blamed commits still tell its story
      document = MergedDocument.of(group.messages);
    }
    return new LineHistory.Entry(
        change.id(),
        change.title(),
        change.registered(),
        change.implementer().display(),
        List.copyOf(group.commits),
        LineHistory.LineRange.of(group.lines),
        document.rationale(),
        summaries(document));
  }

  private static LineHistory.Entry commitEntry(Group group) {
    if (group.commitInfos.isEmpty()) {
      // git log did not return a commit blame named: list it bare rather than fail
      String sha = group.commits.iterator().next();
      return new LineHistory.Entry(
          "",
          sha,
          Instant.EPOCH,
          "",
          List.copyOf(group.commits),
          LineHistory.LineRange.of(group.lines),
          "",
          List.of());
    }
    CommitInfo commit = group.commitInfos.get(0);
    MergedDocument document = MergedDocument.of(group.messages);
    return new LineHistory.Entry(
        "",
        commit.subject(),
        commit.authorTime().toInstant(),
        new Person(commit.authorName(), commit.authorEmail()).display(),
        List.copyOf(group.commits),
        LineHistory.LineRange.of(group.lines),
        document.rationale(),
        summaries(document));
  }

  private static List<String> summaries(MergedDocument document) {
    return document.decisions().stream().map(KeyDecision::summary).toList();
  }

  /** The path relative to the repository root, with forward slashes. */
  static String relative(Path root, Path directory, String path) {
    Path base = real(directory.toAbsolutePath().normalize());
    Path file = base.resolve(path).normalize();
    Path realRoot = real(root);
    if (!file.startsWith(realRoot)) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          path + " is outside the repository at " + realRoot,
          "name a file of the repository");
    }
    String relative = realRoot.relativize(file).toString().replace('\\', '/');
    if (relative.isEmpty()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, path + " is the repository itself", "name a file in it");
    }
    return relative;
  }

  private static Path real(Path path) {
    try {
      return Files.exists(path) ? path.toRealPath() : path;
    } catch (IOException e) {
      return path;
    }
  }
}
