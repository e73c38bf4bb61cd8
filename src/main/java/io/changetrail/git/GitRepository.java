package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.ChangeSet;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.FileChange;
import io.changetrail.domain.change.FileStatus;
import io.changetrail.domain.change.RevisionRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A git work tree, read through the git command line: diffs, history and files. The command line
 * streams whole-history output far faster than a Java implementation (see DESIGN.md section 4), and
 * git is a prerequisite anyway.
 */
public final class GitRepository {
  private static final List<String> DIFF_OPTIONS =
      List.of("--raw", "--numstat", "-z", "-M", "--no-ext-diff", "--no-textconv");

  private static GitArgs git(String subcommand, String... flags) {
    return GitArgs.git(subcommand, flags);
  }

  private final Path root;
  private final Path gitDir;
  private final GitProcess git;

  private GitRepository(Path root, Path gitDir, GitProcess git) {
    this.root = root;
    this.gitDir = gitDir;
    this.git = git;
  }

  /** Opens the work tree that contains {@code directory}. */
  public static GitRepository open(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new ChangeTrailException(
          Problem.NOT_A_REPOSITORY,
          dir + " is not a directory",
          "run ChangeTrail inside a git repository, or point -C at one");
    }
    GitProcess probe = new GitProcess(dir, Map.of());
    GitProcess.Result result = probe.run(git("rev-parse", "--show-toplevel", "--absolute-git-dir"));
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.NOT_A_REPOSITORY,
          dir + " is not inside a git work tree (" + firstLine(result.stderr()) + ")",
          "run ChangeTrail inside a git repository, or create one with 'git init'");
    }
    List<String> lines = result.text().lines().toList();
    Path root = Path.of(lines.get(0));
    return new GitRepository(root, Path.of(lines.get(1)), new GitProcess(root, Map.of()));
  }

  /** Creates a new repository in {@code directory} with {@code branch} as its first branch. */
  public static GitRepository init(Path directory, String branch) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot create " + directory + ": " + e.getMessage(), "");
    }
    GitProcess process = new GitProcess(directory, Map.of());
    check(process.run(git("init", "-q").flag("-b", branch)), "git init");
    return open(directory);
  }

  public Path root() {
    return root;
  }

  public Path gitDir() {
    return gitDir;
  }

  /** Whether HEAD points at a commit (false in a repository with no commits yet). */
  public boolean hasCommits() {
    return git.run(git("rev-parse", "-q", "--verify", "HEAD^{commit}")).ok();
  }

  /** The changes staged in the index, against HEAD (against nothing before the first commit). */
  public ChangeSet staged() {
    GitArgs args = git("diff", "--cached").flags(DIFF_OPTIONS).paths();
    List<String> notes = new ArrayList<>();
    if (!hasCommits()) {
      notes.add("no commit yet: the staged files are assessed as the first commit");
    }
    DiffOutputParser parser = new DiffOutputParser();
    List<FileChange> files = parseDiff(parser, args);
    if (files.isEmpty()) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "nothing is staged",
          "stage the change with 'git add', or assess --working-tree, --commit SHA, --range A..B"
              + " or --branch");
    }
    addPathNotes(parser, notes);
    return new ChangeSet("staged changes", files, List.of(), "", notes);
  }

  /**
   * Everything not yet committed: staged and unstaged changes to tracked files, and untracked files
   * that are not ignored.
   */
  public ChangeSet workingTree() {
    boolean hasHead = hasCommits();
    GitArgs args = git("diff").flags(DIFF_OPTIONS);
    if (hasHead) {
      args.revision("HEAD");
    } else {
      args.flags("--cached");
    }
    args.paths();
    DiffOutputParser parser = new DiffOutputParser();
    List<FileChange> files = new ArrayList<>(parseDiff(parser, args));
    files.addAll(untrackedFiles());
    if (files.isEmpty()) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "the working tree has no changes",
          "edit some files first, or assess --commit SHA, --range A..B or --branch");
    }
    List<String> notes = new ArrayList<>();
    addPathNotes(parser, notes);
    return new ChangeSet("working tree", files, List.of(), "", notes);
  }

  /** One commit, diffed against its first parent. */
  public ChangeSet commit(String revision) {
    requireCommits();
    List<DiffOutputParser.CommitDiff> diffs = new ArrayList<>();
    DiffOutputParser parser = new DiffOutputParser();
    GitArgs args =
        git("log", "-1", "--diff-merges=first-parent", DiffOutputParser.LOG_FORMAT)
            .flags(DIFF_OPTIONS)
            .revision(revision)
            .paths();
    streamLog(parser, args, diffs::add, revision);
    if (diffs.isEmpty()) {
      throw unknownRevision(revision, "");
    }
    DiffOutputParser.CommitDiff diff = diffs.get(0);
    if (shallowBoundary().contains(diff.commit().sha())) {
      throw new ChangeTrailException(
          Problem.UNKNOWN_REVISION,
          "commit "
              + diff.commit().shortSha()
              + "'s parent is not in this shallow clone, so its diff cannot be computed"
              + " (it is not a root commit)",
          "fetch its parent with 'git fetch --deepen=1'; in CI, check out with fetch-depth 2"
              + " for --commit, 0 (full history) for --range and --branch");
    }
    List<String> notes = new ArrayList<>();
    addShallowNote(notes);
    if (diff.commit().isMerge()) {
      notes.add("merge commit: assessed against its first parent");
    }
    addPathNotes(parser, notes);
    return new ChangeSet(
        "commit " + diff.commit().shortSha(),
        diff.files(),
        List.of(diff.commit()),
        diff.commit().message(),
        notes);
  }

  /**
   * The combined diff of a range {@code A..B} (or {@code A...B}, from their merge base) with the
   * commits it contains.
   */
  public ChangeSet range(String range) {
    requireCommits();
    String[] ends = rangeEnds(range);
    String from = ends[0];
    String to = ends[1];
    List<CommitInfo> commits = commitsIn(span(from, to));
    if (commits.isEmpty()) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "the range " + range + " contains no commits",
          "check the order: A..B means the commits reachable from B but not from A");
    }
    return combined("range " + range, from, to, commits);
  }

  /** {@code from..to}, or {@code to} alone when {@code from} is the empty tree (no base). */
  private String span(String from, String to) {
    return from.equals(emptyTree()) ? to : from + ".." + to;
  }

  private String emptyTree;

  /**
   * The id of the empty tree in this repository's object format: the base of a range that is a
   * revision with its whole history.
   */
  public String emptyTree() {
    if (emptyTree == null) {
      GitProcess.Result result = git.run(git("rev-parse", "--show-object-format"));
      emptyTree =
          result.ok() && result.text().strip().equals("sha256")
              ? "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321"
              : "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    }
    return emptyTree;
  }

  /** The current branch since it left the default branch: merge base to HEAD. */
  public ChangeSet branch(String defaultBranch) {
    requireCommits();
    String base = mergeBase(defaultBranch, "HEAD");
    List<CommitInfo> commits = commitsIn(base + "..HEAD");
    if (commits.isEmpty()) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "HEAD has no commits that are not on " + defaultBranch,
          "commit on a feature branch first, or assess --staged, --commit or --range");
    }
    String name = currentBranch().orElse("HEAD");
    return combined(
        "branch " + name + " (" + commits.size() + " commit(s) since " + defaultBranch + ")",
        base,
        "HEAD",
        commits);
  }

  /**
   * Every commit of a range (each against its first parent), newest first, handed to {@code sink}
   * as git produces them; a commit that cannot be assessed fails the stream.
   */
  public void eachCommit(String range, int limit, Consumer<ChangeSet> sink) {
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

  /** A commit of a stream that could not be assessed, and why. */
  public record Skipped(String sha, String reason, String hint) {}

  /**
   * Every commit of a range (each against its first parent), newest first, handed to {@code sink}
   * as git produces them. A commit whose parent is not in a shallow clone, or whose diff needs an
   * object the repository lacks (a partial or damaged clone), goes to {@code skipped} instead and
   * the stream carries on with the next commit.
   */
  public void eachCommit(
      String given, int limit, Consumer<ChangeSet> sink, Consumer<Skipped> skipped) {
    eachCommit(given, limit, (change, ids) -> sink.accept(change), skipped);
  }

  /**
   * As {@link #eachCommit(String, int, Consumer, Consumer)}, with the blob ids of each commit's
   * files before and after its diff (from the same {@code git log}: no object is looked up).
   */
  public void eachCommit(
      String given,
      int limit,
      java.util.function.BiConsumer<ChangeSet, BlobIds> sink,
      Consumer<Skipped> skipped) {
    requireCommits();
    String range = logRange(given);
    java.util.Set<String> boundary = shallowBoundary();
    List<String> notes = new ArrayList<>();
    addShallowNote(notes);
    int offset = 0; // commits of the walk already handed on or skipped
    for (int attempt = 0; ; attempt++) {
      int remaining = limit > 0 ? limit - offset : 0;
      if (limit > 0 && remaining <= 0) {
        return;
      }
      GitArgs args = git("log", "--diff-merges=first-parent");
      if (remaining > 0) {
        args.flag("-n", Integer.toString(remaining));
      }
      if (offset > 0) {
        args.flags("--skip=" + offset);
      }
      args.flags(DiffOutputParser.LOG_FORMAT)
          .flags(DIFF_OPTIONS)
          .flags("--no-abbrev")
          .revision(range)
          .paths();
      DiffOutputParser parser = new DiffOutputParser();
      // one behind: a commit is handed on once the next one starts (or git ends well), so the
      // commit git was printing when it failed is never handed on half-read
      DiffOutputParser.CommitDiff[] held = {null};
      int[] done = {0};
      Consumer<DiffOutputParser.CommitDiff> deliver =
          diff -> {
            done[0]++;
            if (boundary.contains(diff.commit().sha())) {
              skipped.accept(
                  new Skipped(
                      diff.commit().sha(),
                      "its parent is not in this shallow clone, so its diff cannot be computed",
                      "fetch more history: 'git fetch --deepen=N' or 'git fetch --unshallow'"));
              return;
            }
            List<String> commitNotes = new ArrayList<>(notes);
            if (diff.commit().isMerge()) {
              commitNotes.add("merge commit: assessed against its first parent");
            }
            addPathNotes(parser, commitNotes);
            sink.accept(
                new ChangeSet(
                    "commit " + diff.commit().shortSha(),
                    diff.files(),
                    List.of(diff.commit()),
                    diff.commit().message(),
                    commitNotes),
                diff.ids());
          };
      String[] failure = {null};
      ChangeTrailException stopped = new ChangeTrailException(Problem.GIT_FAILED, "git log", "");
      try {
        git.stream(
            args,
            in -> {
              parser.parseLog(
                  in,
                  diff -> {
                    if (held[0] != null) {
                      deliver.accept(held[0]);
                    }
                    held[0] = diff;
                  });
              return null;
            },
            failed -> {
              failure[0] = failed.stderr();
              return stopped;
            });
      } catch (ChangeTrailException e) {
        if (e != stopped) {
          throw e;
        }
      }
      if (failure[0] == null) {
        if (held[0] != null) {
          deliver.accept(held[0]);
        }
        return;
      }
      String missing = missingObject(failure[0]);
      if (missing == null || attempt > 10_000) {
        throw unknownRevision(range, failure[0]);
      }
      offset += done[0];
      String failing = nthCommit(range, offset);
      if (failing == null) {
        throw unknownRevision(range, failure[0]);
      }
      if (held[0] != null && !held[0].commit().sha().equals(failing)) {
        // git failed after printing this commit whole: it is good
        deliver.accept(held[0]);
        offset++;
        failing = nthCommit(range, offset);
        if (failing == null) {
          return;
        }
      }
      skipped.accept(
          new Skipped(
              failing,
              "object " + missing + " is missing from the repository",
              "a partial or damaged clone: fetch the object ('git fetch --refetch', or clone"
                  + " without --filter) and assess this commit again"));
      offset++;
    }
  }

  private static final Pattern MISSING_OBJECT =
      Pattern.compile(
          "(?:unable to read|missing (?:blob|tree|object)|bad object|could not read|"
              + "did not receive expected object) ([0-9a-f]{7,64})");

  /** The object a failed git command says it lacks, if that is why it failed. */
  private static String missingObject(String stderr) {
    java.util.regex.Matcher matcher = MISSING_OBJECT.matcher(stderr == null ? "" : stderr);
    return matcher.find() ? matcher.group(1) : null;
  }

  /** The SHA of the commit at {@code index} (from 0) of a walk of {@code range}, if any. */
  private String nthCommit(String range, int index) {
    GitArgs args = git("log", "-n", "1", "--format=%H", "--skip=" + index).revision(range).paths();
    GitProcess.Result result = git.run(args);
    return result.ok() && !result.text().isBlank() ? result.text().strip() : null;
  }

  /**
   * The commits of a shallow clone whose parents were not fetched (from the {@code shallow} file of
   * the git directory); empty for a complete clone.
   */
  public java.util.Set<String> shallowBoundary() {
    if (boundary == null) {
      java.util.Set<String> out = new java.util.HashSet<>();
      Path file = gitPath("shallow");
      if (Files.isRegularFile(file)) {
        try {
          for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
              out.add(line.strip());
            }
          }
        } catch (IOException e) {
          // unreadable: treated as not shallow, as git itself would fail on it first
        }
      }
      boundary = java.util.Set.copyOf(out);
    }
    return boundary;
  }

  private java.util.Set<String> boundary;

  /** Whether this is a shallow clone (history cut at some commits whose parents are missing). */
  public boolean isShallow() {
    return !shallowBoundary().isEmpty();
  }

  private void addShallowNote(List<String> notes) {
    if (isShallow()) {
      notes.add(
          "shallow clone: history stops at "
              + shallowBoundary().size()
              + " commit(s) whose parents were not fetched; build files, diffs and commits"
              + " before them are not seen (CI: fetch-depth 0)");
    }
  }

  /**
   * Every non-merge commit reachable from {@code revision} (touching {@code paths}, or all when
   * empty), oldest first, with its files, from one streaming {@code git log}. A copy that lacks an
   * object (a partial clone) does not stop the walk: the commit whose content is missing is given
   * with its files but no line counts, and the walk resumes after it.
   *
   * @return the SHAs of the commits whose line counts are unknown because an object is missing
   */
  public List<String> history(String revision, List<String> paths, Consumer<ChangeSet> sink) {
    requireCommits();
    Set<String> seen = new HashSet<>();
    List<String> excluded = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    while (true) {
      GitArgs args =
          git("log", "--reverse", "--no-merges", "--topo-order", DiffOutputParser.LOG_FORMAT)
              .flags(DIFF_OPTIONS)
              .revision(revision);
      excluded.forEach(sha -> args.revision("^" + sha));
      args.paths(paths);
      DiffOutputParser parser = new DiffOutputParser();
      try {
        git.stream(
            args,
            in -> {
              parser.parseLog(
                  in,
                  diff -> {
                    if (seen.add(diff.commit().sha())) {
                      sink.accept(historyChange(diff));
                    }
                  });
              return null;
            },
            MissingObject::new);
        return incomplete;
      } catch (MissingObject missing) {
        if (!missing.objectMissing() || incomplete.size() > 100) {
          throw unknownRevision(revision, missing.stderr);
        }
        String failing = nextUnseen(revision, excluded, paths, seen);
        if (failing == null) {
          return incomplete;
        }
        GitArgs raw =
            git("log", "-1", "--no-renames", "--raw", "-z", DiffOutputParser.LOG_FORMAT)
                .revision(failing)
                .paths();
        git.stream(
            raw,
            in -> {
              new DiffOutputParser()
                  .parseLog(
                      in,
                      diff -> {
                        if (seen.add(diff.commit().sha())) {
                          sink.accept(historyChange(diff));
                        }
                      });
              return null;
            },
            result -> unknownRevision(failing, result.stderr()));
        seen.add(failing);
        incomplete.add(failing);
        excluded.add(failing);
      }
    }
  }

  private static ChangeSet historyChange(DiffOutputParser.CommitDiff diff) {
    return new ChangeSet(
        "commit " + diff.commit().shortSha(),
        diff.files(),
        List.of(diff.commit()),
        diff.commit().message(),
        List.of());
  }

  private String nextUnseen(
      String revision, List<String> excluded, List<String> paths, Set<String> seen) {
    GitArgs args = git("rev-list", "--reverse", "--no-merges", "--topo-order").revision(revision);
    excluded.forEach(sha -> args.revision("^" + sha));
    args.paths(paths);
    GitProcess.Result result = check(git.run(args), "git rev-list");
    for (String sha : result.text().split("\n")) {
      String s = sha.strip();
      if (!s.isEmpty() && !seen.contains(s)) {
        return s;
      }
    }
    return null;
  }

  /** git could not read an object the walk needed (or failed otherwise). */
  private static final class MissingObject extends ChangeTrailException {
    final String stderr;

    MissingObject(GitProcess.Result result) {
      super(Problem.GIT_FAILED, "object missing: " + firstLine(result.stderr()), "");
      this.stderr = result.stderr();
    }

    boolean objectMissing() {
      return stderr.contains("unable to read")
          || stderr.contains("missing blob")
          || stderr.contains("bad object")
          || stderr.contains("does not exist");
    }
  }

  /**
   * The branch changes are measured against: origin's HEAD when known, else {@code main} or {@code
   * master}, else git's {@code init.defaultBranch}.
   */
  public String defaultBranch() {
    GitProcess.Result remoteHead =
        git.run(git("symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"));
    if (remoteHead.ok() && !remoteHead.text().isBlank()) {
      return remoteHead.text().strip();
    }
    for (String candidate : List.of("main", "master")) {
      if (git.run(git("rev-parse", "-q", "--verify").revision("refs/heads/" + candidate)).ok()) {
        return candidate;
      }
    }
    GitProcess.Result configured = git.run(git("config", "init.defaultBranch"));
    return configured.ok() && !configured.text().isBlank() ? configured.text().strip() : "main";
  }

  /** What one {@link #fetch} did: git's own summary lines (refs updated, pruned). */
  public record Fetched(List<String> updates) {}

  /**
   * {@code git fetch --prune} of {@code remote} (a configured remote name), with {@code refspecs}
   * or, when none are given, the remote's configured ones. Both are values from configuration: they
   * go after {@code --end-of-options} and are refused when they start with {@code -}. Never prompts
   * for credentials.
   */
  public Fetched fetch(String remote, List<String> refspecs) {
    GitArgs args =
        git("fetch", "--prune", "--no-write-fetch-head").revision(remote).revisions(refspecs);
    GitProcess.Result result = git.run(args);
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          "git fetch " + remote + " failed: " + firstLine(result.stderr()),
          "check that the remote '" + remote + "' exists in the server's clone and is reachable");
    }
    // git 2.39 has no --porcelain for fetch: its summary is on stderr, one line per ref
    return new Fetched(
        result.stderr().lines().filter(l -> l.startsWith(" ")).map(String::strip).toList());
  }

  public Optional<String> currentBranch() {
    GitProcess.Result result = git.run(git("symbolic-ref", "-q", "--short", "HEAD"));
    return result.ok() ? Optional.of(result.text().strip()) : Optional.empty();
  }

  /** Every tracked file, as paths relative to the root. */
  public List<String> trackedFiles() {
    GitProcess.Result result = check(git.run(git("ls-files", "-z")), "git ls-files");
    return splitNul(result.stdout());
  }

  /** Every file in the tree of {@code commit}, as paths relative to the root. */
  public List<String> treeFiles(String commit) {
    GitProcess.Result result =
        git.run(git("ls-tree", "-r", "-z", "--name-only", "--full-tree").revision(commit));
    if (!result.ok()) {
      throw unknownRevision(commit, result.stderr());
    }
    return splitNul(result.stdout());
  }

  /** Reads files of any commit through one {@code git cat-file --batch} process; close it. */
  public BlobReader blobReader() {
    return new BlobReader(git);
  }

  /**
   * The two commits a range {@code A..B} (or {@code A...B}) compares, as full SHAs: A (for {@code
   * ...}, the merge base) and B.
   */
  public String[] rangeEnds(String range) {
    requireCommits();
    RevisionRange parsed = RevisionRange.parse(range);
    String to = resolve(parsed.to());
    String from =
        parsed.wholeHistory() || parsed.from().equals(emptyTree())
            ? emptyTree()
            : parsed.mergeBase() ? mergeBase(parsed.from(), to) : resolve(parsed.from());
    return new String[] {from, to};
  }

  /**
   * A range of the one grammar ({@link RevisionRange}) as {@code git log} is to read it: {@code
   * A...B} is B since it left A (git log would take both sides), the others as they are.
   */
  public String logRange(String range) {
    RevisionRange parsed = RevisionRange.parse(range);
    if (parsed.mergeBase()) {
      return mergeBase(parsed.from(), parsed.to()) + ".." + parsed.to();
    }
    return parsed.from().equals(emptyTree()) ? parsed.to() : parsed.text();
  }

  /** The content of a file of the work tree, if it exists and is readable. */
  public Optional<String> readFile(String path) {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** Stages every change of the work tree. */
  public void stageAll() {
    check(git.run(git("add", "-A")), "git add");
  }

  /** Stages the given paths. */
  public void stage(List<String> paths) {
    check(git.run(git("add").paths(paths)), "git add");
  }

  /** Commits what is staged as {@code author} at {@code isoTime}, and returns the new SHA. */
  public String commit(String message, String authorName, String authorEmail, String isoTime) {
    Map<String, String> env =
        Map.of(
            "GIT_AUTHOR_NAME", authorName,
            "GIT_AUTHOR_EMAIL", authorEmail,
            "GIT_AUTHOR_DATE", isoTime,
            "GIT_COMMITTER_NAME", authorName,
            "GIT_COMMITTER_EMAIL", authorEmail,
            "GIT_COMMITTER_DATE", isoTime);
    check(
        git.run(git("commit", "-q", "--no-verify", "--no-gpg-sign").flag("-m", message), env),
        "git commit");
    return check(git.run(git("rev-parse", "HEAD")), "git rev-parse").text().strip();
  }

  /** The value of a git configuration key, as git resolves it for this repository. */
  public Optional<String> config(String key) {
    GitProcess.Result result = git.run(git("config", "--get").operand(key));
    return result.ok() ? Optional.of(result.text().strip()) : Optional.empty();
  }

  /** Sets a configuration key in this repository's own config file. */
  public void setConfig(String key, String value) {
    check(git.run(git("config", "--local").operand(key).operand(value)), "git config");
  }

  /** Removes a configuration key from this repository's own config file, if it is there. */
  public void unsetConfig(String key) {
    git.run(git("config", "--local", "--unset").operand(key));
  }

  /**
   * A path inside the git directory as git resolves it ({@code hooks} honours {@code
   * core.hooksPath}; worktrees share the common directory).
   */
  public Path gitPath(String name) {
    String path =
        check(git.run(git("rev-parse").flag("--git-path", name)), "git rev-parse").text().strip();
    return root.resolve(path).normalize();
  }

  /**
   * Commits what is staged with the message in {@code messageFile}, kept as written apart from
   * surrounding whitespace; runs the repository's hooks. Returns the new commit's SHA.
   */
  public String commitFile(Path messageFile) {
    GitProcess.Result result =
        git.run(
            git("commit", "-q", "--cleanup=whitespace")
                .flag("-F", messageFile.toAbsolutePath().toString()));
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          "git commit failed: " + firstLine(result.stderr()),
          "the message is kept in " + messageFile);
    }
    return check(git.run(git("rev-parse", "HEAD")), "git rev-parse").text().strip();
  }

  /** The editor git would start (GIT_EDITOR, core.editor, VISUAL, EDITOR, else vi). */
  public String editor() {
    GitProcess.Result result = git.run(git("var", "GIT_EDITOR"));
    return result.ok() && !result.text().isBlank() ? result.text().strip() : "vi";
  }

  /** The hooks folder git uses for this repository. */
  public GitHooks hooks() {
    return new GitHooks(gitPath("hooks"));
  }

  /** The commit history, streamed from {@code git log}. */
  public CommitLog log() {
    return new CommitLog(git, gitDir);
  }

  /** Which commit last shaped each line of a file, through {@code git blame}. */
  public FixDiffs fixDiffs() {
    return new FixDiffs(git);
  }

  public GitBlame blame() {
    return new GitBlame(root, git);
  }

  /** Creates and checks out a branch at HEAD. */
  public void checkoutNewBranch(String branch) {
    check(
        git.run(git("checkout", "-q").flag("-b", GitArgs.checkedRevision(branch))), "git checkout");
  }

  public void checkout(String branch) {
    check(
        git.run(git("checkout", "-q").withoutEndOfOptionsMarker().revision(branch).paths()),
        "git checkout");
  }

  private ChangeSet combined(String label, String from, String to, List<CommitInfo> commits) {
    GitArgs args = git("diff").flags(DIFF_OPTIONS).revision(from).revision(to).paths();
    DiffOutputParser parser = new DiffOutputParser();
    List<FileChange> files = parseDiff(parser, args);
    StringBuilder description = new StringBuilder();
    for (CommitInfo commit : commits) {
      if (description.length() > 0) {
        description.append("\n\n");
      }
      description.append(commit.message());
    }
    List<String> notes = new ArrayList<>();
    addShallowNote(notes);
    addPathNotes(parser, notes);
    return new ChangeSet(label, files, commits, description.toString(), notes);
  }

  private List<CommitInfo> commitsIn(String range) {
    List<CommitInfo> commits = new ArrayList<>();
    GitArgs args =
        git("log", "--reverse", "--no-patch", DiffOutputParser.LOG_FORMAT, "-z")
            .revision(range)
            .paths();
    streamLog(new DiffOutputParser(), args, diff -> commits.add(diff.commit()), range);
    return commits;
  }

  private String mergeBase(String a, String b) {
    resolve(a);
    resolve(b);
    GitProcess.Result result = git.run(git("merge-base").revision(a).revision(b));
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.UNKNOWN_REVISION,
          a + " and " + b + " have no common ancestor",
          "assess an explicit --range instead");
    }
    return result.text().strip();
  }

  private String resolve(String revision) {
    GitProcess.Result result =
        git.run(git("rev-parse", "-q", "--verify").revision(revision + "^{commit}"));
    if (!result.ok()) {
      throw unknownRevision(revision, result.stderr());
    }
    return result.text().strip();
  }

  private void requireCommits() {
    if (!hasCommits()) {
      throw new ChangeTrailException(
          Problem.NO_COMMITS,
          "the repository at " + root + " has no commits yet",
          "commit something first, or assess the staged change (the default)");
    }
  }

  private List<FileChange> parseDiff(DiffOutputParser parser, GitArgs args) {
    return git.stream(
        args,
        parser::parseDiff,
        failed ->
            new ChangeTrailException(
                Problem.GIT_FAILED, "git diff failed: " + firstLine(failed.stderr()), ""));
  }

  private void streamLog(
      DiffOutputParser parser,
      GitArgs args,
      Consumer<DiffOutputParser.CommitDiff> sink,
      String revision) {
    git.stream(
        args,
        in -> {
          parser.parseLog(in, sink);
          return null;
        },
        failed -> unknownRevision(revision, failed.stderr()));
  }

  private List<FileChange> untrackedFiles() {
    GitProcess.Result result =
        check(git.run(git("ls-files", "-z", "--others", "--exclude-standard")), "git ls-files");
    List<FileChange> files = new ArrayList<>();
    for (String path : splitNul(result.stdout())) {
      Path file = root.resolve(path);
      int lines = 0;
      boolean binary = false;
      try (InputStream in = Files.newInputStream(file)) {
        byte[] content = in.readAllBytes();
        for (int i = 0; i < content.length; i++) {
          if (content[i] == 0 && i < 8000) {
            binary = true;
            break;
          }
          if (content[i] == '\n') {
            lines++;
          }
        }
        if (!binary && content.length > 0 && content[content.length - 1] != '\n') {
          lines++;
        }
      } catch (IOException e) {
        // unreadable: still listed, with no line count
      }
      files.add(new FileChange(path, null, FileStatus.ADDED, binary ? 0 : lines, 0, binary, false));
    }
    return files;
  }

  private static void addPathNotes(DiffOutputParser parser, List<String> notes) {
    if (parser.invalidPaths() > 0) {
      notes.add(
          parser.invalidPaths()
              + " path(s) are not valid UTF-8: their undecodable bytes are shown as \\xNN");
    }
  }

  private static List<String> splitNul(byte[] bytes) {
    List<String> out = new ArrayList<>();
    PathDecoder decoder = new PathDecoder();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        if (i > start) {
          out.add(decoder.decode(bytes, start, i));
        }
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      out.add(decoder.decode(bytes, start, bytes.length));
    }
    return out;
  }

  private ChangeTrailException unknownRevision(String revision, String stderr) {
    String detail = firstLine(stderr);
    String missing = missingObject(stderr);
    if (missing != null) {
      return new ChangeTrailException(
          Problem.GIT_FAILED,
          "object "
              + missing
              + " is missing from the repository, so '"
              + revision
              + "' cannot be"
              + " read",
          "a partial or damaged clone: fetch the object ('git fetch --refetch', or clone without"
              + " --filter)");
    }
    if (isShallow()) {
      return new ChangeTrailException(
          Problem.UNKNOWN_REVISION,
          "unknown revision '"
              + revision
              + "' in this shallow clone"
              + (detail.isEmpty() ? "" : " (" + detail + ")"),
          "the clone stops at "
              + shallowBoundary().size()
              + " commit(s): fetch the history and the branch it names (e.g. 'git fetch"
              + " --unshallow origin main'); in CI, check out with fetch-depth 0");
    }
    return new ChangeTrailException(
        Problem.UNKNOWN_REVISION,
        "unknown revision '" + revision + "'" + (detail.isEmpty() ? "" : " (" + detail + ")"),
        "check the name with 'git log --oneline' or 'git branch -a'");
  }

  private static GitProcess.Result check(GitProcess.Result result, String what) {
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED, what + " failed: " + firstLine(result.stderr()), "");
    }
    return result;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("").strip();
  }

  /** The commits of a range {@code A..B}, oldest first (messages, authors and committers). */
  public List<CommitInfo> commits(String range) {
    requireCommits();
    RevisionRange parsed = RevisionRange.parse(range);
    return commitsIn(
        !parsed.mergeBase() && parsed.from().equals(emptyTree()) ? parsed.to() : range);
  }

  /** The full SHA of a revision; an unknown one is an error. */
  public String resolveCommit(String revision) {
    requireCommits();
    return resolve(revision);
  }

  /** The tree (the content) of a commit, when the clone has that commit. */
  public Optional<String> treeOf(String commit) {
    GitProcess.Result result =
        git.run(git("rev-parse", "-q", "--verify").revision(commit + "^{tree}"));
    return result.ok() ? Optional.of(result.text().strip()) : Optional.empty();
  }

  /** Whether {@code ancestor} is reachable from {@code descendant}. */
  public boolean isAncestor(String ancestor, String descendant) {
    return git.run(git("merge-base", "--is-ancestor").revision(ancestor).revision(descendant)).ok();
  }

  /** The merge base of two revisions. */
  public String mergeBaseOf(String a, String b) {
    return mergeBase(a, b);
  }

  /** The byte-exact diff between two commits: binary patches, full blob ids, no drivers. */
  private static GitArgs exactDiff(String from, String to) {
    return git("diff", "--binary", "--full-index", "--no-ext-diff", "--no-textconv")
        .revision(from)
        .revision(to)
        .paths();
  }

  /**
   * A digest of the exact content between two commits: SHA-256 of {@code git diff --binary
   * --full-index}, streamed. Two ranges with the same digest change the same bytes.
   */
  public String diffDigest(String from, String to) {
    return git.stream(
        exactDiff(from, to),
        in -> {
          try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
              sha.update(buffer, 0, read);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
        },
        failed -> unknownRevision(from + ".." + to, failed.stderr()));
  }

  /**
   * The diff between two commits as a reader sees it (unified, three lines of context, renames
   * found, no external drivers or colour), at most {@code maxBytes} of it: the rest is read and
   * dropped. {@code truncated} tells whether anything was dropped.
   */
  public Patch patch(String from, String to, int maxBytes) {
    GitArgs args =
        git("diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "--unified=3")
            .revision(from)
            .revision(to)
            .paths();
    return git.stream(
        args,
        in -> {
          java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
          byte[] buffer = new byte[1 << 16];
          boolean truncated = false;
          int read;
          while ((read = in.read(buffer)) > 0) {
            int room = maxBytes - kept.size();
            if (room > 0) {
              kept.write(buffer, 0, Math.min(room, read));
            }
            truncated |= read > room;
          }
          return new Patch(kept.toString(StandardCharsets.UTF_8), truncated);
        },
        failed -> unknownRevision(from + ".." + to, failed.stderr()));
  }

  /** A diff as text, and whether it was cut at the size asked for. */
  public record Patch(String text, boolean truncated) {}

  /**
   * The author time of each of these commits the repository has, by full SHA; commits it does not
   * have (never fetched, garbage-collected) and names that are not SHAs are left out. Reads them in
   * batches, one git process per batch, not one per commit.
   */
  public Map<String, Instant> authorTimes(Collection<String> shas) {
    List<String> wanted =
        shas.stream().filter(sha -> sha != null && SHA.matcher(sha).matches()).distinct().toList();
    Map<String, Instant> times = new HashMap<>();
    for (int start = 0; start < wanted.size(); start += AUTHOR_TIME_BATCH) {
      GitArgs args =
          git("log", "--no-walk=unsorted", "--ignore-missing", "--format=%H %at")
              .revisions(wanted.subList(start, Math.min(wanted.size(), start + AUTHOR_TIME_BATCH)))
              .paths();
      GitProcess.Result result = check(git.run(args), "git log");
      for (String line : result.text().lines().toList()) {
        int space = line.indexOf(' ');
        if (space > 0) {
          times.put(
              line.substring(0, space),
              Instant.ofEpochSecond(Long.parseLong(line.substring(space + 1).strip())));
        }
      }
    }
    return times;
  }

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40,64}");
  private static final int AUTHOR_TIME_BATCH = 500;

  /** The commits reachable from {@code to} but not from {@code from} (all when from is empty). */
  public List<String> revList(String from, String to) {
    GitArgs args =
        git("rev-list", "--reverse")
            .revision(
                from == null || from.isEmpty() || from.equals(emptyTree()) ? to : from + ".." + to)
            .paths();
    GitProcess.Result result = git.run(args);
    if (!result.ok()) {
      throw unknownRevision(to, result.stderr());
    }
    return result.text().lines().filter(l -> !l.isBlank()).toList();
  }

  /**
   * The content of {@code path} as it is in {@code commit} (a full SHA), if it is there: what was
   * committed, not what the work tree holds now.
   */
  public Optional<String> fileAt(String commit, String path) {
    if (!commit.matches("[0-9a-f]{40}([0-9a-f]{24})?") || path.startsWith("-")) {
      throw new IllegalArgumentException("not a commit id and path: " + commit + " " + path);
    }
    GitProcess.Result result = git.run(git("cat-file", "blob").revision(commit + ":" + path));
    return result.ok() ? Optional.of(result.text()) : Optional.empty();
  }

  /**
   * The identity of the change between two commits, as git's patch-id takes it: SHA-256 of {@code
   * git diff --binary --full-index} without its blob ids ({@code index} lines) and line numbers
   * (hunk headers). Commits rewritten with the same diff (amended messages, added trailers, a
   * rebase that did not touch the changed lines) keep it; any change to the diff changes it.
   */
  public String patchIdentity(String from, String to) {
    return git.stream(
        exactDiff(from, to),
        in -> {
          try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            java.io.BufferedReader lines =
                new java.io.BufferedReader(
                    new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String line;
            while ((line = lines.readLine()) != null) {
              if (line.startsWith("index ")) {
                continue;
              }
              if (line.startsWith("@@ ")) {
                int end = line.indexOf(" @@", 3);
                line = end < 0 ? "@@" : "@@" + line.substring(end + 3);
              }
              sha.update(line.getBytes(StandardCharsets.ISO_8859_1));
              sha.update((byte) '\n');
            }
            return "patch:" + java.util.HexFormat.of().formatHex(sha.digest());
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
        },
        failed -> unknownRevision(from + ".." + to, failed.stderr()));
  }
}
