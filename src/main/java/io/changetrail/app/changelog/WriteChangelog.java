package io.changetrail.app.changelog;

import io.changetrail.app.Workspace;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessChange.Request;
import io.changetrail.app.assess.AssessChange.Source;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.change.RevisionRange;
import io.changetrail.domain.changelog.ChangeChangelog;
import io.changetrail.domain.changelog.ChangelogConfig;
import io.changetrail.domain.changelog.DeploymentInfo;
import io.changetrail.domain.changelog.EntryExtractor;
import io.changetrail.domain.changelog.Release;
import io.changetrail.domain.changelog.ReleaseEntry;
import io.changetrail.domain.changelog.ReleaseSplitter;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.domain.system.SystemDefinition;
import io.changetrail.git.CommitLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The use case "write a changelog": the comprehensive changelog of one change, or the changelog of
 * a release from one streamed {@code git log} (no diff is assessed per commit: the systems come
 * from the paths each commit touches).
 */
public final class WriteChangelog {
  private final Workspace workspace;
  private final ChangelogConfig config;

  public WriteChangelog(Workspace workspace) {
    this.workspace = workspace;
    this.config = workspace.documentation().changelog();
  }

  public ChangelogConfig config() {
    return config;
  }

  /**
   * What a release changelog covers.
   *
   * @param range the commits ({@code A..B}, or a revision and its history)
   * @param sinceTag only the commits since the newest tag
   * @param title one release of that name for the whole range; null: a release per tag
   * @param paths only commits touching these paths
   * @param firstParent follow the mainline only
   */
  public record ReleaseRequest(
      String range, boolean sinceTag, String title, List<String> paths, boolean firstParent) {
    public ReleaseRequest {
      paths = List.copyOf(paths);
    }
  }

  /** The one release of a range (all its commits in one section). */
  public Release release(ReleaseRequest request) {
    List<Release> releases = releases(request, false);
    return releases.get(0);
  }

  /**
   * The releases of a range, newest first: one per tag in it (a tag takes the commits its history
   * holds and no older tag's does), and the commits after the newest tag as the head release
   * (Unreleased, or the range's end when it is a name). With a title: one release of that name.
   */
  public List<Release> releases(ReleaseRequest request) {
    return releases(request, true);
  }

  private List<Release> releases(ReleaseRequest request, boolean split) {
    String range = request.range();
    String title = request.title();
    if (request.sinceTag()) {
      Optional<String> tag = workspace.git().log().latestTag("HEAD");
      range = tag.map(t -> t + "..HEAD").orElse("HEAD");
    }
    if (range == null || range.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "a release changelog needs --range A..B or --since-tag",
          "e.g. changetrail changelog --range v1.3.0..v1.4.0");
    }
    if (!workspace.git().hasCommits()) {
      throw new ChangeTrailException(
          Problem.NO_COMMITS, "the repository has no commits yet", "commit something first");
    }
    RevisionRange parsed = RevisionRange.parse(range); // the one grammar of every --range
    String start = parsed.from();
    String end = parsed.to();
    String logRange = workspace.git().logRange(range);
    boolean oneRelease = !split || (title != null && !title.isBlank());
    if (!oneRelease || title == null || title.isBlank()) {
      title = end.isEmpty() || end.equals("HEAD") ? "Unreleased" : end;
    }
    Map<String, Optional<String>> systems = new HashMap<>();
    // the systems of the release's own commits, not of the work tree (read at the first entry:
    // a range git cannot walk fails with git's own message first)
    String walked = range;
    SystemCatalog[] catalog = {null};
    EntryExtractor extractor =
        new EntryExtractor(
            config,
            workspace.config().vocabulary(),
            path ->
                systems.computeIfAbsent(
                    path,
                    p -> {
                      if (catalog[0] == null) {
                        catalog[0] = new AssessChange(workspace).systemsOfRange(walked);
                      }
                      return catalog[0].systemOf(p).map(SystemDefinition::name);
                    }));
    CommitLog log = workspace.git().log();
    Map<String, String> tags = oneRelease ? Map.of() : log.tagsByCommit();
    boolean firstParent = request.firstParent();
    String identity = request.paths().isEmpty() ? codeIdentity() : null;
    EntryCache cache = null;
    if (identity != null) {
      // the commits' ids first, while a second thread reads the systems and the cache they key;
      // the entries of commits read before come from the cache, only the others are read whole
      java.util.concurrent.FutureTask<EntryCache> opening =
          new java.util.concurrent.FutureTask<>(
              () -> {
                SystemCatalog read = new AssessChange(workspace).systemsOfRange(walked);
                catalog[0] = read;
                return EntryCache.open(workspace.git().gitDir(), identity + entryIdentity(read));
              });
      Thread reader = new Thread(opening, "changelog-systems");
      reader.setDaemon(true);
      reader.start();
      List<CommitLog.Head> heads = new ArrayList<>();
      log.heads(logRange, firstParent, heads::add);
      cache = joined(opening);
      if (cache.existed()) {
        ReleaseSplitter splitter = new ReleaseSplitter(tags);
        EntryCache known = cache;
        log.commits(
            heads.stream().map(CommitLog.Head::sha).filter(sha -> known.get(sha) == null).toList(),
            entry -> {
              var commit = entry.commit();
              known.put(
                  commit.sha(),
                  commit.authorTime().toLocalDate(),
                  extractor.entries(commit, entry.paths()));
            });
        for (CommitLog.Head head : heads) {
          EntryCache.Commit commit = known.get(head.sha());
          if (commit == null) {
            break; // not kept (an entry too long for the file): all read whole, below
          }
          add(splitter, head.sha(), head.parents(), commit.date(), commit.entries(), firstParent);
        }
        known.save();
        if (splitter.commits() == heads.size()) {
          return splitter.releases(title, start, end);
        }
      }
    }
    ReleaseSplitter splitter = new ReleaseSplitter(tags);
    EntryCache keep = cache;
    log.stream(
        logRange,
        true,
        firstParent,
        request.paths(),
        entry -> {
          var commit = entry.commit();
          LocalDate date = commit.authorTime().toLocalDate();
          List<ReleaseEntry> entries = extractor.entries(commit, entry.paths());
          if (keep != null) {
            keep.put(commit.sha(), date, entries);
          }
          add(splitter, commit.sha(), commit.parents(), date, entries, firstParent);
        });
    if (keep != null) {
      keep.save();
    }
    return splitter.releases(title, start, end);
  }

  private static void add(
      ReleaseSplitter splitter,
      String sha,
      List<String> parents,
      LocalDate date,
      List<ReleaseEntry> entries,
      boolean firstParent) {
    splitter.add(
        sha, firstParent && parents.size() > 1 ? parents.subList(0, 1) : parents, date, entries);
  }

  private static <T> T joined(java.util.concurrent.FutureTask<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChangeTrailException(
          Problem.GIT_FAILED, "interrupted while reading the systems", "");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * What decides the entries of a commit besides the commit itself: the ticket patterns, the team's
   * type words and the systems' path patterns.
   */
  private String entryIdentity(SystemCatalog catalog) {
    StringBuilder identity = new StringBuilder("\ntickets:");
    for (var pattern : config.ticketPatterns()) {
      identity.append(pattern.flags()).append('/').append(pattern.pattern()).append('\u0000');
    }
    identity.append("\ntypes:").append(new TreeMap<>(workspace.config().vocabulary().types()));
    identity.append("\nsystems:");
    for (SystemDefinition system : catalog.systems()) {
      identity.append(system.name()).append('\u0000').append(system.paths()).append('\n');
    }
    return identity.toString();
  }

  /**
   * The ChangeTrail build that runs (the jar's size and time, or the newest class file of a
   * development checkout): a new build may classify differently, so it starts a new cache. Null
   * when it cannot be told, and then nothing is cached.
   */
  static String codeIdentity() {
    try {
      var source = WriteChangelog.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path code = Path.of(source.getLocation().toURI());
      if (Files.isRegularFile(code)) {
        return "jar:" + Files.size(code) + ":" + Files.getLastModifiedTime(code).toMillis();
      }
      if (Files.isDirectory(code)) {
        try (Stream<Path> files = Files.walk(code)) {
          long[] newest = {0, 0};
          files
              .filter(f -> f.toString().endsWith(".class"))
              .forEach(
                  f -> {
                    newest[1]++;
                    try {
                      newest[0] = Math.max(newest[0], Files.getLastModifiedTime(f).toMillis());
                    } catch (IOException e) {
                      newest[0] = Long.MAX_VALUE;
                    }
                  });
          return "classes:" + newest[1] + ":" + newest[0];
        }
      }
      return null;
    } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
      return null;
    }
  }

  /** The comprehensive changelog of one commit, with its assessment. */
  public String change(String revision) {
    return change(revision, List.of());
  }

  /**
   * The comprehensive changelog of one commit, with its assessment and, when a registered change
   * holds the commit, the ledger's deployment facts of that change.
   *
   * @param changes the changes of the ledger (empty when there is no ledger)
   */
  public String change(String revision, List<ChangeRecord> changes) {
    Assessment assessment =
        new AssessChange(workspace).execute(new Request(Source.COMMIT, revision, ""));
    var commit = assessment.commits().get(0);
    Optional<DeploymentInfo> deployment =
        changes.stream()
            .filter(c -> c.commits().contains(commit.sha()))
            .map(DeploymentInfo::of)
            .flatMap(Optional::stream)
            .reduce((first, second) -> second);
    return ChangeChangelog.markdown(
        new ChangeDocumentParser().parse(commit.message()),
        Optional.of(commit),
        Optional.of(assessment),
        config,
        deployment);
  }

  /** The comprehensive changelog of a change document file (no assessment: it spans commits). */
  public String document(String text) {
    return ChangeChangelog.markdown(
        new ChangeDocumentParser().parse(text), Optional.empty(), Optional.empty(), config);
  }
}
