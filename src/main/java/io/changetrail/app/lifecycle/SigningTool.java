package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a signing tool (ssh-keygen, gpg) as a process of its own: the bytes to sign or check on its
 * standard input, its output read from temporary files (removed after), at most a minute.
 */
final class SigningTool {
  private SigningTool() {}

  /** What the tool answered: its exit code (-1 when it did not finish), output and errors. */
  record Result(int code, String out, String err) {
    /** The first line of its errors, or the exit code. */
    String firstLine() {
      return err.lines().findFirst().orElse("exit " + code).strip();
    }

    /** The last non-blank line of its errors, or the exit code. */
    String lastLine() {
      List<String> lines = err.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
      return lines.isEmpty() ? "exit " + code : lines.get(lines.size() - 1);
    }
  }

  /**
   * @param tool the tool's name, as its missing binary shows in the error ("gpg")
   * @param install how to install it, for the message when it cannot be run
   * @param environment variables added to the tool's environment
   */
  static Result run(
      String tool,
      String install,
      List<String> command,
      byte[] stdin,
      Map<String, String> environment)
      throws IOException {
    Path out = Files.createTempFile("ct-" + tool, ".out");
    Path err = Files.createTempFile("ct-" + tool, ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "", tool + " did not finish in 60 s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChangeTrailException(Problem.IO, "interrupted while running " + tool, "");
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains(tool)) {
        throw new ChangeTrailException(
            Problem.KEY_PROBLEM, "cannot run " + tool + ": " + e.getMessage(), install);
      }
      throw e;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
