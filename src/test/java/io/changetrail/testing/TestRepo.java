package io.changetrail.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real git repository in a temporary folder, built fluently for tests:
 *
 * <pre>{@code
 * TestRepo repo = TestRepo.init(tempDir)
 *     .file("common/pom.xml", pom)
 *     .commit("FEATURE: initial import");
 * }</pre>
 *
 * Commits get fixed authors and increasing dates, so histories are reproducible.
 */
public final class TestRepo {
  private final Path root;
  private int clock;
  private String author = "Alice Author";
  private String email = "alice@example.com";

  private TestRepo(Path root) {
    this.root = root;
  }

  /** A new repository with branch {@code main} in {@code dir}. */
  public static TestRepo init(Path dir) {
    TestRepo repo = new TestRepo(dir);
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "user.name", "Alice Author");
    repo.git("config", "user.email", "alice@example.com");
    repo.git("config", "commit.gpgsign", "false");
    return repo;
  }

  public Path root() {
    return root;
  }

  /** Writes a file (creating folders). */
  public TestRepo file(String path, String content) {
    return bytes(path, content.getBytes(StandardCharsets.UTF_8));
  }

  public TestRepo bytes(String path, byte[] content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code lines} numbered lines to a file. */
  public TestRepo lines(String path, int lines) {
    StringBuilder content = new StringBuilder();
    for (int i = 1; i <= lines; i++) {
      content.append("line ").append(i).append('\n');
    }
    return file(path, content.toString());
  }

  public TestRepo delete(String path) {
    git("rm", "-q", "-r", "--", path);
    return this;
  }

  public TestRepo move(String from, String to) {
    try {
      Files.createDirectories(root.resolve(to).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git("mv", from, to);
    return this;
  }

  /** Sets the author of the following commits. */
  public TestRepo as(String name, String mail) {
    this.author = name;
    this.email = mail;
    return this;
  }

  /** Stages everything. */
  public TestRepo stage() {
    git("add", "-A");
    return this;
  }

  /** Stages everything and commits it; returns the repository for chaining. */
  public TestRepo commit(String message) {
    stage();
    clock++;
    String date = String.format("2026-01-01T10:%02d:%02d+00:00", clock / 60, clock % 60);
    run(
        List.of("git", "commit", "-q", "--allow-empty", "--no-verify", "-m", message),
        Map.of(
            "GIT_AUTHOR_NAME", author,
            "GIT_AUTHOR_EMAIL", email,
            "GIT_AUTHOR_DATE", date,
            "GIT_COMMITTER_NAME", author,
            "GIT_COMMITTER_EMAIL", email,
            "GIT_COMMITTER_DATE", date));
    return this;
  }

  /** The SHA of a revision. */
  public String sha(String revision) {
    return git("rev-parse", revision).strip();
  }

  public String head() {
    return sha("HEAD");
  }

  public TestRepo branch(String name) {
    git("checkout", "-q", "-b", name);
    return this;
  }

  public TestRepo checkout(String name) {
    git("checkout", "-q", name);
    return this;
  }

  /** Merges {@code branch} into the current branch with a merge commit. */
  public TestRepo merge(String branch, String message) {
    clock++;
    git("merge", "-q", "--no-ff", "--no-edit", "-m", message, branch);
    return this;
  }

  public TestRepo tag(String name) {
    git("tag", name);
    return this;
  }

  /** Runs git in the repository and returns its standard output; fails the test on error. */
  public String git(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  /** Feeds {@code stream} to {@code git fast-import} (many commits in one process). */
  public TestRepo fastImport(String stream) {
    try {
      Process process =
          new ProcessBuilder("git", "fast-import", "--quiet", "--force")
              .directory(root.toFile())
              .redirectErrorStream(true)
              .start();
      try (var in = process.getOutputStream()) {
        in.write(stream.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("git fast-import failed: " + output);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a git command that may fail printed (standard output and error) and its exit code. */
  public record Attempt(int code, String output) {}

  /**
   * Runs git with extra environment variables and returns its exit code and output, whatever they
   * are (for commands expected to fail, such as a commit a hook rejects).
   */
  public Attempt attempt(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
      builder.environment().putAll(env);
      builder.environment().put("GIT_TERMINAL_PROMPT", "0");
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Attempt(process.waitFor(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
      builder.environment().putAll(env);
      builder.redirectErrorStream(true);
      Files.createDirectories(root);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A Maven multi-module trading system: common, risk-engine and order-router, with config. */
  public static TestRepo tradingSystem(Path dir) {
    return init(dir)
        .file(
            "pom.xml",
            "<project><modelVersion>4.0.0</modelVersion><groupId>acme</groupId>"
                + "<artifactId>platform</artifactId><version>1</version><packaging>pom</packaging>"
                + "<modules><module>common</module><module>risk-engine</module>"
                + "<module>order-router</module></modules></project>")
        .file("common/pom.xml", modulePom("common"))
        .file("risk-engine/pom.xml", modulePom("risk-engine", "common"))
        .file("order-router/pom.xml", modulePom("order-router", "common", "risk-engine"))
        .file("common/src/main/java/acme/Money.java", "class Money {}\n")
        .file("common/src/test/java/acme/MoneyTest.java", "class MoneyTest {}\n")
        .file("risk-engine/src/main/java/acme/RiskCheck.java", "class RiskCheck {}\n")
        .file(
            "risk-engine/src/main/resources/db/migration/V1__init.sql", "CREATE TABLE t(x INT);\n")
        .file("risk-engine/config/limits.yml", "max_notional: 1000000\n")
        .file("order-router/src/main/java/acme/Router.java", "class Router {}\n")
        .file("order-router/src/test/java/acme/RouterTest.java", "class RouterTest {}\n")
        .file("order-router/src/main/resources/application.yml", "timeout: 250\n")
        .file("README.md", "# platform\n")
        .commit("FEATURE: initial import");
  }

  /** A module pom with a parent and dependencies on sibling modules. */
  public static String modulePom(String name, String... dependencies) {
    StringBuilder deps = new StringBuilder();
    for (String dependency : dependencies) {
      deps.append("<dependency><groupId>acme</groupId><artifactId>")
          .append(dependency)
          .append("</artifactId></dependency>");
    }
    return "<project><modelVersion>4.0.0</modelVersion><parent><groupId>acme</groupId>"
        + "<artifactId>platform</artifactId><version>1</version></parent><artifactId>"
        + name
        + "</artifactId><dependencies>"
        + deps
        + "</dependencies></project>";
  }
}
