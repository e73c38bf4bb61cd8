package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.forge.GitHubApp;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub App's installation tokens, minted from a JWT signed with a key in the two PEM shapes
 * GitHub's keys come in (the fixtures were made with {@code openssl genrsa -traditional 2048}, as
 * GitHub issues App keys, and {@code openssl pkcs8 -topk8 -nocrypt}), against a real local server
 * that verifies the JWT with the public key as GitHub does.
 */
class GitHubAppTest {
  static final String APP_ID = "123456";
  @TempDir Path dir;
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T14:00:00Z"));
  GitHubApiStandIn github;

  static String resource(String name) {
    try (InputStream in = GitHubAppTest.class.getResourceAsStream("forge/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path keyFile(Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, resource(name));
    return file;
  }

  Clock clock() {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  GitHubApp app(String keyName) throws Exception {
    github =
        new GitHubApiStandIn(resource("github-app-test-key.pub.pem"), APP_ID, Set.of(2L), now::get);
    return new GitHubApp(github.url(), APP_ID, GitHubApp.readKey(keyFile(dir, keyName)), clock());
  }

  @AfterEach
  void stop() {
    if (github != null) {
      github.close();
    }
  }

  @Test
  void aPkcs1KeyAsGitHubIssuesItMintsAnInstallationTokenWithAJwtGitHubVerifies() throws Exception {
    GitHubApp app = app("github-app-test-key.pem");

    GitHubApp.Token token = app.installationToken(2);

    assertThat(token.value()).startsWith("ghs_");
    assertThat(token.expiresAt()).isEqualTo(now.get().plusSeconds(3600));
    assertThat(github.tokenRequests()).hasSize(1);
    ForgeFixture.Recorded request = github.tokenRequests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/app/installations/2/access_tokens");
    assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(github.acceptedJwtClaims).hasSize(1);
    JsonNode claims = github.acceptedJwtClaims.get(0);
    long seconds = now.get().getEpochSecond();
    assertThat(claims.get("iat").asLong()).isEqualTo(seconds - 60);
    assertThat(claims.get("exp").asLong()).isEqualTo(seconds + 540);
    assertThat(claims.get("iss").asText()).isEqualTo(APP_ID);
    String header = request.header("Authorization").substring("Bearer ".length()).split("\\.")[0];
    assertThat(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
  }

  @Test
  void thePkcs8FormOfTheKeySignsJwtsGitHubVerifiesToo() throws Exception {
    GitHubApp app = app("github-app-test-key.pk8.pem");

    assertThat(app.installationToken(2).value()).startsWith("ghs_");
    assertThat(github.acceptedJwtClaims).hasSize(1);
  }

  @Test
  void theTokenIsKeptUntilFiveMinutesBeforeItExpiresThenMintedAgain() throws Exception {
    GitHubApp app = app("github-app-test-key.pem");
    String first = app.installationToken(2).value();

    now.set(now.get().plus(Duration.ofMinutes(54)));
    assertThat(app.installationToken(2).value()).isEqualTo(first);
    assertThat(github.tokenRequests()).hasSize(1);

    now.set(now.get().plus(Duration.ofMinutes(2))); // 4 minutes left: minted again
    String second = app.installationToken(2).value();
    assertThat(second).isNotEqualTo(first);
    assertThat(github.tokenRequests()).hasSize(2);
  }

  @Test
  void aJwtGitHubRejectsAndAnUnknownInstallationAreStatedWithGitHubsStatus() throws Exception {
    app("github-app-test-key.pem");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    GitHubApp otherKey =
        new GitHubApp(github.url(), APP_ID, generator.generateKeyPair().getPrivate(), clock());

    assertThatThrownBy(() -> otherKey.installationToken(2))
        .isInstanceOfSatisfying(
            GitHubApp.TokenRefused.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.getMessage())
                  .contains("GitHub answered 401")
                  .contains("A JSON web token could not be decoded")
                  .contains("check --github-app-id and the key");
            });

    GitHubApp wrongId =
        new GitHubApp(
            github.url(),
            "999",
            GitHubApp.readKey(keyFile(dir, "github-app-test-key.pem")),
            clock());
    assertThatThrownBy(() -> wrongId.installationToken(2))
        .isInstanceOfSatisfying(
            GitHubApp.TokenRefused.class, e -> assertThat(e.status()).isEqualTo(401));

    GitHubApp app =
        new GitHubApp(
            github.url(),
            APP_ID,
            GitHubApp.readKey(keyFile(dir, "github-app-test-key.pem")),
            clock());
    assertThatThrownBy(() -> app.installationToken(77))
        .isInstanceOfSatisfying(
            GitHubApp.TokenRefused.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.getMessage())
                  .contains("installation 77")
                  .contains("has no such installation");
            });
  }

  @Test
  void anUnreachableGitHubIsAStatedRefusalWithNoStatus() throws Exception {
    app("github-app-test-key.pem");
    GitHubApp app =
        new GitHubApp(
            github.url(),
            APP_ID,
            GitHubApp.readKey(keyFile(dir, "github-app-test-key.pem")),
            clock());
    github.close();

    assertThatThrownBy(() -> app.installationToken(2))
        .isInstanceOfSatisfying(
            GitHubApp.TokenRefused.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.getMessage()).contains("could not be reached");
            });
  }

  @Test
  void aFileThatIsNotAnUsableKeyIsRefusedNamingTheFileNeverItsContent() throws Exception {
    String pem = resource("github-app-test-key.pem");
    String secretLine = pem.lines().skip(5).findFirst().orElseThrow();
    Path cut = dir.resolve("cut.pem");
    Files.writeString(cut, pem.substring(0, pem.length() / 2));
    Path publicKey = keyFile(dir, "github-app-test-key.pub.pem");
    Path encrypted = dir.resolve("encrypted.pem");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path missing = dir.resolve("missing.pem");

    for (Path file : new Path[] {cut, publicKey, encrypted, missing}) {
      assertThatThrownBy(() -> GitHubApp.readKey(file))
          .isInstanceOfSatisfying(
              ChangeTrailException.class,
              e -> {
                assertThat(e.problem()).isEqualTo(Problem.KEY_PROBLEM);
                assertThat(e.getMessage()).contains(file.toString()).doesNotContain(secretLine);
              });
    }
    assertThatThrownBy(() -> GitHubApp.readKey(encrypted)).hasMessageContaining("is encrypted");
    assertThatThrownBy(() -> GitHubApp.readKey(cut)).hasMessageContaining("cut short");
  }

  @Test
  void neitherTheAppNorItsTokensPrintTheirSecrets() throws Exception {
    GitHubApp app = app("github-app-test-key.pem");
    GitHubApp.Token token = app.installationToken(2);

    assertThat(app.toString()).contains(APP_ID).doesNotContain("BEGIN").doesNotContain("MII");
    assertThat(token.toString()).doesNotContain(token.value());
    assertThat(
            new ServerOptions.GitHubAppKey(
                    APP_ID, GitHubApp.readKey(keyFile(dir, "github-app-test-key.pem")))
                .toString())
        .isEqualTo("GitHubAppKey[appId=123456]");
  }
}
