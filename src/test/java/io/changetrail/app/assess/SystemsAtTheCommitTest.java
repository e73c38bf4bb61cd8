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

/**
 * The systems changetrail.yml declares are read from the assessed commit's own tree (and its
 * base's), not from today's work tree; a commit from before the file existed takes the work tree's,
 * and the assessment says which it used.
 */
class SystemsAtTheCommitTest {
  @TempDir Path dir;

  private static String config(String commonSystem, int tier) {
    return "version: 1\nsystems:\n  "
        + commonSystem
        + ":\n    paths: [common/]\n    tier: "
        + tier
        + "\n  router:\n    paths: [order-router/, risk-engine/]\n    tier: 3\n";
  }

  private static Map<String, Integer> systems(JsonNode assessment) {
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode system : assessment.at("/systems/affected")) {
      if (system.get("direct").asBoolean()) {
        out.put(system.get("name").asText(), system.get("tier").asInt());
      }
    }
    return out;
  }

  private JsonNode assess(String commit) throws Exception {
    Cli.Result result = Cli.run(dir, "assess", "--commit", commit, "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return new ObjectMapper().readTree(result.out());
  }

  /** core (tier 1) at first; then the same paths become money (tier 2). */
  private TestRepo renamedSystem() {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("changetrail.yml", config("core", 1)).commit("CONFIGURATION: systems declared");
    repo.file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n")
        .commit("BUGFIX: money in cents");
    repo.file("changetrail.yml", config("money", 2)).commit("CONFIGURATION: core is money now");
    repo.file("common/src/main/java/acme/Money.java", "class Money { long micros; }\n")
        .commit("BUGFIX: money in micros");
    return repo;
  }

  @Test
  void anOldCommitIsAssessedWithTheSystemsItsOwnChangetrailYmlDeclared() throws Exception {
    renamedSystem();
    JsonNode old = assess("HEAD~2");
    assertThat(systems(old)).containsExactly(Map.entry("core", 1));
    assertThat(old.at("/systems/source").asText()).startsWith("changetrail.yml at the commit");

    JsonNode today = assess("HEAD");
    assertThat(systems(today)).containsExactly(Map.entry("money", 2));
  }

  @Test
  void eachCommitOfARangeHasItsOwnSystemsAndTheChangeOfTheFileHasBoth() throws Exception {
    renamedSystem();
    Cli.Result result =
        Cli.run(dir, "assess", "--range", "HEAD~3..HEAD", "--each", "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    List<JsonNode> each = new ArrayList<>();
    for (String line : result.out().strip().split("\n")) {
      each.add(new ObjectMapper().readTree(line));
    }
    assertThat(each).hasSize(3);
    // newest first: micros (money), the rename itself, cents (core)
    assertThat(each.get(0).at("/systems/affected/0/name").asText()).isEqualTo("money");
    assertThat(each.get(2).at("/systems/affected/0/name").asText()).isEqualTo("core");
    assertThat(each.get(2).at("/systems/affected/0/tier").asInt()).isEqualTo(1);
    // the commit that renames: its own systems, with those of its base for what it leaves behind
    assertThat(each.get(1).at("/systems/source").asText())
        .startsWith("changetrail.yml at the commit");
    assertThat(each.get(1).toString()).contains("changetrail.yml");
  }

  @Test
  void aCommitFromBeforeTheFileExistedTakesTheWorkTreesAndSaysSo() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n")
        .commit("BUGFIX: money in cents");
    repo.file("changetrail.yml", config("core", 1)).commit("CONFIGURATION: systems declared");

    JsonNode before = assess("HEAD~1");
    assertThat(systems(before)).containsExactly(Map.entry("core", 1));
    assertThat(before.at("/systems/source").asText())
        .startsWith("changetrail.yml of the work tree (none at the commit)");

    Cli.Result text = Cli.run(dir, "assess", "--commit", "HEAD~1");
    assertThat(text.out()).contains("from changetrail.yml of the work tree (none at the commit)");
  }

  @Test
  void aCommittedFileThatCannotBeReadFallsBackToTheWorkTreesWithANote() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file(
            "changetrail.yml", "version: 1\nsystems:\n  core:\n    paths: [common/]\n    tier: 9\n")
        .file("common/src/main/java/acme/Money.java", "class Money { long cents; }\n")
        .commit("BUGFIX: money in cents, with a broken configuration");
    repo.file("changetrail.yml", config("money", 2)).commit("CONFIGURATION: fixed");

    JsonNode broken = assess("HEAD~1");
    assertThat(systems(broken)).containsEntry("money", 2).doesNotContainKey("core");
    assertThat(broken.at("/systems/source").asText())
        .startsWith("changetrail.yml of the work tree");
    assertThat(broken.at("/notes").toString())
        .contains("changetrail.yml at the commit cannot be read")
        .contains("tier");
  }
}
