package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release changelog keeps each commit's entries in {@code .git/changetrail/cache/}: a second run
 * reads only the commits it has not seen, and writes the same changelog as a first run would; a
 * change of settings or systems reads every commit again.
 */
class ChangelogEntryCacheTest {
  @TempDir Path dir;
  TestRepo repo;

  @BeforeEach
  void history() {
    repo = TestRepo.init(dir);
    repo.file(
        "changetrail.yml",
        """
        systems:
          order-router: {paths: ["router/**"], tier: 1}
        changelog:
          ticket_patterns: ["TRD-\\\\d+"]
        """);
    repo.file("router/src/main/java/Router.java", "class Router {}\n")
        .commit("FEATURE: the router")
        .tag("v1.0.0");
    repo.file("router/src/main/java/Router.java", "class Router { int halted; }\n")
        .commit("BUGFIX: stop routing to halted venues (TRD-12)");
    repo.file("pricing/src/main/java/Pricer.java", "class Pricer {}\n")
        .commit("FEATURE: pricing\n\n* FEATURE: quotes for two venues\n* BUGFIX: a rounding error");
    repo.file("router/src/main/java/Router.java", "class Router { int halted; int open; }\n")
        .commit("fix the crash when a venue reopens");
  }

  private String changelog() {
    Cli.Result result = Cli.run(dir, "changelog", "--range", "HEAD");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }

  private List<Path> cacheFiles() throws IOException {
    Path cache = dir.resolve(".git/changetrail/cache");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.getFileName().toString().startsWith("entries-v1-")).toList();
    }
  }

  @Test
  void aSecondRunWritesTheSameChangelogFromTheCache() throws IOException {
    String first = changelog();
    assertThat(cacheFiles()).hasSize(1);
    String second = changelog();
    assertThat(second).isEqualTo(first);
    assertThat(second)
        .contains("the router", "stop routing to halted venues (TRD-12) (`")
        .contains("quotes for two venues", "a rounding error")
        .contains("fix the crash when a venue reopens");
  }

  @Test
  void newCommitsAfterTheCachedOnesAreReadAndListed() {
    changelog();
    repo.file("router/src/main/java/Router.java", "class Router { int halted; int open; int x; }\n")
        .commit("BUGFIX: reject orders for a closed venue (TRD-40)")
        .tag("v1.1.0");
    String md = changelog();
    assertThat(md).contains("## [v1.1.0]", "reject orders for a closed venue", "TRD-40");
    assertThat(md.substring(md.indexOf("## [v1.1.0]"), md.indexOf("## [v1.0.0]")))
        .contains("stop routing to halted venues", "fix the crash when a venue reopens");
  }

  @Test
  void changedSettingsOrSystemsReadEveryCommitAgain() throws IOException {
    String before = changelog();
    // a new system for pricing/, and "ops" now a team's word for CONFIGURATION
    repo.file(
            "changetrail.yml",
            """
            systems:
              order-router: {paths: ["router/**"], tier: 1}
              pricing: {paths: ["pricing/**"], tier: 2}
            aliases:
              types: {ops: CONFIGURATION}
            changelog:
              ticket_patterns: ["TRD-\\\\d+"]
            """)
        .commit("CONFIGURATION: pricing is a system");
    String after = changelog();
    assertThat(after).isEqualTo(fresh());
    assertThat(after).isNotEqualTo(before);
    assertThat(cacheFiles()).as("the old settings' file is removed").hasSize(1);
  }

  @Test
  void aDamagedCacheIsReadAgainAndRewritten() throws IOException {
    String first = changelog();
    Path file = cacheFiles().get(0);
    Files.write(file, new byte[] {0x43, 0x54, 0x45, 0x31, 0x7f, 0x00, 0x01});
    assertThat(changelog()).isEqualTo(first);
    assertThat(Files.size(file)).isGreaterThan(7);
    assertThat(changelog()).isEqualTo(first);
  }

  @Test
  void aCacheFromAFullCloneGivesAShallowCloneItsOwnChangelog(@TempDir Path shallow)
      throws IOException {
    changelog(); // the caches of the full history, as a CI cache would restore them
    repo.git("clone", "-q", "--depth", "2", "file://" + dir, shallow.toString());
    Cli.Result fresh = Cli.run(shallow, "changelog", "--range", "HEAD");
    assertThat(fresh.exitCode()).as(fresh.err()).isZero();
    Path cache = shallow.resolve(".git/changetrail/cache");
    try (Stream<Path> files = Files.list(cache)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    try (Stream<Path> files = Files.list(dir.resolve(".git/changetrail/cache"))) {
      for (Path file : files.toList()) {
        Files.copy(file, cache.resolve(file.getFileName()));
      }
    }
    // the boundary commit has no parents here: git lists its whole tree, the full clone's cache
    // holds what it changed
    Cli.Result restored = Cli.run(shallow, "changelog", "--range", "HEAD");
    assertThat(restored.exitCode()).as(restored.err()).isZero();
    assertThat(restored.out()).isEqualTo(fresh.out()).contains("order-router");
  }

  /** The changelog a run without any cache writes. */
  private String fresh() throws IOException {
    for (Path file : cacheFiles()) {
      Files.delete(file);
    }
    Path paths = dir.resolve(".git/changetrail/cache/paths-v1");
    Files.deleteIfExists(paths);
    return changelog();
  }
}
