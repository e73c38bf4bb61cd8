package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release changelog over a whole history: a section per tag, as git-cliff writes them. */
class ReleaseChangelogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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
        aliases:
          types: {ops: CONFIGURATION}
        changelog:
          commit_url: https://git.example.com/trading/commit/{sha}
        """);
    repo.file("router/src/main/java/Router.java", "class Router {}\n")
        .commit("FEATURE: the router")
        .tag("v1.0.0");
    // a branch started before v1.1.0 and merged after it: older by date, newer by history
    repo.branch("side")
        .file("router/src/main/java/Side.java", "class Side {}\n")
        .commit("FEATURE: venue side work");
    repo.checkout("main")
        .file("router/src/main/java/Router.java", "class Router { int halted; }\n")
        .commit("BUGFIX: stop routing to halted venues")
        .tag("v1.1.0");
    repo.merge("side", "Merge branch 'side'");
    repo.file("router/config/router.yml", "venues: 3\n").commit("ops: three venues");
    repo.git("tag", "-a", "-m", "release 1.2.0", "v1.2.0");
    repo.file("router/src/test/java/RouterTest.java", "class RouterTest {}\n")
        .commit("Add failing regression test");
  }

  @Test
  void theWholeHistoryIsOneSectionPerTagNewestFirst() {
    Cli.Result result = Cli.run(dir, "changelog", "--range", "HEAD");
    assertThat(result.exitCode()).as(result.err()).isZero();
    String md = result.out();
    int unreleased = md.indexOf("## [Unreleased]");
    int v12 = md.indexOf("## [v1.2.0] - 2026-01-01");
    int v11 = md.indexOf("## [v1.1.0] - 2026-01-01");
    int v10 = md.indexOf("## [v1.0.0] - 2026-01-01");
    assertThat(unreleased).isPositive().isLessThan(v12);
    assertThat(v12).isLessThan(v11);
    assertThat(v11).isLessThan(v10);
    assertThat(md).containsOnlyOnce("# Changelog");
    // by history, not by date: the side branch's commit is in the release that merged it
    assertThat(md.substring(v12, v11)).contains("venue side work", "three venues");
    assertThat(md.substring(v11, v10))
        .contains("stop routing to halted venues", "`v1.0.0..v1.1.0`")
        .doesNotContain("venue side work");
    assertThat(md.substring(v10)).contains("the router", "`v1.0.0`");
    // untyped, tests only: not a fix, whatever its words say (assess classifies it so too)
    assertThat(md.substring(unreleased, v12))
        .contains("### Changed", "Add failing regression test")
        .doesNotContain("### Fixed");
  }

  @Test
  void aTeamsTypeAliasCountsInTheChangelogAsInAssess() {
    String md = Cli.run(dir, "changelog", "--range", "v1.1.0..v1.2.0").out();
    assertThat(md.substring(md.indexOf("### Changed"))).contains("three venues");
    assertThat(md).contains("## [v1.2.0]").doesNotContain("## [Unreleased]");
  }

  @Test
  void sinceTagAndANamedReleaseAreOneSection() {
    String since = Cli.run(dir, "changelog", "--since-tag").out();
    assertThat(since).contains("## [Unreleased]").doesNotContain("## [v1.");
    String named = Cli.run(dir, "changelog", "--range", "HEAD", "--release", "2.0").out();
    assertThat(named).contains("## [2.0]").doesNotContain("## [v1.");
  }

  @Test
  void jsonListsTheReleasesAndMatchesItsSchema() throws Exception {
    Cli.Result result = Cli.run(dir, "changelog", "--range", "HEAD", "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    JsonNode schema = JSON.readTree(Files.readString(Path.of("docs", "changelog.schema.json")));
    assertThat(
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema)
                .validate(json))
        .isEmpty();
    assertThat(json.get("schema").asText()).isEqualTo("changetrail.changelog/v1");
    assertThat(json.get("releases")).hasSize(4);
    assertThat(json.at("/releases/0/tag").isNull()).isTrue();
    assertThat(json.at("/releases/1/tag").asText()).isEqualTo("v1.2.0");
    assertThat(json.at("/releases/1/commits").asInt()).isEqualTo(3);
    assertThat(json.get("commits").asInt()).isEqualTo(6);
  }

  @Test
  void aTemplateLaysOutTheHouseFormat() throws Exception {
    Files.writeString(
        dir.resolve("house.mustache"),
        """
        {{#releases}}
        == {{title}}{{#tagged}} ({{date}}){{/tagged}} ==
        {{#categories}}
        {{title}}:
        {{#entries}}
          * {{summary}} <{{shortSha}}> {{commitUrl}}
        {{/entries}}
        {{/categories}}
        {{/releases}}
        """);
    Cli.Result result =
        Cli.run(dir, "changelog", "--range", "HEAD", "--template", "house.mustache");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("== Unreleased ==\n")
        .contains("== v1.1.0 (2026-01-01) ==\nFixed:\n  * stop routing to halted venues <")
        .contains(" https://git.example.com/trading/commit/")
        .doesNotContain("&lt;", "# Changelog");
  }

  @Test
  void aBrokenTemplateOrAPartialIsAClearError() throws Exception {
    Files.writeString(dir.resolve("broken.mustache"), "{{#releases}}\n{{title}}\n");
    Cli.Result broken =
        Cli.run(dir, "changelog", "--range", "HEAD", "--template", "broken.mustache");
    assertThat(broken.exitCode()).isEqualTo(7);
    assertThat(broken.err()).contains("broken.mustache").doesNotContain("Exception");

    Files.writeString(dir.resolve("partial.mustache"), "{{> /etc/passwd}}\n");
    Cli.Result partial =
        Cli.run(dir, "changelog", "--range", "HEAD", "--template", "partial.mustache");
    assertThat(partial.exitCode()).isEqualTo(7);
    assertThat(partial.err()).contains("partials are not supported");
    assertThat(partial.out()).doesNotContain("root:");
  }
}
