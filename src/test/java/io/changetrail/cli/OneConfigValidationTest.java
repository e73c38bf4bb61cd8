package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command validates the whole changetrail.yml: a value that lint refuses is refused by assess
 * too, instead of passing there and breaking the commit hook later.
 */
class OneConfigValidationTest {
  @TempDir Path dir;

  @Test
  void aBadLintRuleIsRefusedByEveryCommandWithItsPlace() {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("changetrail.yml", "version: 1\nlint:\n  rules:\n    doc.no-such-rule: error\n")
        .commit("CONFIGURATION: lint rules");
    repo.file("order-router/src/main/java/acme/Router.java", "class Router { int x; }\n").stage();
    for (String[] command :
        new String[][] {
          {"assess"},
          {"assess", "--commit", "HEAD"},
          {"template"},
          {"lint", "--commit", "HEAD"},
          {"changelog", "--commit", "HEAD"},
          {"change", "list"}
        }) {
      Cli.Result result = Cli.run(repo.root(), command);
      assertThat(result.exitCode())
          .as(String.join(" ", command) + ": " + result.err())
          .isEqualTo(6);
      assertThat(result.err()).contains("changetrail.yml:4", "doc.no-such-rule");
    }
  }

  @Test
  void aBadLifecycleSettingIsRefusedByAssessToo() {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("changetrail.yml", "version: 1\napprovals:\n  required:\n    HIGH: many\n")
        .commit("CONFIGURATION: approvals");
    Cli.Result result = Cli.run(repo.root(), "assess", "--commit", "HEAD");
    assertThat(result.exitCode()).as(result.err()).isEqualTo(6);
    assertThat(result.err()).contains("changetrail.yml");
  }
}
