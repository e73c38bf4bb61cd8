package io.changetrail.app.assess;

import io.changetrail.app.Workspace;
import io.changetrail.app.risk.ChangeHistory;
import io.changetrail.app.risk.RiskModelFile;
import io.changetrail.app.systems.BuildTree;
import io.changetrail.app.systems.CatalogResolver;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.Assessor;
import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.risk.ChangeFeatures;
import io.changetrail.domain.risk.LearnedModel;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.git.BlobReader;
import io.changetrail.git.GitRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The use case "assess a change": reads the diff, applies the policy, returns the assessment. */
public final class AssessChange {

  /** Where the change comes from. */
  public enum Source {
    STAGED,
    WORKING_TREE,
    COMMIT,
    RANGE,
    BRANCH
  }

  /**
   * What to assess.
   *
   * @param source where the change comes from
   * @param revision the commit for COMMIT, the range for RANGE, else ignored
   * @param description the description to classify by; blank to use the commit message(s)
   */
  public record Request(Source source, String revision, String description) {
    public static Request staged() {
      return new Request(Source.STAGED, "", "");
    }
  }

  /**
   * A commit of a stream that was not assessed, and why.
   *
   * @param objectMissing whether an object it needs is missing (else: its parent is not in a
   *     shallow clone)
   */
  public record Skipped(String sha, String reason, String hint, boolean objectMissing) {}

  private final Workspace workspace;

  public AssessChange(Workspace workspace) {
    this.workspace = workspace;
  }

  public Assessment execute(Request request) {
    ChangeSet change = read(request);
    if (request.description() != null && !request.description().isBlank()) {
      change = change.withDescription(request.description());
    }
    Optional<LearnedModel> model =
        RiskModelFile.readIfPresent(RiskModelFile.defaultPath(workspace.git().root()));
    Assessor assessor = new Assessor(workspace.policy(systemsOf(request, change)));
    if (model.isEmpty()) {
      return assessor.assess(change);
    }
    return assessor.assess(change, model.get().forChange(history(change)));
  }

  /**
   * The systems a change is assessed against: for committed changes, those the build files of the
   * assessed commit (and of its base, for what the change removes) describe, never the work tree's;
   * for staged and working-tree changes, the work tree's.
   */
  private SystemCatalog systemsOf(Request request, ChangeSet change) {
    GitRepository git = workspace.git();
    String tip;
    String base;
    switch (request.source()) {
      case COMMIT -> {
        CommitInfo commit = change.commits().get(0);
        tip = commit.sha();
        base = commit.parents().isEmpty() ? null : commit.parents().get(0);
      }
      case RANGE -> {
        String[] ends = git.rangeEnds(request.revision());
        base = ends[0];
        tip = ends[1];
      }
      case BRANCH -> {
        base = git.mergeBaseOf(workspace.defaultBranch(), "HEAD");
        tip = git.resolveCommit("HEAD");
      }
      default -> {
        return workspace.catalog();
      }
    }
    return systemsAt(tip, base, change.files());
  }

  /**
   * The systems of the build files of commit {@code tip}, united with those of {@code base} (null
   * for none) for what the diff {@code files} from base to tip removes.
   */
  public SystemCatalog systemsAt(String tip, String base, List<FileChange> files) {
    GitRepository git = workspace.git();
    try (BlobReader blobs = git.blobReader()) {
      BuildTree tree = BuildTree.at(git, blobs, tip);
      SystemCatalog at = workspace.catalogOf(tree);
      return base == null
          ? at
          : CatalogResolver.union(at, workspace.catalogOf(tree.before(files, base), tree));
    }
  }

  /**
   * The systems of the build files of commit {@code tip}, united with those of commit {@code base}
   * (null for none): both trees read from their commits, never from the work tree.
   */
  public SystemCatalog systemsAt(String tip, String base) {
    GitRepository git = workspace.git();
    try (BlobReader blobs = git.blobReader()) {
      BuildTree tree = BuildTree.at(git, blobs, tip);
      SystemCatalog at = workspace.catalogOf(tree);
      return base == null
          ? at
          : CatalogResolver.union(at, workspace.catalogOf(BuildTree.at(git, blobs, base), tree));
    }
  }

  /**
   * The systems of a range as {@code git log} takes it ({@code A..B}, {@code A...B}, {@code A..}
   * for A..HEAD, or one revision for its whole history): those of its end commit's build files,
   * with those of its start's for modules removed in between.
   */
  public SystemCatalog systemsOfRange(String range) {
    try {
      return systemsOfRangeEnds(range);
    } catch (ChangeTrailException e) {
      if (e.problem() != Problem.UNKNOWN_REVISION) {
        throw e;
      }
      throw new ChangeTrailException(
          Problem.UNKNOWN_REVISION, e.getMessage() + " in the range '" + range + "'", e.hint());
    }
  }

  private SystemCatalog systemsOfRangeEnds(String range) {
    GitRepository git = workspace.git();
    String separator = range.contains("...") ? "..." : range.contains("..") ? ".." : null;
    if (separator == null) {
      return systemsAt(git.resolveCommit(range), null);
    }
    int at = range.indexOf(separator);
    String from = range.substring(0, at);
    String to = range.substring(at + separator.length());
    String tip = git.resolveCommit(to.isEmpty() ? "HEAD" : to);
    if (from.isEmpty()) {
      return systemsAt(tip, null);
    }
    String base = git.resolveCommit(from);
    return systemsAt(tip, separator.equals("...") ? git.mergeBaseOf(base, tip) : base);
  }

  /** The change's features against the history before it (for the calibrated model). */
  private ChangeFeatures history(ChangeSet change) {
    GitRepository git = workspace.git();
    ChangeHistory history = new ChangeHistory(git);
    List<CommitInfo> commits = change.commits();
    if (commits.isEmpty()) {
      String name = git.config("user.name").orElse("");
      String email = git.config("user.email").orElse("");
      return history.features(change, git.hasCommits() ? "HEAD" : null, name, email, Instant.now());
    }
    CommitInfo first = commits.get(0);
    CommitInfo last = commits.get(commits.size() - 1);
    String base = first.parents().isEmpty() ? null : first.parents().get(0);
    return history.features(
        change, base, last.authorName(), last.authorEmail(), last.authorTime().toInstant());
  }

  /**
   * Assesses every commit of a range on its own, newest first, handing each assessment to {@code
   * sink} as soon as it is made. Each commit is assessed against the systems its own build files
   * (and its first parent's) describe: the tree of a parent is derived from its child's and the
   * child's diff, so git lists a tree only where a line of history starts. With a calibrated risk
   * model, each commit is scored by it against the history before that commit, as {@link #execute}
   * does for one.
   *
   * @param limit at most this many commits; 0 for all
   */
  public void eachCommit(String range, int limit, Consumer<Assessment> sink) {
    eachCommit(
        range,
        limit,
        sink,
        skipped -> {
          throw new ChangeTrailException(
              Problem.GIT_FAILED,
              "commit " + skipped.sha() + " cannot be read: " + skipped.reason(),
              skipped.hint());
        });
  }

  /**
   * As {@link #eachCommit(String, int, Consumer)}, handing the commits that cannot be assessed
   * (parent not in a shallow clone, an object missing) to {@code skipped} and carrying on.
   */
  public void eachCommit(
      String range, int limit, Consumer<Assessment> sink, Consumer<Skipped> skipped) {
    GitRepository git = workspace.git();
    // the calibrated model, as a single assessment uses it: each commit against its own past
    Optional<LearnedModel> model =
        RiskModelFile.readIfPresent(RiskModelFile.defaultPath(git.root()));
    Map<String, BuildTree> parents = new HashMap<>();
    Map<SystemCatalog, Assessor> assessors = new IdentityHashMap<>();
    // this thread reads git's output and the build; a second one assesses and hands on, in order
    try (BlobReader blobs = git.blobReader();
        InOrder second = new InOrder(4)) {
      git.eachCommit(
          range,
          limit,
          (change, ids) -> {
            CommitInfo commit = change.commits().get(0);
            BuildTree tree = parents.remove(commit.sha());
            if (tree == null && !commit.parents().isEmpty()) {
              // a side branch: from its parent's tree when that is known, forward
              BuildTree parent = parents.get(commit.parents().get(0));
              if (parent != null) {
                tree = parent.after(change.files(), ids);
              }
            }
            if (tree == null) {
              tree = BuildTree.at(git, blobs, commit.sha());
            }
            SystemCatalog systems = workspace.catalogOf(tree);
            if (!commit.parents().isEmpty()) {
              String parent = commit.parents().get(0);
              BuildTree before = tree.before(change.files(), ids);
              parents.putIfAbsent(parent, before);
              systems = CatalogResolver.union(systems, workspace.catalogOf(before, tree));
            }
            if (assessors.size() > 256) {
              assessors.clear();
            }
            Assessor assessor =
                assessors.computeIfAbsent(systems, s -> new Assessor(workspace.policy(s)));
            if (model.isEmpty()) {
              second.run(() -> sink.accept(assessor.assess(change)));
            } else {
              ChangeFeatures features = history(change);
              second.run(
                  () -> sink.accept(assessor.assess(change, model.get().forChange(features))));
            }
          },
          s -> {
            Skipped skip =
                new Skipped(s.sha(), s.reason(), s.hint(), s.reason().startsWith("object "));
            second.run(() -> skipped.accept(skip));
          });
      second.finish();
    }
  }

  /**
   * Runs tasks on a thread of its own in the order they are given, handed over in batches (so that
   * neither thread is woken for every task: on a loaded machine each wake-up waits for a time
   * slice), at most {@code capacity} batches waiting: the first failure stops the rest and is
   * thrown to the giving thread (at its next batch, or at {@link #finish}). Closing without
   * finishing runs what was given, then stops.
   */
  private static final class InOrder implements AutoCloseable {
    private static final int BATCH = 32;
    private static final List<Runnable> END = List.of();
    private final java.util.concurrent.BlockingQueue<List<Runnable>> batches;
    private final Thread thread;
    private volatile Throwable failure;
    private List<Runnable> pending = new java.util.ArrayList<>(BATCH);
    private boolean ended;

    InOrder(int capacity) {
      this.batches = new java.util.concurrent.ArrayBlockingQueue<>(capacity);
      this.thread = new Thread(this::work, "assess");
      thread.setDaemon(true);
      thread.start();
    }

    private void work() {
      while (true) {
        List<Runnable> batch;
        try {
          batch = batches.take();
        } catch (InterruptedException e) {
          return;
        }
        if (batch == END) {
          return;
        }
        for (Runnable task : batch) {
          if (failure != null) {
            break; // drained, so the giver never waits on a full queue
          }
          try {
            task.run();
          } catch (Throwable t) {
            failure = t;
          }
        }
      }
    }

    void run(Runnable task) {
      pending.add(task);
      if (pending.size() >= BATCH) {
        rethrow();
        handOver();
      }
    }

    private void handOver() {
      if (!pending.isEmpty()) {
        put(pending);
        pending = new java.util.ArrayList<>(BATCH);
      }
    }

    /** Waits until every task given has run; throws the first failure. */
    void finish() {
      end();
      rethrow();
    }

    private void end() {
      if (!ended) {
        ended = true;
        handOver();
        put(END);
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while assessing", "");
        }
      }
    }

    private void put(List<Runnable> batch) {
      try {
        batches.put(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while assessing", "");
      }
    }

    private void rethrow() {
      Throwable t = failure;
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }

    @Override
    public void close() {
      end();
    }
  }

  private ChangeSet read(Request request) {
    return switch (request.source()) {
      case STAGED -> workspace.git().staged();
      case WORKING_TREE -> workspace.git().workingTree();
      case COMMIT -> workspace.git().commit(required(request.revision(), "--commit"));
      case RANGE -> workspace.git().range(required(request.revision(), "--range"));
      case BRANCH -> workspace.git().branch(workspace.defaultBranch());
    };
  }

  private static String required(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, option + " needs a value", "e.g. " + option + " HEAD");
    }
    return value;
  }
}
