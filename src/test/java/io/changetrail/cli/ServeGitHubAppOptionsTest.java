package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --github-app-id --github-app-key-file}: a key file that is not a GitHub App key, or
 * half of the pair, stops the server at start with one line (exit 12 or 2), never the key's text.
 */
class ServeGitHubAppOptionsTest {
  @TempDir Path dir;

  @Test
  void aKeyFileThatIsNotAnRsaPrivateKeyStopsTheServerNamingTheFileOnly() throws Exception {
    TestRepo repo = TestRepo.init(dir.resolve("repo"));
    Path key = dir.resolve("app.pem");
    Files.writeString(
        key,
        "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END RSA PRIVATE KEY-----\n");

    Cli.Result result =
        Cli.run(
            repo.root(),
            "serve",
            "--port",
            "0",
            "--github-app-id",
            "123456",
            "--github-app-key-file",
            key.toString());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(12);
    assertThat(result.err())
        .contains("the GitHub App key file " + key)
        .contains("is not an RSA private key")
        .doesNotContain("bm90IGEga2V5")
        .doesNotContain("\tat ");
    assertThat(result.out()).doesNotContain("ChangeTrail server on");
  }

  @Test
  void anAppIdWithoutItsKeyOrAnIdThatIsNoneIsABadOption() throws Exception {
    TestRepo repo = TestRepo.init(dir.resolve("repo"));

    Cli.Result alone = Cli.run(repo.root(), "serve", "--port", "0", "--github-app-id", "123456");
    assertThat(alone.exitCode()).as(alone.err()).isEqualTo(2);
    assertThat(alone.err()).contains("--github-app-id and --github-app-key-file go together");

    Path key = dir.resolve("app.pem");
    Files.writeString(key, "x");
    Cli.Result badId =
        Cli.run(
            repo.root(),
            "serve",
            "--port",
            "0",
            "--github-app-id",
            "my-app",
            "--github-app-key-file",
            key.toString());
    assertThat(badId.exitCode()).as(badId.err()).isEqualTo(2);
    assertThat(badId.err()).contains("'my-app' is not an App id");
  }
}
