package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paths of many commits listed by git while the caller goes on with other work: one {@code git
 * log --name-only} from the newest commit and, for a long list, a second one from the oldest on the
 * same commits ({@code --reverse}), each stopping where the other has been. Listing is a tree diff
 * per commit in git, most of the time a first changelog of a long history takes; two processes
 * share it between two cores, and whatever their speeds they meet somewhere in the middle.
 *
 * <p>Shared between the threads that read git's output and the one that asks for paths.
 */
final class CommitPathListing {
  /** Fewer commits than this are listed by one process: a second would only add its start. */
  static final int SPLIT_FROM = 500;

  private final Map<String, List<String>> listed = new ConcurrentHashMap<>();

  /**
   * One string per path, whichever process listed it: a history touches few paths many times, and
   * what the caller does per path (look up its system, index it for the cache) then compares
   * strings by identity.
   */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  private final List<Lister> listers = new ArrayList<>();
  private final Object progress = new Object();

  private CommitPathListing() {}

  /**
   * Lists the non-merge commits of {@code revisions} (merges touch what their branches did; a
   * caller that needs a merge's paths lists it by id).
   */
  static CommitPathListing ofRange(GitProcess git, String revisions, boolean firstParent) {
    CommitPathListing listing = new CommitPathListing();
    for (boolean reverse : new boolean[] {false, true}) {
      GitArgs args = listingArgs("log", "--no-merges");
      if (firstParent) {
        args.flags("--first-parent");
      }
      if (reverse) {
        args.flags("--reverse");
      }
      args.revision(revisions);
      listing.start(git, args, null);
    }
    return listing;
  }

  /** Lists these commits (ids git printed). */
  static CommitPathListing ofCommits(GitProcess git, List<String> shas) {
    CommitPathListing listing = new CommitPathListing();
    listing.start(git, listingArgs("log", "--no-walk=unsorted", "--stdin"), shas);
    if (shas.size() >= SPLIT_FROM) {
      List<String> reversed = new ArrayList<>(shas);
      java.util.Collections.reverse(reversed);
      listing.start(git, listingArgs("log", "--no-walk=unsorted", "--stdin"), reversed);
    }
    return listing;
  }

  private static GitArgs listingArgs(String subcommand, String... flags) {
    return GitArgs.git(subcommand, flags)
        .flags(
            "-z", "--format=%x1e%H", "--name-only", "--diff-merges=first-parent", "--no-renames");
  }

  private void start(GitProcess git, GitArgs args, List<String> stdin) {
    Process process = git.startInteractive(args);
    Lister lister = new Lister(process);
    listers.add(lister);
    if (stdin == null) {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // git reads no input here
      }
    } else {
      Thread feeder =
          new Thread(
              () -> {
                try (var in =
                    new java.io.BufferedWriter(
                        new java.io.OutputStreamWriter(
                            process.getOutputStream(), StandardCharsets.US_ASCII),
                        1 << 16)) {
                  for (String sha : stdin) {
                    in.write(sha);
                    in.write('\n');
                  }
                } catch (IOException e) {
                  // git ended (or was stopped) early: its exit code says why
                }
              },
              "git-paths-stdin");
      feeder.setDaemon(true);
      feeder.start();
    }
    lister.start();
  }

  /**
   * The paths of a commit this listing covers, once listed (waiting for git as needed); empty when
   * git ended without listing it.
   */
  List<String> paths(String sha) {
    List<String> paths = listed.get(sha);
    if (paths != null) {
      return paths;
    }
    synchronized (progress) {
      while (true) {
        paths = listed.get(sha);
        if (paths != null) {
          return paths;
        }
        boolean running = false;
        for (Lister lister : listers) {
          lister.rethrow();
          running |= lister.isAlive();
        }
        if (!running) {
          return listed.getOrDefault(sha, List.of());
        }
        try {
          progress.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
          throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while running git", "");
        }
      }
    }
  }

  /** Waits until every process has ended (or met the other), and says whether all went well. */
  void awaitAll() {
    for (Lister lister : listers) {
      try {
        lister.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while running git", "");
      }
      lister.rethrow();
    }
  }

  /** Stops what still runs (the caller has what it needs, or gave up). */
  void close() {
    for (Lister lister : listers) {
      lister.stopGit();
    }
  }

  /** Reads one git process's listing into the shared map, until git ends or meets the other. */
  private final class Lister extends Thread {
    private final Process process;
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    Lister(Process process) {
      super("git-paths");
      setDaemon(true);
      this.process = process;
    }

    @Override
    public void run() {
      try (InputStream out = process.getInputStream()) {
        read(out);
        if (stopped) {
          process.destroy();
        }
        int code = process.waitFor();
        if (code != 0 && !stopped) {
          failure =
              new ChangeTrailException(
                  Problem.GIT_FAILED,
                  "git log could not list the paths of the commits (exit " + code + ")",
                  "run 'git fsck' to check the repository");
        }
      } catch (IOException e) {
        if (!stopped) {
          failure = new java.io.UncheckedIOException(e);
        }
      } catch (InterruptedException e) {
        process.destroy();
      } finally {
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    }

    private void read(InputStream out) throws IOException {
      class Reader implements CommitPathCache.Listing {
        String current;
        List<String> paths;

        @Override
        public boolean commit(String sha) {
          done(current, paths);
          current = null;
          if (listed.containsKey(sha) || stopped) {
            // the other process has listed this one, so all that would follow too
            stopped = true;
            return false;
          }
          current = sha;
          paths = new ArrayList<>();
          return true;
        }

        @Override
        public void path(String path) {
          String known = names.putIfAbsent(path, path);
          paths.add(known == null ? path : known);
        }
      }
      Reader reader = new Reader();
      CommitPathCache.readListing(out, reader);
      done(reader.current, reader.paths);
    }

    private void done(String sha, List<String> paths) {
      if (sha != null && listed.putIfAbsent(sha, paths) == null) {
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    }

    void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }

    void stopGit() {
      stopped = true;
      process.destroy();
    }
  }
}
