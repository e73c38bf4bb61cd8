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
import io.changetrail.domain.changelog.ReleaseSplitter;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.domain.system.SystemDefinition;
import io.changetrail.git.CommitLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    ReleaseSplitter splitter = new ReleaseSplitter(oneRelease ? Map.of() : log.tagsByCommit());
    boolean firstParent = request.firstParent();
    log.stream(
        logRange,
        true,
        firstParent,
        request.paths(),
        entry -> {
          var commit = entry.commit();
          List<String> parents = commit.parents();
          splitter.add(
              commit.sha(),
              firstParent && parents.size() > 1 ? parents.subList(0, 1) : parents,
              commit.authorTime().toLocalDate(),
              extractor.entries(commit, entry.paths()));
        });
    return splitter.releases(title, start, end);
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
