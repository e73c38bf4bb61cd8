package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.change.CommitInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The history of a repository, streamed from one {@code git log} process: commits with their
 * messages and, when asked, the paths each one touches (a merge: against its first parent).
 */
public final class CommitLog {
  private static final String FORMAT = "--format=%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x00";
  private static final byte RECORD = 0x1e;

  private final GitProcess git;
  private final Path gitDir;

  CommitLog(GitProcess git) {
    this(git, null);
  }

  /**
   * @param gitDir where the paths of commits already listed are kept; null for nowhere
   */
  CommitLog(GitProcess git, Path gitDir) {
    this.git = git;
    this.gitDir = gitDir;
  }

  /** One commit of the log and the paths it touches (empty when paths were not asked for). */
  public record Entry(CommitInfo commit, List<String> paths) {
    public Entry {
      paths = List.copyOf(paths);
    }
  }

  /**
   * Streams the commits of {@code revisions} (a range {@code A..B}, or a revision and its
   * ancestors), newest first.
   *
   * @param withPaths whether to list the paths each commit touches
   * @param firstParent follow only the first parent of merges (the mainline)
   * @param pathspecs only commits touching these paths; empty for all
   */
  public void stream(
      String revisions,
      boolean withPaths,
      boolean firstParent,
      List<String> pathspecs,
      Consumer<Entry> sink) {
    if (withPaths && pathspecs.isEmpty() && gitDir != null) {
      streamWithKnownPaths(revisions, firstParent, sink);
      return;
    }
    GitArgs args = GitArgs.git("log", "-z", FORMAT);
    if (firstParent) {
      args.flags("--first-parent");
    }
    if (withPaths) {
      args.flags("--name-only", "--diff-merges=first-parent", "--no-renames");
    }
    args.revision(revisions).paths(pathspecs);
    git.stream(
        args,
        in -> {
          parse(in, sink);
          return null;
        },
        failed -> unknownRange(revisions, failed));
  }

  private static ChangeTrailException unknownRange(String revisions, GitProcess.Result failed) {
    return new ChangeTrailException(
        Problem.UNKNOWN_REVISION,
        "unknown revision or range '"
            + revisions
            + "' ("
            + failed.stderr().lines().findFirst().orElse("").strip()
            + ")",
        "check the names with 'git log --oneline' and 'git tag'; A..B means the commits"
            + " of B that are not in A");
  }

  /**
   * The commits from one {@code git log} without paths, their paths from the cache, and only the
   * commits it does not know listed by git (then kept): the same entries as {@code --name-only},
   * without a tree diff per commit on every run.
   */
  private void streamWithKnownPaths(String revisions, boolean firstParent, Consumer<Entry> sink) {
    CommitPathCache cache = CommitPathCache.open(gitDir);
    // commits are handed on as they come while the cache knows their paths; from the first one it
    // does not know, they wait (in order) for one git listing of the paths of all those missing
    List<CommitInfo> commits = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    GitArgs args = GitArgs.git("log", "-z", FORMAT);
    if (firstParent) {
      args.flags("--first-parent");
    }
    args.revision(revisions);
    git.stream(
        args,
        in -> {
          parse(
              in,
              entry -> {
                String[] known =
                    CommitPathCache.keeps(entry.commit()) ? cache.get(entry.commit().sha()) : null;
                if (known == null) {
                  missing.add(entry.commit().sha());
                }
                if (known != null && commits.isEmpty()) {
                  sink.accept(new Entry(entry.commit(), CommitPathCache.asList(known)));
                } else {
                  commits.add(entry.commit());
                }
              });
          return null;
        },
        failed -> unknownRange(revisions, failed));
    Map<String, List<String>> listed = missing.isEmpty() ? Map.of() : listPaths(missing);
    for (CommitInfo commit : commits) {
      String[] known = CommitPathCache.keeps(commit) ? cache.get(commit.sha()) : null;
      List<String> paths =
          known != null
              ? CommitPathCache.asList(known)
              : listed.getOrDefault(commit.sha(), List.of());
      if (known == null && CommitPathCache.keeps(commit) && CommitPathCache.fits(paths)) {
        cache.put(commit.sha(), paths);
      }
      sink.accept(new Entry(commit, paths));
    }
    cache.save();
  }

  /**
   * Streams the commits of {@code revisions} newest first, each with the paths it touches when
   * {@code needsPaths} says its use depends on them (else none): the paths from the cache, and git
   * lists only those it lacks, while the messages are read, on two processes when there are many.
   * In a repository whose cache is empty the listing starts before the messages are read.
   */
  public void streamWithPaths(
      String revisions,
      boolean firstParent,
      Predicate<CommitInfo> needsPaths,
      Consumer<Entry> sink) {
    if (gitDir == null) {
      stream(revisions, true, firstParent, List.of(), sink);
      return;
    }
    // nothing known yet: the whole range's non-merge commits, listed from now on
    CommitPathListing range =
        CommitPathCache.exists(gitDir)
            ? null
            : CommitPathListing.ofRange(git, revisions, firstParent);
    try {
      List<CommitInfo> commits = new ArrayList<>();
      GitArgs args = GitArgs.git("log", "-z", FORMAT);
      if (firstParent) {
        args.flags("--first-parent");
      }
      args.revision(revisions);
      git.stream(
          args,
          in -> {
            parse(in, entry -> commits.add(entry.commit()));
            return null;
          },
          failed -> unknownRange(revisions, failed));
      CommitPathCache cache = CommitPathCache.open(gitDir);
      // what each commit's paths come from: none needed, the cache, the range's listing, or one of
      // these commits listed by id (merges the range's listing leaves out, and what the cache
      // lacks)
      byte[] source = new byte[commits.size()];
      List<String>[] known = listOfLists(commits.size());
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < commits.size(); i++) {
        CommitInfo commit = commits.get(i);
        String[] cached =
            CommitPathCache.keeps(commit) && needsPaths.test(commit)
                ? cache.get(commit.sha())
                : null;
        if (!needsPaths.test(commit)) {
          source[i] = NONE;
        } else if (cached != null) {
          source[i] = CACHED;
          known[i] = CommitPathCache.asList(cached);
        } else if (range != null && !commit.isMerge()) {
          source[i] = RANGE;
        } else {
          source[i] = BY_ID;
          missing.add(commit.sha());
        }
      }
      CommitPathListing byId = missing.isEmpty() ? null : CommitPathListing.ofCommits(git, missing);
      // the cache learns what git lists once git is through, on a thread of its own while the
      // commits are handed on (the cache is its alone from here)
      Thread saver =
          new Thread(
              () -> {
                try {
                  if (range != null) {
                    range.awaitAll();
                  }
                  if (byId != null) {
                    byId.awaitAll();
                  }
                } catch (RuntimeException failed) {
                  return; // the commits' reader reports it; nothing is kept
                }
                boolean learned = false;
                for (int i = 0; i < source.length; i++) {
                  CommitInfo commit = commits.get(i);
                  if (source[i] > CACHED && CommitPathCache.keeps(commit)) {
                    List<String> paths = (source[i] == RANGE ? range : byId).paths(commit.sha());
                    if (CommitPathCache.fits(paths)) {
                      cache.put(commit.sha(), paths);
                      learned = true;
                    }
                  }
                }
                if (learned) {
                  cache.save();
                }
              },
              "paths-cache");
      saver.setDaemon(true);
      saver.start();
      try {
        for (int i = 0; i < commits.size(); i++) {
          CommitInfo commit = commits.get(i);
          List<String> paths =
              switch (source[i]) {
                case NONE -> List.of();
                case CACHED -> known[i];
                case RANGE -> range.paths(commit.sha());
                default -> byId.paths(commit.sha());
              };
          sink.accept(new Entry(commit, paths));
        }
        saver.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while running git", "");
      } finally {
        if (byId != null) {
          byId.close();
        }
      }
    } finally {
      if (range != null) {
        range.close();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String>[] listOfLists(int size) {
    return (List<String>[]) new List<?>[size];
  }

  private static final byte NONE = 0;
  private static final byte CACHED = 1;
  private static final byte RANGE = 2;
  private static final byte BY_ID = 3;

  /** A commit as the light listing gives it: its id and parents, without message or paths. */
  public record Head(String sha, List<String> parents) {
    public Head {
      parents = List.copyOf(parents);
    }
  }

  /**
   * The ids and parents of the commits of {@code revisions}, newest first, from one {@code git log}
   * that formats nothing else: what a caller that keeps its own per-commit results needs to know
   * which commits it has not seen.
   */
  public void heads(String revisions, boolean firstParent, Consumer<Head> sink) {
    GitArgs args = GitArgs.git("log", "-z", "--format=%x1e%H%x00%P");
    if (firstParent) {
      args.flags("--first-parent");
    }
    args.revision(revisions);
    git.stream(
        args,
        in -> {
          Tokens tokens = new Tokens(in);
          byte[] token;
          while ((token = tokens.next()) != null) {
            int start = 0;
            while (start < token.length && token[start] == '\n') {
              start++;
            }
            if (start == token.length || token[start] != RECORD) {
              continue;
            }
            String sha =
                new String(token, start + 1, token.length - start - 1, StandardCharsets.US_ASCII);
            String parents = text(tokens.next()).strip();
            sink.accept(
                new Head(sha, parents.isEmpty() ? List.of() : Arrays.asList(parents.split(" "))));
          }
          return null;
        },
        failed -> unknownRange(revisions, failed));
  }

  /**
   * These commits (ids a listing gave), in the order given, each with its message and the paths it
   * touches (from the paths cache, or listed by git and then kept).
   */
  public void commits(List<String> shas, Consumer<Entry> sink) {
    if (shas.isEmpty()) {
      return;
    }
    List<CommitInfo> found = new ArrayList<>(shas.size());
    stdinLog(
        GitArgs.git("log", "--no-walk=unsorted", "--stdin", "-z", FORMAT),
        shas,
        out -> {
          parse(out, entry -> found.add(entry.commit()));
          return null;
        });
    CommitPathCache cache = gitDir == null ? null : CommitPathCache.open(gitDir);
    List<String> missing = new ArrayList<>();
    for (CommitInfo commit : found) {
      if (cache == null || !CommitPathCache.keeps(commit) || cache.get(commit.sha()) == null) {
        missing.add(commit.sha());
      }
    }
    Map<String, List<String>> listed = missing.isEmpty() ? Map.of() : listPaths(missing);
    for (CommitInfo commit : found) {
      String[] known =
          cache == null || !CommitPathCache.keeps(commit) ? null : cache.get(commit.sha());
      List<String> paths =
          known != null
              ? CommitPathCache.asList(known)
              : listed.getOrDefault(commit.sha(), List.of());
      if (known == null
          && cache != null
          && CommitPathCache.keeps(commit)
          && CommitPathCache.fits(paths)) {
        cache.put(commit.sha(), paths);
      }
      sink.accept(new Entry(commit, paths));
    }
    if (cache != null) {
      cache.save();
    }
  }

  /** The paths of these commits (ids git printed), from one {@code git log --stdin}. */
  private Map<String, List<String>> listPaths(List<String> shas) {
    return stdinLog(
        GitArgs.git(
            "log",
            "--no-walk=unsorted",
            "--stdin",
            "-z",
            "--format=%x1e%H",
            "--name-only",
            "--diff-merges=first-parent",
            "--no-renames"),
        shas,
        CommitPathCache::parseListing);
  }

  private interface OutputReader<T> {
    T read(InputStream out) throws IOException;
  }

  /** Runs a {@code git log --stdin} fed these commit ids, and reads what it prints. */
  private <T> T stdinLog(GitArgs args, List<String> shas, OutputReader<T> reader) {
    Process process = git.startInteractive(args);
    Thread feeder =
        new Thread(
            () -> {
              try (var in =
                  new java.io.BufferedWriter(
                      new java.io.OutputStreamWriter(
                          process.getOutputStream(), StandardCharsets.US_ASCII))) {
                for (String sha : shas) {
                  in.write(sha);
                  in.write('\n');
                }
              } catch (IOException e) {
                // git ended early: its exit code says why
              }
            },
            "git-log-stdin");
    feeder.setDaemon(true);
    feeder.start();
    try (InputStream out = process.getInputStream()) {
      T read = reader.read(out);
      int code = process.waitFor();
      feeder.join();
      if (code != 0) {
        throw new ChangeTrailException(
            Problem.GIT_FAILED,
            "git log could not read " + shas.size() + " commit(s) (exit " + code + ")",
            "run 'git fsck' to check the repository");
      }
      return read;
    } catch (IOException e) {
      process.destroy();
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while running git", "");
    }
  }

  /**
   * The tag of each tagged commit (annotated tags peeled); a commit with several tags gets the most
   * recently created one.
   */
  public Map<String, String> tagsByCommit() {
    GitProcess.Result result =
        git.run(
            GitArgs.git(
                "for-each-ref",
                "--sort=-creatordate",
                "--format=%(objectname)%00%(*objectname)%00%(refname:lstrip=2)",
                "refs/tags/"));
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          "git for-each-ref failed: " + result.stderr().lines().findFirst().orElse(""),
          "run 'git tag' to see what is wrong");
    }
    Map<String, String> tags = new HashMap<>();
    for (String line : result.text().split("\n")) {
      String[] fields = line.split("\u0000", -1);
      if (fields.length == 3 && !fields[2].isEmpty()) {
        String commit = fields[1].isEmpty() ? fields[0] : fields[1];
        tags.putIfAbsent(commit, fields[2]);
      }
    }
    return tags;
  }

  /** The newest tag reachable from {@code revision}, if there is one. */
  public Optional<String> latestTag(String revision) {
    GitProcess.Result result =
        git.run(GitArgs.git("describe", "--tags", "--abbrev=0").revision(revision));
    return result.ok() ? Optional.of(result.text().strip()) : Optional.empty();
  }

  private static void parse(InputStream in, Consumer<Entry> sink) throws IOException {
    Tokens tokens = new Tokens(in);
    byte[] token = tokens.next();
    while (token != null) {
      if (token.length == 0 || token[0] != RECORD) {
        token = tokens.next();
        continue;
      }
      String sha = new String(token, 1, token.length - 1, StandardCharsets.US_ASCII);
      String parents = text(tokens.next());
      String name = text(tokens.next());
      String email = text(tokens.next());
      String date = text(tokens.next());
      String message = text(tokens.next());
      List<String> paths = new ArrayList<>();
      while ((token = tokens.next()) != null) {
        int start = 0;
        while (start < token.length && token[start] == '\n') {
          start++;
        }
        if (start < token.length && token[start] == RECORD) {
          token = start == 0 ? token : Arrays.copyOfRange(token, start, token.length);
          break;
        }
        if (start < token.length) {
          paths.add(new String(token, start, token.length - start, StandardCharsets.UTF_8));
        }
      }
      sink.accept(
          new Entry(
              new CommitInfo(
                  sha,
                  parents.isBlank() ? List.of() : Arrays.asList(parents.strip().split(" ")),
                  name,
                  email,
                  isoDate(date.strip()),
                  message.strip()),
              paths));
    }
  }

  /**
   * Reads git's strict ISO 8601 date ({@code 2026-11-24T16:02:11+01:00}) without the general
   * parser, which dominates the cost of reading long histories.
   */
  static OffsetDateTime isoDate(String text) {
    if (text.length() == 25
        && text.charAt(10) == 'T'
        && (text.charAt(19) == '+' || text.charAt(19) == '-')) {
      try {
        int sign = text.charAt(19) == '-' ? -1 : 1;
        return OffsetDateTime.of(
            number(text, 0, 4),
            number(text, 5, 7),
            number(text, 8, 10),
            number(text, 11, 13),
            number(text, 14, 16),
            number(text, 17, 19),
            0,
            ZoneOffset.ofHoursMinutes(sign * number(text, 20, 22), sign * number(text, 23, 25)));
      } catch (RuntimeException e) {
        // not the layout expected: the general parser decides
      }
    }
    return OffsetDateTime.parse(text);
  }

  private static int number(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(text);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String text(byte[] token) {
    return token == null ? "" : new String(token, StandardCharsets.UTF_8);
  }

  /** NUL-terminated tokens, read through a large buffer. */
  static final class Tokens {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final ByteArrayOutputStream token = new ByteArrayOutputStream(256);
    private int position;
    private int limit;
    private boolean ended;

    Tokens(InputStream in) {
      this.in = in;
    }

    byte[] next() throws IOException {
      if (ended) {
        return null;
      }
      token.reset();
      while (true) {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit <= 0) {
            ended = true;
            limit = 0;
            return token.size() == 0 ? null : token.toByteArray();
          }
        }
        int start = position;
        while (position < limit && buffer[position] != 0) {
          position++;
        }
        token.write(buffer, start, position - start);
        if (position < limit) {
          position++;
          return token.toByteArray();
        }
      }
    }
  }
}
