package io.changetrail.git;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the git command line in one work tree and captures what it prints. It takes its arguments
 * only as {@link GitArgs}, so no value from outside can reach git as an option.
 */
final class GitProcess {
  private final Path workDir;
  private final Map<String, String> extraEnv;

  GitProcess(Path workDir, Map<String, String> extraEnv) {
    this.workDir = workDir;
    this.extraEnv = Map.copyOf(extraEnv);
  }

  /** What one git command printed and how it ended. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    boolean ok() {
      return exitCode == 0;
    }
  }

  /** A running git command whose output is read as a stream. */
  interface StreamHandler<T> {
    T handle(InputStream stdout) throws IOException;
  }

  Result run(GitArgs args) {
    return run(args, Map.of());
  }

  Result run(GitArgs args, Map<String, String> env) {
    Process process = start(args.toList(), env);
    StderrReader stderr = new StderrReader(process.getErrorStream());
    stderr.start();
    try (InputStream out = process.getInputStream()) {
      byte[] stdout = out.readAllBytes();
      int code = process.waitFor();
      stderr.join();
      return new Result(code, stdout, stderr.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while running git", "");
    }
  }

  /** Runs git and hands its standard output to {@code handler} as it is produced. */
  <T> T stream(GitArgs args, StreamHandler<T> handler, ErrorMapper onError) {
    Process process = start(args.toList(), Map.of());
    StderrReader stderr = new StderrReader(process.getErrorStream());
    stderr.start();
    T result;
    try (InputStream out = process.getInputStream()) {
      result = handler.handle(out);
      int code = process.waitFor();
      stderr.join();
      if (code != 0) {
        throw onError.map(new Result(code, new byte[0], stderr.text()));
      }
      return result;
    } catch (IOException e) {
      process.destroy();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new ChangeTrailException(Problem.GIT_FAILED, "interrupted while running git", "");
    }
  }

  /**
   * Starts git for a conversation over its standard input and output (e.g. {@code cat-file
   * --batch}); its standard error is drained and discarded. The caller closes it.
   */
  Process startInteractive(GitArgs args) {
    Process process = start(args.toList(), Map.of());
    StderrReader stderr = new StderrReader(process.getErrorStream());
    stderr.start();
    return process;
  }

  /** Turns a failed git command into the error the user sees. */
  interface ErrorMapper {
    ChangeTrailException map(Result result);
  }

  private Process start(List<String> args, Map<String, String> env) {
    List<String> command = new ArrayList<>(args.size() + 5);
    command.add("git");
    command.add("-c");
    command.add("core.quotepath=off");
    command.add("-c");
    command.add("color.ui=false");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("LC_ALL", "C");
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("GIT_PAGER", "cat");
    builder.environment().putAll(extraEnv);
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          "cannot run git: " + e.getMessage(),
          "install git 2.31 or newer and put it on the PATH");
    }
  }

  private static final class StderrReader extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StderrReader(InputStream in) {
      super("git-stderr");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      try {
        in.transferTo(buffer);
      } catch (IOException ignored) {
        // the process ended; what was read is kept
      }
    }

    String text() {
      return buffer.toString(StandardCharsets.UTF_8).strip();
    }
  }
}
