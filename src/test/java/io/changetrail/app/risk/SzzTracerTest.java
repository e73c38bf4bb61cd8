package io.changetrail.app.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.git.GitRepository;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SzzTracerTest {
  @TempDir Path dir;

  private static final String FEES =
      "package acme;\n"
          + "\n"
          + "class Fees {\n"
          + "  int total(int a, int b) {\n"
          + "    return a + b;\n"
          + "  }\n"
          + "}\n";

  @Test
  void theFixLeadsBackToTheCommitThatPlantedTheBug() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("src/main/java/acme/Fees.java", FEES).commit("FEATURE: fees");
    String clean = repo.head();
    repo.as("Bob Bug", "bob@example.com")
        .file("src/main/java/acme/Fees.java", FEES.replace("a + b", "a - b"))
        .commit("ENHANCEMENT: fees net of rebates");
    String planted = repo.head();
    // a reformatting commit re-indents the bad line and adds a comment: blame -w sees through it
    repo.as("Carol Format", "carol@example.com")
        .file(
            "src/main/java/acme/Fees.java",
            FEES.replace("    return a + b;", "      return a - b;\n    // net of rebates"))
        .commit("CLEANUP: formatting");
    String formatting = repo.head();
    repo.as("Alice Author", "alice@example.com")
        .file("src/main/java/acme/Fees.java", FEES)
        .file("src/test/java/acme/FeesTest.java", "class FeesTest { /* was wrong */ }\n")
        .commit("fix: fees were subtracted");
    String fix = repo.head();

    GitRepository git = GitRepository.open(dir);
    SzzTracer.Result result =
        new SzzTracer(git)
            .trace(
                Map.of(fix, formatting),
                Set.of(clean, planted, formatting, fix),
                CalibrateRisk.Progress.NONE);

    assertThat(result.bugInducing()).containsExactly(planted);
    assertThat(result.tracedFixes()).isEqualTo(1);
    assertThat(result.blameFailures()).isZero();
  }

  @Test
  void aFixThatOnlyAddsLinesTracesNothing() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("src/main/java/acme/Fees.java", FEES).commit("FEATURE: fees");
    String parent = repo.head();
    repo.file(
            "src/main/java/acme/Fees.java",
            FEES.replace("}\n}\n", "}\n  int zero() { return 0; }\n}\n"))
        .commit("fix: missing zero");
    SzzTracer.Result result =
        new SzzTracer(GitRepository.open(dir))
            .trace(Map.of(repo.head(), parent), Set.of(parent), CalibrateRisk.Progress.NONE);
    assertThat(result.bugInducing()).isEmpty();
    assertThat(result.tracedFixes()).isZero();
  }
}
