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

class CalibrateCommandTest {
  @TempDir Path dir;

  /**
   * A history where large features plant a bug that a later fix removes, and small changes are
   * clean: SZZ finds the planted bugs, and the model learns that size matters.
   */
  static TestRepo plantedHistory(Path dir, int rounds) {
    TestRepo repo = TestRepo.init(dir);
    for (int i = 0; i < rounds; i++) {
      if (i % 3 == 0) {
        StringBuilder body = new StringBuilder("package acme;\n\nclass F" + i + " {\n");
        for (int line = 0; line < 40; line++) {
          body.append("  int v").append(line).append(" = ").append(line).append(";\n");
        }
        body.append("  int bug = broken();\n}\n");
        repo.as("Dev " + (i % 4), "dev" + (i % 4) + "@example.com")
            .file("src/main/java/acme/F" + i + ".java", body.toString())
            .commit("FEATURE: feature " + i);
      } else {
        repo.as("Dev " + (i % 4), "dev" + (i % 4) + "@example.com")
            .file("src/main/java/acme/S" + i + ".java", "class S" + i + " {}\n")
            .commit("ENHANCEMENT: small change " + i);
      }
      if (i % 3 == 2) {
        int planted = i - 2;
        Path file = dir.resolve("src/main/java/acme/F" + planted + ".java");
        try {
          Files.writeString(
              file, Files.readString(file).replace("int bug = broken();", "int bug = 0;"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        repo.commit("BUGFIX: F" + planted + " was broken");
      }
    }
    return repo;
  }

  @Test
  void calibratesOnTheHistoryAndWritesAReviewableModel() throws Exception {
    plantedHistory(dir, 120);
    Cli.Result result = Cli.run(dir, "calibrate", "--immature-months", "0");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("40 fix commits found, 40 traced back: 40 bug-inducing commits (SZZ)")
        .contains("0 from failed deployments in the ledger (production: prod, production)")
        .contains("model ")
        .contains("lines added ")
        .contains("built-in score ")
        .containsPattern(
            "Thresholds: HIGH for the riskiest 10% of the commits fitted on, MEDIUM or above for"
                + " 35%; held-out: HIGH \\d+\\.\\d%, MEDIUM or above \\d+\\.\\d%")
        .contains("Model written to");
    Path model = dir.resolve(".changetrail/risk-model.json");
    JsonNode json = new ObjectMapper().readTree(Files.readString(model));
    assertThat(json.path("schema").asText()).isEqualTo("changetrail.risk-model/v1");
    assertThat(json.path("features").size()).isGreaterThan(15);
    assertThat(json.path("thresholds").path("high").asDouble())
        .isGreaterThanOrEqualTo(json.path("thresholds").path("medium").asDouble());
    assertThat(json.at("/calibration/labels/szz").asInt()).isEqualTo(40);
    assertThat(json.at("/calibration/levels/highShare").asDouble()).isEqualTo(0.10);
    assertThat(json.at("/calibration/levels/mediumOrHigherShare").asDouble()).isEqualTo(0.35);
    assertThat(json.at("/calibration/levels/commits").asInt()).isPositive();
    assertThat(json.at("/calibration/evaluation/figures/model/rocAuc").asDouble())
        .isGreaterThan(0.9);

    // deterministic: calibrating the same history again writes the same file
    String first = Files.readString(model);
    assertThat(Cli.run(dir, "calibrate", "--immature-months", "0").exitCode()).isZero();
    assertThat(Files.readString(model)).isEqualTo(first);
  }

  @Test
  void assessUsesTheModelAndSaysWhatWouldLowerTheRisk() throws Exception {
    TestRepo repo = plantedHistory(dir, 120);
    assertThat(Cli.run(dir, "calibrate", "--immature-months", "0").exitCode()).isZero();
    StringBuilder big = new StringBuilder("class Big {\n");
    for (int i = 0; i < 300; i++) {
      big.append("  int v").append(i).append(";\n");
    }
    repo.as("Newcomer", "new@example.com")
        .file("src/main/java/acme/Big.java", big.append("}\n").toString())
        .commit("FEATURE: a big one");

    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("calibrated model: probability")
        .containsPattern(
            "\\+\\s*\\d+\\s+la\\s+lines added: \\d+ \\(typical [\\d.]+\\); to lower it: split")
        .contains("Risk                 HIGH");
    Cli.Result again = Cli.run(dir, "assess", "--commit", "HEAD");
    assertThat(again.out()).isEqualTo(result.out());

    Cli.Result json = Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json");
    JsonNode risk = new ObjectMapper().readTree(json.out()).path("risk");
    assertThat(risk.path("probability").asDouble()).isBetween(0.0, 1.0);
    assertThat(risk.path("level").asText()).isEqualTo("HIGH");
  }

  @Test
  void eachCommitOfARangeIsScoredByTheModelAsItsOwnAssessmentIs() throws Exception {
    TestRepo repo = plantedHistory(dir, 120);
    assertThat(Cli.run(dir, "calibrate", "--immature-months", "0").exitCode()).isZero();
    StringBuilder big = new StringBuilder("class Big {\n");
    for (int i = 0; i < 300; i++) {
      big.append("  int v").append(i).append(";\n");
    }
    repo.as("Newcomer", "new@example.com")
        .file("src/main/java/acme/Big.java", big.append("}\n").toString())
        .commit("FEATURE: a big one")
        .as("Dev 1", "dev1@example.com")
        .file("src/main/java/acme/S1.java", "class S1 { int x; }\n")
        .commit("ENHANCEMENT: a small one");

    Cli.Result each =
        Cli.run(dir, "assess", "--range", "HEAD~2..HEAD", "--each", "--format", "json");
    assertThat(each.exitCode()).as(each.err()).isZero();
    ObjectMapper mapper = new ObjectMapper();
    java.util.List<String> lines = each.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode line = mapper.readTree(lines.get(i));
      assertThat(line.at("/risk/probability").isNumber()).as(lines.get(i)).isTrue();
      Cli.Result one = Cli.run(dir, "assess", "--commit", "HEAD~" + i, "--format", "json");
      assertThat(line).isEqualTo(mapper.readTree(one.out()));
    }
  }

  @Test
  void aModelsLearnedSignsDecideWhatItAdvises() throws Exception {
    // a reviewed model file whose weights point both ways: small changes and large test
    // additions went with bugs (activemq's model gave tla a positive weight), deletions the usual
    // way; its advice must never be what would raise the score
    TestRepo repo = TestRepo.init(dir);
    repo.lines("src/main/java/acme/Order.java", 40).commit("FEATURE: order");
    Files.createDirectories(dir.resolve(".changetrail"));
    Files.writeString(
        dir.resolve(".changetrail/risk-model.json"),
        """
        {"schema": "changetrail.risk-model/v1", "intercept": -1.5, "l2": 0.01,
         "features": [
           {"name": "la", "transform": "log1p", "mean": 6.0, "sd": 1.0, "coefficient": -0.8},
           {"name": "ld", "transform": "log1p", "mean": 0.5, "sd": 1.0, "coefficient": 0.5},
           {"name": "tla", "transform": "log1p", "mean": 0.5, "sd": 1.0, "coefficient": 0.8}],
         "thresholds": {"medium": 0.2, "high": 0.4}}
        """);
    StringBuilder test = new StringBuilder("class OrderTest {\n");
    for (int i = 0; i < 120; i++) {
      test.append("  void t").append(i).append("() {}\n");
    }
    repo.lines("src/main/java/acme/Order.java", 20)
        .file("src/test/java/acme/OrderTest.java", test.append("}\n").toString())
        .commit("ENHANCEMENT: order with its tests");

    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern(
            "\\+\\s*\\d+\\s+tla\\s+lines of tests added: 122 \\(typical 0.6\\); large test"
                + " additions went with bug-inducing changes in this history: a reviewer should"
                + " look at what the tests cover")
        .containsPattern(
            "\\+\\s*\\d+\\s+la\\s+lines added: \\d+ \\(typical 402\\); in this history a"
                + " value below typical went with bug-inducing changes: no remedy")
        .containsPattern(
            "\\+\\s*\\d+\\s+ld\\s+lines deleted: 20 \\(typical 0.6\\); to lower it: split")
        .doesNotContain("add the missing test");
  }

  @Test
  void tooLittleHistoryIsRefusedWithWhatIsNeeded() {
    TestRepo repo = TestRepo.init(dir);
    for (int i = 0; i < 5; i++) {
      repo.file("a" + i + ".txt", "x\n").commit("FEATURE: " + i);
    }
    Cli.Result result = Cli.run(dir, "calibrate");
    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err())
        .contains("too little history to calibrate: 0 mature commit(s), at least 100 are needed")
        .doesNotContain("Exception");
    assertThat(dir.resolve(".changetrail/risk-model.json")).doesNotExist();
  }

  @Test
  void aBrokenModelFileIsAClearConfigurationError() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("a.txt", "x\n").commit("FEATURE: a");
    Files.createDirectories(dir.resolve(".changetrail"));
    Files.writeString(dir.resolve(".changetrail/risk-model.json"), "{\"schema\": \"other\"}");
    Cli.Result result = Cli.run(dir, "assess", "--commit", "HEAD");
    assertThat(result.exitCode()).isEqualTo(6);
    assertThat(result.err()).contains("is not a usable risk model").contains("recalibrate");
  }
}
