package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A git ref that keeps a copy of every signed checkpoint: a chain of commits whose tree holds the
 * latest one as the file {@code checkpoint} and whose message is that checkpoint. Every clone that
 * fetches the ref keeps the history, so a ledger rewritten later no longer matches what others have
 * seen. Written with plumbing commands only; the work tree, index and HEAD are never touched.
 */
public final class CheckpointRef {
  /** Writers racing for the ref retry this often, backing off a little more each time. */
  private static final int MAX_ATTEMPTS = 40;

  /** Serializes, within this process, what the temporary folder's file lock serializes across. */
  private static final Object TEMP_FILES = new Object();

  /** The ref that holds the checkpoints. */
  public static final String REF = "refs/changetrail/checkpoints";

  private static final String NO_COMMIT = "0000000000000000000000000000000000000000";
  private static final Map<String, String> IDENTITY =
      Map.of(
          "GIT_AUTHOR_NAME", "ChangeTrail ledger",
          "GIT_AUTHOR_EMAIL", "ledger@changetrail.invalid",
          "GIT_COMMITTER_NAME", "ChangeTrail ledger",
          "GIT_COMMITTER_EMAIL", "ledger@changetrail.invalid");

  private final GitProcess git;
  private final Path gitDir;

  private CheckpointRef(GitProcess git, Path gitDir) {
    this.git = git;
    this.gitDir = gitDir;
  }

  public static CheckpointRef of(GitRepository repository) {
    return new CheckpointRef(new GitProcess(repository.root(), Map.of()), repository.gitDir());
  }

  /**
   * Adds a checkpoint on top of the ref. Another writer moving the ref at the same time is detected
   * by update-ref's compare-and-swap, and the commit is redone on top of theirs.
   */
  public void publish(String note) {
    Path temp = null;
    Path index = null;
    FileChannel held = null;
    try {
      Path dir = Files.createDirectories(gitDir.resolve("changetrail").resolve("tmp"));
      // held locked while in use: a later run removes only files whose writer is gone (killed).
      // Creating and locking, and sweeping, each run under the folder's lock, so a sweep never
      // sees a file created but not locked yet.
      synchronized (TEMP_FILES) {
        try (FileChannel guard =
                FileChannel.open(
                    dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = guard.lock()) {
          sweep(dir);
          temp = Files.createTempFile(dir, "checkpoint-", ".txt");
          held = FileChannel.open(temp, StandardOpenOption.WRITE);
          held.lock();
        }
      }
      index = temp.resolveSibling(temp.getFileName() + ".index");
      Files.writeString(temp, note, StandardCharsets.UTF_8);
      String blob = line(run(GitArgs.git("hash-object", "-w").paths(temp.toString()), Map.of()));
      Map<String, String> withIndex = Map.of("GIT_INDEX_FILE", index.toString());
      run(
          GitArgs.git("update-index", "--add")
              .flag("--cacheinfo", "100644," + blob + ",checkpoint"),
          withIndex);
      String tree = line(run(GitArgs.git("write-tree"), withIndex));
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (attempt > 0) {
          backOff(attempt);
        }
        String parent = head();
        GitArgs commit = GitArgs.git("commit-tree");
        if (parent != null) {
          commit.flag("-p", parent);
        }
        commit.flag("-F", temp.toString()).revision(tree);
        String created = line(run(commit, IDENTITY));
        GitProcess.Result moved =
            git.run(
                GitArgs.git("update-ref")
                    .flag("-m", "changetrail checkpoint")
                    .revision(REF)
                    .revision(created)
                    .revision(parent == null ? NO_COMMIT : parent));
        if (moved.ok()) {
          return;
        }
      }
      throw new ChangeTrailException(
          Problem.GIT_FAILED, "could not move " + REF + ": other writers kept moving it", "retry");
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write the checkpoint into " + gitDir + ": " + e.getMessage(), "");
    } finally {
      deleteQuietly(index);
      deleteQuietly(temp);
      if (held != null) {
        try {
          held.close();
        } catch (IOException ignored) {
          // closing releases the lock; the file is gone already
        }
      }
    }
  }

  /**
   * Removes the temporary files of runs that were killed: those in {@code dir} that no live process
   * holds locked (with their index files), and those earlier versions left in the git folder
   * ({@code changetrail-checkpoint-*.txt}, {@code changetrail-index-*}).
   */
  private void sweep(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "checkpoint-*.txt")) {
      for (Path file : files) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          FileLock lock = channel.tryLock();
          if (lock == null) {
            continue; // another process is publishing with it
          }
          deleteQuietly(file.resolveSibling(file.getFileName() + ".index"));
          deleteQuietly(file.resolveSibling(file.getFileName() + ".index.lock"));
          deleteQuietly(file);
          lock.release();
        } catch (OverlappingFileLockException inUse) {
          // this process is publishing with it on another thread
        } catch (IOException gone) {
          // removed meanwhile by another sweep
        }
      }
    }
    try (DirectoryStream<Path> legacy =
        Files.newDirectoryStream(gitDir, "changetrail-{checkpoint-*.txt,index-*.tmp}")) {
      for (Path file : legacy) {
        deleteQuietly(file);
      }
    }
  }

  /** Every checkpoint note on the ref, oldest first (empty when the ref does not exist). */
  public List<String> history() {
    return history(REF);
  }

  /**
   * Every checkpoint note on the ref and on the remote-tracking copies of it that were fetched
   * ({@code refs/remotes/NAME/changetrail/checkpoints}), each oldest first: what others have seen
   * published.
   */
  public List<String> published() {
    List<String> notes = new ArrayList<>(history(REF));
    GitProcess.Result remotes =
        git.run(GitArgs.git("for-each-ref", "--format=%(refname)", "refs/remotes/"));
    if (remotes.ok()) {
      for (String ref : remotes.text().split("\n")) {
        String name = ref.strip();
        if (name.startsWith("refs/remotes/") && name.endsWith("/changetrail/checkpoints")) {
          notes.addAll(history(name));
        }
      }
    }
    return notes;
  }

  private List<String> history(String ref) {
    GitProcess.Result exists =
        git.run(GitArgs.git("rev-parse", "-q", "--verify").revision(ref + "^{commit}"));
    if (!exists.ok()) {
      return List.of();
    }
    GitProcess.Result result =
        run(GitArgs.git("log", "-z", "--reverse", "--format=%B").revision(ref).paths(), Map.of());
    List<String> notes = new ArrayList<>();
    for (String message : result.text().split("\0")) {
      String trimmed = message.strip();
      if (!trimmed.isEmpty()) {
        notes.add(trimmed + "\n");
      }
    }
    return notes;
  }

  /** The latest checkpoint file on the ref, byte for byte. */
  public String latest() {
    if (head() == null) {
      return "";
    }
    return run(GitArgs.git("cat-file", "blob").revision(REF + ":checkpoint"), Map.of()).text();
  }

  private String head() {
    GitProcess.Result result =
        git.run(GitArgs.git("rev-parse", "-q", "--verify").revision(REF + "^{commit}"));
    return result.ok() ? line(result) : null;
  }

  private GitProcess.Result run(GitArgs args, Map<String, String> env) {
    GitProcess.Result result = git.run(args, env);
    if (!result.ok()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          "git " + args.subcommand() + " failed while writing " + REF + ": " + result.stderr(),
          "");
    }
    return result;
  }

  private static String line(GitProcess.Result result) {
    return result.text().strip();
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a temporary file: harmless if it stays
    }
  }

  /** Sleeps a random, growing while so that racing writers stop colliding. */
  private static void backOff(int attempt) {
    long bound = Math.min(200, 10L * attempt);
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while moving " + REF, "");
    }
  }
}
