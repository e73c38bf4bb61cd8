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
}
