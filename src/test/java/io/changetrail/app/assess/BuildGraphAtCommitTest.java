package io.changetrail.app.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed changes are assessed against the build graph of their own commit, not of today. */
class BuildGraphAtCommitTest {
  @TempDir Path dir;

  private static final String ROOT_POM =
      "<project><modelVersion>4.0.0</modelVersion><groupId>acme</groupId>"
          + "<artifactId>platform</artifactId><version>1</version><packaging>pom</packaging>"
          + "<modules>%s</modules></project>";

  private static String rootPom(String... modules) {
    StringBuilder out = new StringBuilder();
    for (String module : modules) {
      out.append("<module>").append(module).append("</module>");
    }
    return String.format(ROOT_POM, out);
  }

  /** common <- risk-engine <- order-router, then the graph changes after the assessed commit. */
  private TestRepo history() {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n")
        .commit("BUGFIX: money in cents");
    // later: order-router stops using common and risk-engine; a new gateway uses common
    repo.file("pom.xml", rootPom("common", "risk-engine", "order-router", "gateway"))
        .file("order-router/pom.xml", TestRepo.modulePom("order-router"))
        .file("gateway/pom.xml", TestRepo.modulePom("gateway", "common"))
        .file("gateway/src/main/java/acme/Gateway.java", "class Gateway {}\n")
        .commit("FEATURE: gateway");
    return repo;
  }

  private static Map<String, String> systems(JsonNode assessment) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode system : assessment.at("/systems/affected")) {
      out.put(
          system.get("name").asText(), system.get("direct").asBoolean() ? "direct" : "indirect");
    }
    return out;
  }

  @Test
  void anOldCommitIsAssessedWithTheModulesAndDependenciesItHad() throws Exception {
    history();
    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD~1", "--format", "json");
    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(systems(json))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of("common", "direct", "risk-engine", "indirect", "order-router", "indirect")));
  }

  @Test
  void eachCommitOfARangeUsesItsOwnBuildGraph() throws Exception {
    TestRepo repo = history();
    repo.file("common/src/main/java/acme/Money.java", "class Money { long micros; }\n")
        .commit("BUGFIX: money in micros");
    Cli.Result result =
        Cli.run(dir, "assess", "--range", "HEAD~3..HEAD", "--each", "--format", "json");
    assertThat(result.exitCode()).isZero();
    List<Map<String, String>> each = new ArrayList<>();
    for (String line : result.out().lines().toList()) {
      each.add(systems(new ObjectMapper().readTree(line)));
    }
    // newest first: micros (today's graph), gateway, cents (the old graph)
    assertThat(each.get(0))
        .containsEntry("gateway", "indirect")
        .containsEntry("risk-engine", "indirect")
        .doesNotContainKey("order-router");
    assertThat(each.get(2)).containsEntry("order-router", "indirect").doesNotContainKey("gateway");
  }

  @Test
  void aRemovedModuleIsNamedFromTheBaseOfTheChange() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("pom.xml", rootPom("common", "order-router"))
        .file("order-router/pom.xml", TestRepo.modulePom("order-router", "common"))
        .delete("risk-engine")
        .commit("CLEANUP: risk engine retired");
    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json");
    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(systems(json))
        .containsEntry("risk-engine", "direct")
        .doesNotContainKey("(unassigned)");
    Cli.Result range = Cli.run(dir, "assess", "--range", "HEAD~1..HEAD", "--format", "json");
    assertThat(systems(new ObjectMapper().readTree(range.out())))
        .containsEntry("risk-engine", "direct")
        .doesNotContainKey("(unassigned)");
  }

  @Test
  void stagedChangesStillUseTheWorkTree() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("pom.xml", rootPom("common", "risk-engine", "order-router", "gateway"))
        .file("gateway/pom.xml", TestRepo.modulePom("gateway", "common"))
        .file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n")
        .stage();
    Cli.Result result = Cli.run(dir, "assess", "--format", "json");
    assertThat(result.exitCode()).isZero();
    assertThat(systems(new ObjectMapper().readTree(result.out())))
        .containsEntry("gateway", "direct")
        .containsEntry("common", "direct");
  }

  @Test
  void aModuleRunningASiblingAsABuildPluginDependsOnIt() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("pom.xml", rootPom("common", "risk-engine", "order-router", "codegen", "messages"))
        .file("codegen/pom.xml", TestRepo.modulePom("codegen"))
        .file("codegen/src/main/java/acme/Generate.java", "class Generate {}\n")
        .file(
            "messages/pom.xml",
            "<project><parent><groupId>acme</groupId><artifactId>platform</artifactId>"
                + "<version>1</version></parent><artifactId>messages</artifactId>"
                + "<build><plugins><plugin><groupId>acme</groupId><artifactId>codegen</artifactId>"
                + "</plugin></plugins></build></project>")
        .commit("FEATURE: generated messages");
    repo.file("codegen/src/main/java/acme/Generate.java", "class Generate { int v; }\n")
        .commit("BUGFIX: generator");
    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json");
    assertThat(systems(new ObjectMapper().readTree(result.out())))
        .containsEntry("codegen", "direct")
        .containsEntry("messages", "indirect");
  }

  @Test
  void aSystemIsListedOnceWhenItIsBothChangedAndDependent() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n")
        .file("order-router/src/test/java/acme/RouterTest.java", "class RouterTest { int x; }\n")
        .commit("BUGFIX: cents");
    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json");
    JsonNode affected = new ObjectMapper().readTree(result.out()).at("/systems/affected");
    List<String> names = new ArrayList<>();
    affected.forEach(s -> names.add(s.get("name").asText()));
    assertThat(names).containsOnlyOnce("order-router").containsOnlyOnce("risk-engine");
    assertThat(systems(new ObjectMapper().readTree(result.out())))
        .containsEntry("order-router", "direct");
  }

  /** Side branches of merges: their trees are derived forward from their parents' trees. */
  @Test
  void eachAgreesWithOneCommitAtATimeAcrossMergedBranches() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    String base = repo.head();
    repo.branch("graph")
        .file("order-router/pom.xml", TestRepo.modulePom("order-router"))
        .file("order-router/src/main/java/acme/Router.java", "class Router { int a; }\n")
        .commit("ENHANCEMENT: router stands alone")
        .file("common/src/main/java/acme/Money.java", "class Money { int a; }\n")
        .commit("BUGFIX: money on the branch")
        .checkout("main")
        .file("risk-engine/pom.xml", TestRepo.modulePom("risk-engine"))
        .commit("ENHANCEMENT: risk engine stands alone")
        .file("risk-engine/src/main/java/acme/RiskCheck.java", "class RiskCheck { long b; }\n")
        .commit("BUGFIX: risk check on main")
        .merge("graph", "INTEGRATION: merge graph");
    repo.file("common/src/main/java/acme/Money.java", "class Money { long c; }\n")
        .commit("BUGFIX: money after the merge");
    Cli.Result each =
        Cli.run(dir, "assess", "--range", base + "..HEAD", "--each", "--format", "json");
    assertThat(each.exitCode()).isZero();
    List<String> lines = each.out().lines().toList();
    assertThat(lines).hasSize(6);
    for (String line : lines) {
      JsonNode fromEach = new ObjectMapper().readTree(line);
      String sha = fromEach.at("/commits/0/sha").asText();
      Cli.Result one = Cli.run(dir, "assess", "--commit", sha, "--format", "json");
      assertThat(systems(fromEach))
          .as("commit %s", fromEach.at("/description").asText())
          .isEqualTo(systems(new ObjectMapper().readTree(one.out())));
    }
  }

  /** common and risk-engine at v1..v2; risk-engine leaves the build after v2. */
  private TestRepo retiredAfterRelease() {
    TestRepo repo = TestRepo.tradingSystem(dir).tag("v1");
    repo.file("risk-engine/src/main/java/acme/RiskCheck.java", "class RiskCheck { int max; }\n")
        .commit("ENHANCEMENT: tighter checks")
        .tag("v2");
    repo.file("pom.xml", rootPom("common", "order-router"))
        .file("order-router/pom.xml", TestRepo.modulePom("order-router", "common"))
        .delete("risk-engine")
        .commit("CLEANUP: retired");
    return repo;
  }

  @Test
  void aReleaseChangelogGroupsByTheSystemsOfItsOwnCommits() throws Exception {
    retiredAfterRelease();
    Cli.Result result = Cli.run(dir, "changelog", "--range", "v1..v2", "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    List<String> systems = new ArrayList<>();
    json.findValues("systems").forEach(node -> node.forEach(s -> systems.add(s.asText())));
    assertThat(systems).contains("risk-engine");
  }

  @Test
  void theSystemsOfCommitsAndRangesAreThoseOfTheirOwnBuildFiles() throws Exception {
    TestRepo repo = retiredAfterRelease();
    String v1 = repo.sha("v1");
    String v2 = repo.sha("v2");
    io.changetrail.app.Workspace workspace = io.changetrail.app.Workspace.open(dir);
    var systems = new AssessChange(workspace).systemsAt(v2, v1);
    assertThat(systems.find("risk-engine")).isPresent();
    assertThat(systems.find("risk-engine").orElseThrow().tests())
        .containsExactly("mvn -pl risk-engine -am verify");
    assertThat(workspace.catalog().find("risk-engine")).isEmpty();
    assertThat(new AssessChange(workspace).systemsOfRange("v1..v2").find("risk-engine"))
        .isPresent();
    assertThat(new AssessChange(workspace).systemsOfRange("v2..").find("risk-engine")).isPresent();
    assertThat(new AssessChange(workspace).systemsOfRange("HEAD").find("risk-engine")).isEmpty();
  }

  @Test
  void aGradleIncludeThatCannotBeReadIsNamedInTheAssessmentNotes() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file(
            "settings.gradle.kts",
            "rootProject.name = \"platform\"\ninclude(\"core\")\n"
                + "listOf(\"router\", \"risk\").forEach { include(it) }\n")
        .file("core/build.gradle.kts", "plugins { java }\n")
        .file("router/src/main/java/Router.java", "class Router {}\n")
        .commit("FEATURE: router");
    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    List<String> notes = new ArrayList<>();
    json.path("notes").forEach(n -> notes.add(n.asText()));
    assertThat(notes)
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains("settings.gradle.kts: include(it)")
                    .contains("not discovered"));
    Cli.Result text = Cli.run(dir, "assess", "--commit", "HEAD");
    assertThat(text.out()).contains("include(it) names its projects by code");
  }
}
