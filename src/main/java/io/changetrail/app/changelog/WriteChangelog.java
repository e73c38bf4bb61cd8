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
    // the systems of the release's own commits, not of the work tree, read on a second thread
    // while git lists the commits (a range git cannot walk fails with git's own message first)
    String walked = range;
    java.util.concurrent.FutureTask<SystemCatalog> catalog =
        new java.util.concurrent.FutureTask<>(
            () -> new AssessChange(workspace).systemsOfRange(walked));
    Thread reader = new Thread(catalog, "changelog-systems");
    reader.setDaemon(true);
    reader.start();
    EntryExtractor extractor =
        new EntryExtractor(
            config,
            workspace.config().vocabulary(),
            path ->
                systems.computeIfAbsent(
                    path, p -> joined(catalog).systemOf(p).map(SystemDefinition::name)));
    CommitLog log = workspace.git().log();
    Map<String, String> tags = oneRelease ? Map.of() : log.tagsByCommit();
    boolean firstParent = request.firstParent();
    String identity = request.paths().isEmpty() ? codeIdentity() : null;
    EntryCache cache = null;
    if (identity != null && EntryCache.anyIn(workspace.git().gitDir())) {
      // the commits' ids first, while the second thread reads the systems that key the cache;
      // the entries of commits read before come from the cache, only the others are read whole
      List<CommitLog.Head> heads = new ArrayList<>();
      log.heads(logRange, firstParent, heads::add);
      cache = EntryCache.open(workspace.git().gitDir(), identity + entryIdentity(joined(catalog)));
      if (cache.existed()) {
        ReleaseSplitter splitter = new ReleaseSplitter(tags);
        EntryCache known = cache;
        Map<String, EntryCache.Commit> unkept = new HashMap<>();
        log.commits(
            heads.stream()
                .filter(head -> !EntryCache.keeps(head.parents()) || known.get(head.sha()) == null)
                .map(CommitLog.Head::sha)
                .toList(),
            entry -> {
              var commit = entry.commit();
              List<ReleaseEntry> entries = extractor.entries(commit, entry.paths());
              if (EntryCache.keeps(commit.parents())) {
                known.put(commit.sha(), commit.authorTime().toLocalDate(), entries);
              } else {
                unkept.put(
                    commit.sha(),
                    new EntryCache.Commit(commit.authorTime().toLocalDate(), entries));
              }
            });
        for (CommitLog.Head head : heads) {
          EntryCache.Commit commit =
              EntryCache.keeps(head.parents()) ? known.get(head.sha()) : unkept.get(head.sha());
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
    // the first run (no cache yet): entries kept as they are read, the cache written at the end
    record Read(String sha, LocalDate date, List<ReleaseEntry> entries) {}
    List<Read> first = keep == null && identity != null ? new ArrayList<>() : null;
    java.util.function.Consumer<CommitLog.Entry> sink =
        entry -> {
          var commit = entry.commit();
          LocalDate date = commit.authorTime().toLocalDate();
          List<ReleaseEntry> entries = extractor.entries(commit, entry.paths());
          if (EntryCache.keeps(commit.parents())) {
            if (keep != null) {
              keep.put(commit.sha(), date, entries);
            } else if (first != null) {
              first.add(new Read(commit.sha(), date, entries));
            }
          }
          add(splitter, commit.sha(), commit.parents(), date, entries, firstParent);
        };
    if (request.paths().isEmpty()) {
      log.streamWithPaths(logRange, firstParent, extractor::needsPaths, sink);
    } else {
      log.stream(logRange, true, firstParent, request.paths(), sink);
    }
    if (keep != null) {
      keep.save();
    } else if (first != null) {
      EntryCache created =
          EntryCache.create(workspace.git().gitDir(), identity + entryIdentity(joined(catalog)));
      for (Read read : first) {
        created.put(read.sha(), read.date(), read.entries());
      }
      created.save();
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
   * The ChangeTrail build that runs, by content: a new build may classify differently, so it starts
   * a new cache, and the same build copied to another machine or checkout (a CI job's download,
   * with its own file times) keeps it. Null when it cannot be told, and then nothing is cached.
   */
  static String codeIdentity() {
    try {
      var source = WriteChangelog.class.getProtectionDomain().getCodeSource();
      return source == null ? null : codeIdentity(Path.of(source.getLocation().toURI()));
    } catch (RuntimeException | java.net.URISyntaxException e) {
      return null;
    }
  }

  /**
   * What a jar or a folder of classes holds: for a jar, checksums of its central directory (each
   * entry's name, time, size and the CRC-32 of its content, so nothing is decompressed: about 5 ms
   * for a 28 MB jar, where a digest of every entry took 90); for a folder, a digest of each class
   * file's path and content. Null when it cannot be read.
   */
  static String codeIdentity(Path code) {
    try {
      if (Files.isRegularFile(code)) {
        byte[] directory = JarDirectory.read(code);
        if (directory != null) {
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(directory);
          java.util.zip.CRC32C crcC = new java.util.zip.CRC32C();
          crcC.update(directory);
          return "jar:%d:%08x%08x".formatted(directory.length, crc.getValue(), crcC.getValue());
        }
        return "jar:" + JarDirectory.entriesDigest(code); // a ZIP64 jar: read entry by entry
      }
      if (Files.isDirectory(code)) {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        List<Path> classes;
        try (Stream<Path> files = Files.walk(code)) {
          classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : classes) {
          digest.update(
              code.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          digest.update((byte) 0);
          digest.update(Files.readAllBytes(file));
        }
        return "classes:" + java.util.HexFormat.of().formatHex(digest.digest());
      }
      return null;
    } catch (IOException | RuntimeException | java.security.NoSuchAlgorithmException e) {
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
