package io.changetrail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks as a user gets them: installed by the packaged jar (which makes the class archive),
 * then run by git on real commits and a real push.
 */
class DocumentsPackagedJarIT {
  @TempDir Path dir;

  private static final String DOCUMENT =
      """
      BUGFIX: stop routing orders to halted venues

      ## Context and Rationale
      Orders for XLON were routed during the 14:02 halt.

      ## Changes Made
      ### router
      - Router checks the venue status

      ## Impact Assessment
      - Risk level: LOW; rollback complexity LOW

      ## Testing and Verification
      - ✅ RouterTest
      """;

  private static String jar() {
    return Path.of(System.getProperty("changetrail.jar", "target/changetrail.jar"))
        .toAbsolutePath()
        .toString();
  }

  /** Runs the packaged jar in the repository, as a user would. */
  private static TestRepo.Attempt changetrail(TestRepo repo, String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("java", "-jar", jar()));
    command.addAll(java.util.List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(repo.root().toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new TestRepo.Attempt(process.waitFor(), output);
  }

  @Test
  void hooksInstalledByTheJarGateCommitsAndTheChangelogReadsThem() throws Exception {
    TestRepo repo = TestRepo.init(Files.createDirectories(dir.resolve("repo")));
    repo.file("README.md", "x\n").commit("GENERAL: initial import");
    TestRepo.Attempt install =
        repo.attempt(Map.of(), "-c", "alias.ct=!java -jar " + jar(), "ct", "hooks", "install");
    assertThat(install.code()).as(install.output()).isZero();
    assertThat(install.output()).contains("class archive");
    assertThat(repo.root().resolve(".git/changetrail/changetrail.jsa")).exists();
    assertThat(Files.readString(repo.root().resolve(".git/hooks/commit-msg"))).contains(jar());

    repo.file("router/Router.java", "class Router {}\n").stage();
    TestRepo.Attempt bad = repo.attempt(Map.of(), "commit", "-q", "-m", "fixed stuff");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.output()).contains("message.minimal").doesNotContain("cds");

    Files.writeString(dir.resolve("msg.txt"), DOCUMENT);
    TestRepo.Attempt good =
        repo.attempt(Map.of(), "commit", "-q", "-F", dir.resolve("msg.txt").toString());
    assertThat(good.code()).as(good.output()).isZero();
    assertThat(good.output()).isEmpty();

    TestRepo.Attempt changelog =
        repo.attempt(
            Map.of(),
            "-c",
            "alias.ct=!java -jar " + jar(),
            "ct",
            "changelog",
            "--range",
            "HEAD~1..HEAD");
    assertThat(changelog.output())
        .contains("### Fixed", "#### router", "stop routing orders to halted venues");
  }
}
