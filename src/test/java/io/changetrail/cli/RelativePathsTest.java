package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -C DIR} means "run as if started in DIR", as git's {@code -C}: a relative file named by an
 * option is read or written under DIR, never under the directory the JVM started in (these tests
 * run with the project as the working directory, where none of these files exist).
 */
class RelativePathsTest {
  @TempDir Path dir;
  TestRepo repo;
  String ledger;

  @BeforeEach
  void repositoryAndHome() {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    System.setProperty("changetrail.home", dir.resolve("home").toString());
  }

  @AfterEach
  void clearHome() {
    System.clearProperty("changetrail.home");
  }

  @Test
  void keyFilesBundlesAndSignerFilesAreUnderTheDirectoryOfDashC() throws Exception {
    Cli.Result generated =
        run("keys", "generate", "--name", "example.com/ledger", "--key-file", "keys/ledger.key");
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    assertThat(repo.root().resolve("keys/ledger.key")).exists();
    assertThat(repo.root().resolve("keys/ledger.pub")).exists();
    assertThat(Path.of("keys/ledger.key")).doesNotExist();

    Cli.Result appended =
        withLedger("audit", "append", "--actor", "alice", "--kind", "note", "--data", "{\"n\":1}");
    assertThat(appended.exitCode()).as(appended.err()).isZero();
    Cli.Result checkpoint = withLedger("audit", "checkpoint", "--key-file", "keys/ledger.key");
    assertThat(checkpoint.exitCode()).as(checkpoint.err()).isZero();
    Cli.Result exported =
        withLedger("audit", "export", "--out", "q3.bundle", "--key-file", "keys/ledger.key");
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    assertThat(repo.root().resolve("q3.bundle")).exists();

    String key = Files.readString(repo.root().resolve("keys/ledger.pub")).strip();
    Cli.Result verified = run("audit", "verify", "--bundle", "q3.bundle", "--key", key);
    assertThat(verified.exitCode()).as(verified.err() + verified.out()).isZero();
  }

  @Test
  void calibrateWritesItsModelAndFeaturesUnderTheDirectoryOfDashC() throws Exception {
    for (int i = 0; i < 120; i++) {
      repo.file("order-router/src/main/java/acme/F" + i + ".java", "class F" + i + " {}\n")
          .commit("FEATURE: f" + i);
      if (i % 4 == 3) {
        repo.file(
                "order-router/src/main/java/acme/F" + (i - 2) + ".java",
                "class F" + (i - 2) + " { int fixed; }\n")
            .commit("BUGFIX: f" + (i - 2) + " was wrong");
      }
    }
    Cli.Result calibrated =
        withLedger(
            "calibrate",
            "--output",
            "model/risk.json",
            "--features-csv",
            "features.csv",
            "--immature-months",
            "0");
    assertThat(calibrated.exitCode()).as(calibrated.err()).isZero();
    assertThat(repo.root().resolve("model/risk.json")).exists();
    assertThat(repo.root().resolve("features.csv")).exists();
    assertThat(Path.of("features.csv")).doesNotExist();
  }

  private Cli.Result run(String... args) {
    return Cli.run(repo.root(), args);
  }

  private Cli.Result withLedger(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }
}
