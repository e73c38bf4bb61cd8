package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssessCommandTest {
  @TempDir Path dir;

  @Test
  void assessesTheStagedChangeWithDiscoveredSystems() {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("common/src/main/java/acme/Money.java", "class Money { int cents; }\n").stage();
    Cli.Result result = Cli.run(dir, "assess", "-m", "fixed stuff");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Assessment of staged changes: \"fixed stuff\"")
        .contains("(from Maven modules)")
        .contains("direct    common")
        .contains("indirect  risk-engine")
        .contains("via common -> order-router")
        .contains("Change type          BUGFIX");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void jsonFollowsTheVersionedSchema() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("risk-engine/src/main/resources/db/migration/V2__x.sql", "ALTER TABLE t ADD y INT;\n")
        .commit("FEATURE: y column");
    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json");
    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("schema").asText()).isEqualTo("changetrail.assessment/v1");
    assertThat(json.at("/type/value").asText()).isEqualTo("FEATURE");
    assertThat(json.at("/commits/0/sha").asText()).isEqualTo(repo.head());
    assertThat(json.at("/systems/affected/0/name").asText()).isEqualTo("risk-engine");
    assertThat(json.at("/rollback/level").asText()).isEqualTo("HIGH");
    assertThat(json.at("/risk/factors").findValuesAsText("id")).contains("sensitive:db-migration");
    assertThat(json.at("/documentation").findValuesAsText("section"))
        .contains("Rollback Procedure");
  }

  @Test
  void markdownIsReadyForAPullRequest() {
    TestRepo repo = TestRepo.tradingSystem(dir);
    String base = repo.head();
    repo.branch("feature")
        .file("order-router/src/main/java/acme/Router.java", "class Router { }\n")
        .commit("ENHANCEMENT: tidy router");
    Cli.Result range = Cli.run(dir, "assess", "--range", base + "..HEAD", "--format", "markdown");
    assertThat(range.exitCode()).isZero();
    assertThat(range.out())
        .startsWith("## Change impact assessment")
        .contains("| Change type | **ENHANCEMENT**");
    Cli.Result branch = Cli.run(dir, "assess", "--branch", "--format", "markdown");
    assertThat(branch.exitCode()).isZero();
    assertThat(branch.out()).contains("order-router");
  }

  @Test
  void failOnGatesOnTheRiskLevel() {
    TestRepo repo = TestRepo.tradingSystem(dir);
    // a new limits table for twenty venues: MEDIUM under the built-in thresholds (60, 140), set so
    // that about a tenth of real commits are HIGH
    StringBuilder limits = new StringBuilder("max_notional: 5000000\n");
    for (int venue = 1; venue < 20; venue++) {
      limits
          .append("venue_")
          .append(venue)
          .append("_max_notional: ")
          .append(venue)
          .append("00000\n");
    }
    repo.file("risk-engine/config/limits.yml", limits.toString()).stage();
    Cli.Result gated = Cli.run(dir, "assess", "--fail-on", "MEDIUM");
    assertThat(gated.exitCode()).isEqualTo(1);
    assertThat(gated.err()).contains("at or above --fail-on MEDIUM");
    assertThat(gated.out()).contains("Risk");
    assertThat(Cli.run(dir, "assess", "--fail-on", "high").exitCode()).isZero();
  }

  @Test
  void eachCommitOfARangeAsJsonLines() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    String base = repo.head();
    repo.file("common/src/main/java/acme/A.java", "class A {}\n").commit("FEATURE: a");
    repo.file("risk-engine/config/limits.yml", "max_notional: 1\n").commit("CONFIGURATION: b");
    Cli.Result result =
        Cli.run(dir, "assess", "--range", base + "..HEAD", "--each", "--format", "json");
    assertThat(result.exitCode()).isZero();
    var lines = result.out().lines().toList();
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.readTree(lines.get(0)).at("/type/value").asText()).isEqualTo("CONFIGURATION");
    assertThat(mapper.readTree(lines.get(1)).at("/type/value").asText()).isEqualTo("FEATURE");
  }

  @Test
  void configuredSystemsGetBuildDependencies() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file(
            "changetrail.yml",
            "systems:\n  router:\n    paths: [order-router/]\n    tier: 1\n"
                + "  risk:\n    paths: [risk-engine/]\n    tier: 1\n  shared:\n    paths: [common/]\n    tier: 2\n")
        .commit("CONFIGURATION: catalog");
    repo.file("common/src/main/java/acme/Money.java", "class Money { long c; }\n").stage();
    Cli.Result result = Cli.run(dir, "assess", "--format", "json");
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.at("/systems/source").asText()).contains("changetrail.yml", "Maven modules");
    assertThat(json.at("/systems/affected").findValuesAsText("name"))
        .containsExactly("shared", "risk", "router");
  }

  // on apache/activemq and quickfixj, counting half the deleted lines ranked bug-inducing commits
  // worse than lines added alone (bench/RESULTS.md): the size counts the lines a change adds
  @Test
  void theSizeCountsTheLinesAddedNotThoseDeleted() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.lines("order-router/src/main/java/acme/Legacy.java", 400).commit("GENERAL: legacy path");
    repo.lines("order-router/src/main/java/acme/Legacy.java", 4).commit("GENERAL: drop most of it");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode deletion =
        mapper.readTree(Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json").out());
    JsonNode addition =
        mapper.readTree(Cli.run(dir, "assess", "--commit", "HEAD~1", "--format", "json").out());
    assertThat(deletion.at("/stats/deletions").asInt()).isEqualTo(396);
    assertThat(deletion.at("/risk/factors").findValuesAsText("id")).doesNotContain("size");
    assertThat(addition.at("/risk/factors/0/id").asText()).isEqualTo("size");
    assertThat(deletion.at("/risk/score").asInt())
        .isLessThan(addition.at("/risk/score").asInt() - 100);

    repo.lines("order-router/src/main/java/acme/Legacy.java", 2).commit("GENERAL: and more");
    JsonNode few =
        mapper.readTree(Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json").out());
    assertThat(few.at("/risk/factors").findValuesAsText("id")).doesNotContain("size");

    repo.file("changetrail.yml", "risk:\n  weights:\n    deleted_lines_percent: 50\n")
        .commit("CONFIGURATION: count deleted lines at half");
    JsonNode counted =
        mapper.readTree(Cli.run(dir, "assess", "--commit", "HEAD~2", "--format", "json").out());
    assertThat(counted.at("/risk/factors/0/id").asText()).isEqualTo("size");
    assertThat(counted.at("/risk/factors/0/description").asText())
        .startsWith("0 line(s) added and 396 deleted (counted at 50%)");

    repo.file("changetrail.yml", "risk:\n  weights:\n    deleted_lines_percent: 150\n")
        .commit("CONFIGURATION: a share above all");
    Cli.Result wrong = Cli.run(dir, "assess", "--commit", "HEAD~3");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.err()).contains("deleted_lines_percent").doesNotContain("Exception");
  }

  @Test
  void badInputGetsOneLineAndADocumentedExitCode() throws Exception {
    Path plain = Files.createDirectory(dir.resolve("plain"));
    Cli.Result notRepo = Cli.run(plain, "assess");
    assertThat(notRepo.exitCode()).isEqualTo(3);
    assertThat(notRepo.err()).startsWith("changetrail: ").doesNotContain("Exception", "\tat ");

    Path repoDir = Files.createDirectory(dir.resolve("repo"));
    TestRepo repo = TestRepo.init(repoDir);
    assertThat(Cli.run(repoDir, "assess", "--commit", "HEAD").exitCode()).isEqualTo(4);
    assertThat(Cli.run(repoDir, "assess").exitCode()).isEqualTo(5);
    repo.file("a.txt", "x\n").commit("init");
    Cli.Result unknown = Cli.run(repoDir, "assess", "--commit", "nope");
    assertThat(unknown.exitCode()).isEqualTo(4);
    assertThat(unknown.err()).contains("unknown revision 'nope'");

    assertThat(Cli.run(repoDir, "assess", "--each").exitCode()).isEqualTo(7);
    repo.file("changetrail.yml", "systems:\n  x:\n    paths: [a/]\n    tier: one\n").stage();
    Cli.Result badConfig = Cli.run(repoDir, "assess");
    assertThat(badConfig.exitCode()).isEqualTo(6);
    assertThat(badConfig.err()).contains("changetrail.yml:4:11:").doesNotContain("\tat ");

    Cli.Result usage = Cli.run(repoDir, "assess", "--commit", "HEAD", "--range", "a..b");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("mutually exclusive");
    assertThat(Cli.run(repoDir, "assess", "--format", "yaml").exitCode()).isEqualTo(2);
  }

  @Test
  void helpHasExamplesAndVersionPrints() {
    Cli.Result help = Cli.run(dir, "assess", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Examples:", "--fail-on", "--working-tree");
    Cli.Result version = Cli.run(dir, "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("changetrail ");
  }

  @Test
  void initWritesAConfigThatLoadsBack() throws Exception {
    TestRepo.tradingSystem(dir);
    Cli.Result init = Cli.run(dir, "init");
    assertThat(init.exitCode()).isZero();
    String written = Files.readString(dir.resolve("changetrail.yml"));
    assertThat(written)
        .contains("order-router:", "risk-engine:", "depends_on (from the build): common");
    assertThat(Cli.run(dir, "init").exitCode()).isEqualTo(7);
    assertThat(Cli.run(dir, "init", "--force").exitCode()).isZero();
    TestRepo.init(dir).stage();
    assertThat(Cli.run(dir, "assess").exitCode()).isZero();
  }
}
