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

  private static final String BOOK =
      "package acme;\n"
          + "\n"
          + "class Book {\n"
          + "  int depth(int bids, int asks) {\n"
          + "    int levels = bids + asks;\n"
          + "    return levels * 2;\n"
          + "  }\n"
          + "\n"
          + "  int spread(int bid, int ask) {\n"
          + "    return ask - bid;\n"
          + "  }\n"
          + "}\n";

  @Test
  void aFixOfAFileRenamedSinceTheBugLeadsBackUnderTheOldPath() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("src/main/java/acme/Fees.java", FEES).commit("FEATURE: fees");
    repo.as("Bob Bug", "bob@example.com")
        .file("src/main/java/acme/Fees.java", FEES.replace("a + b", "a - b"))
        .commit("ENHANCEMENT: fees net of rebates");
    String planted = repo.head();
    repo.as("Carol Move", "carol@example.com")
        .move("src/main/java/acme/Fees.java", "fees/src/main/java/acme/Fees.java")
        .commit("GENERAL: fees get their own module");
    String moved = repo.head();
    // the fix also renames the file: it is blamed under its path in the fix's parent
    repo.as("Alice Author", "alice@example.com")
        .delete("fees/src/main/java/acme/Fees.java")
        .file("fees/src/main/java/acme/FeeTotals.java", FEES)
        .commit("fix: fees were subtracted");
    String fix = repo.head();

    SzzTracer.Result result =
        new SzzTracer(GitRepository.open(dir))
            .trace(Map.of(fix, moved), Set.of(planted, moved, fix), CalibrateRisk.Progress.NONE);

    assertThat(result.bugInducing()).containsExactly(planted);
    assertThat(result.links())
        .containsExactly(new SzzTracer.Link(fix, planted, "src/main/java/acme/Fees.java"));
    assertThat(result.blameFailures()).isZero();
  }

  @Test
  void linesTheFixOnlyMovesAreNotBlamed() {
    TestRepo repo = TestRepo.init(dir);
    repo.as("Ann Depth", "ann@example.com")
        .file("src/main/java/acme/Book.java", BOOK)
        .commit("FEATURE: book depth");
    String depth = repo.head();
    repo.as("Bob Bug", "bob@example.com")
        .file("src/main/java/acme/Book.java", BOOK.replace("ask - bid", "bid - ask"))
        .commit("ENHANCEMENT: spread sign");
    String planted = repo.head();
    // the fix corrects the spread, and on the way moves depth() below it, unchanged
    String fixed =
        "package acme;\n"
            + "\n"
            + "class Book {\n"
            + "  int spread(int bid, int ask) {\n"
            + "    return ask - bid;\n"
            + "  }\n"
            + "\n"
            + "  int depth(int bids, int asks) {\n"
            + "    int levels = bids + asks;\n"
            + "    return levels * 2;\n"
            + "  }\n"
            + "}\n";
    repo.as("Alice Author", "alice@example.com")
        .file("src/main/java/acme/Book.java", fixed)
        .commit("fix: negative spreads");
    String fix = repo.head();

    SzzTracer.Result result =
        new SzzTracer(GitRepository.open(dir))
            .trace(Map.of(fix, planted), Set.of(depth, planted, fix), CalibrateRisk.Progress.NONE);

    assertThat(result.bugInducing()).containsExactly(planted);
  }
}
