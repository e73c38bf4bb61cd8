package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output as long as the change: one reactor build for the modules, a template of the plan. */
class ProportionateOutputTest {
  @TempDir Path dir;

  @Test
  void aOneLineChangeOfAModuleOthersDependOnIsOneReactorBuild() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n").stage();

    Cli.Result json = Cli.run(dir, "assess", "--format", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode testing = new ObjectMapper().readTree(json.out()).get("testing");
    assertThat(testing.findValuesAsText("command"))
        .filteredOn(c -> !c.isEmpty())
        .containsExactly("mvn -pl common,order-router,risk-engine -am verify");
    assertThat(testing.toString()).doesNotContain("Integration tests across");

    Cli.Result template = Cli.run(dir, "template");
    assertThat(template.exitCode()).as(template.err()).isZero();
    String testingSection =
        template.out().substring(template.out().indexOf("## Testing and Verification"));
    assertThat(testingSection.lines().filter(l -> l.startsWith("- [ ]")))
        .hasSize(2) // the reactor build, and the production change without test changes
        .anyMatch(l -> l.contains("`mvn -pl common,order-router,risk-engine -am verify`"))
        .anyMatch(l -> l.contains("order-router, risk-engine (depend on a changed system)"));
    assertThat(template.out().split("TODO", -1).length - 1).isLessThanOrEqualTo(5);
  }

  @Test
  void systemsChangedTogetherKeepTheirIntegrationTest() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int venues; }\n")
        .stage();
    JsonNode testing =
        new ObjectMapper()
            .readTree(Cli.run(dir, "assess", "--format", "json").out())
            .get("testing");
    assertThat(testing.toString()).contains("Integration tests across common, order-router");
    assertThat(testing.findValuesAsText("command"))
        .filteredOn(c -> !c.isEmpty())
        .containsExactly("mvn -pl common,order-router,risk-engine -am verify");
  }

  /** A Maven reactor (no changetrail.yml): a parent pom, core, and modules m1..m8 using core. */
  private static TestRepo reactor(Path dir) {
    TestRepo repo = TestRepo.init(dir);
    StringBuilder modules = new StringBuilder("<module>core</module>");
    for (int i = 1; i <= 8; i++) {
      modules.append("<module>m").append(i).append("</module>");
    }
    repo.file(
        "pom.xml",
        "<project><modelVersion>4.0.0</modelVersion><groupId>acme</groupId>"
            + "<artifactId>parent</artifactId><version>1</version><packaging>pom</packaging>"
            + "<modules>"
            + modules
            + "</modules></project>\n");
    String parent =
        "<parent><groupId>acme</groupId><artifactId>parent</artifactId><version>1</version></parent>";
    repo.file(
        "core/pom.xml",
        "<project><modelVersion>4.0.0</modelVersion>"
            + parent
            + "<artifactId>core</artifactId></project>\n");
    repo.file("core/src/main/java/acme/Core.java", "class Core {}\n");
    for (int i = 1; i <= 8; i++) {
      repo.file(
          "m" + i + "/pom.xml",
          "<project><modelVersion>4.0.0</modelVersion>"
              + parent
              + "<artifactId>m"
              + i
              + "</artifactId><dependencies><dependency><groupId>acme</groupId>"
              + "<artifactId>core</artifactId><version>1</version></dependency></dependencies>"
              + "</project>\n");
      repo.file("m" + i + "/src/main/java/acme/M" + i + ".java", "class M" + i + " {}\n");
    }
    return repo.commit("FEATURE: the reactor");
  }

  @Test
  void aChangedParentPomIsOneBuildOfTheWholeReactorAndLongListsAreCounted() throws Exception {
    TestRepo repo = reactor(dir);
    String pom = java.nio.file.Files.readString(dir.resolve("pom.xml"));
    repo.file(
            "pom.xml", pom.replace("<version>1</version>", "<version>1</version><!-- java 17 -->"))
        .file("core/src/main/java/acme/Core.java", "class Core { int x; }\n")
        .stage();

    Cli.Result json = Cli.run(dir, "assess", "--format", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode testing = new ObjectMapper().readTree(json.out()).get("testing");
    assertThat(testing.findValuesAsText("command"))
        .as(testing.toString())
        .filteredOn(c -> !c.isEmpty())
        .containsExactly("mvn verify");
    assertThat(testing.findValuesAsText("description"))
        .anyMatch(
            d -> d.startsWith("Run the tests of the whole reactor: the parent build (parent)"))
        .anyMatch(
            d ->
                d.endsWith(
                    "files changed in parent, core; m1, m2, m3, m4, m5 and 3 more depend on a changed system"));
  }

  @Test
  void aModuleManyDependOnNamesAFewAndCountsTheRest() throws Exception {
    TestRepo repo = reactor(dir);
    repo.file("core/src/main/java/acme/Core.java", "class Core { int x; }\n").stage();
    JsonNode testing =
        new ObjectMapper()
            .readTree(Cli.run(dir, "assess", "--format", "json").out())
            .get("testing");
    assertThat(testing.findValuesAsText("command"))
        .filteredOn(c -> !c.isEmpty())
        .containsExactly("mvn -pl core,m1,m2,m3,m4,m5,m6,m7,m8 -am verify");
    assertThat(testing.findValuesAsText("description"))
        .anyMatch(
            d ->
                d.equals(
                    "Run the tests of core (files changed) and of m1, m2, m3, m4, m5 and 3 more"
                        + " (depend on a changed system), in one Maven reactor build"));
  }
}
