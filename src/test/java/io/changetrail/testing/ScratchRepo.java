package io.changetrail.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real git repository in a temporary folder, driven through the git binary, for tests. */
public final class ScratchRepo {
  private final Path root;

  private ScratchRepo(Path root) {
    this.root = root;
  }

  public static ScratchRepo init(Path dir) {
    ScratchRepo repo = new ScratchRepo(dir);
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "user.name", "Test Author");
    repo.git("config", "user.email", "author@example.com");
    repo.git("config", "commit.gpgsign", "false");
    return repo;
  }

  public Path root() {
    return root;
  }

  public ScratchRepo write(String path, String content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public ScratchRepo stage() {
    git("add", "-A");
    return this;
  }

  /** Stages everything and commits it with {@code message}, skipping hooks. */
  public String commit(String message) {
    git("add", "-A");
    git("commit", "-q", "--no-verify", "--allow-empty", "--cleanup=whitespace", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  /** Runs git; fails the test when git fails. */
  public String git(String... args) {
    Result result = run(Map.of(), args);
    if (result.code() != 0) {
      throw new IllegalStateException(
          "git " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.output();
  }

  /** What a command printed (stdout and stderr together) and its exit code. */
  public record Result(int code, String output) {}

  /** Runs git with extra environment variables, whatever its exit code. */
  public Result run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.waitFor(), output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
