package io.changetrail.app.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.git.GitRepository;
import io.changetrail.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSignaturesTest {
  // GitHub's documented test values ("Validating webhook deliveries")
  static final String SECRET = "It's a Secret to Everybody";
  static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  static final String SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void githubsDocumentedExampleSignatureHoldsAndNothingElseDoes() {
    assertThat(WebhookSignatures.githubSignatureHolds(SECRET, BODY, SIGNATURE)).isTrue();
    assertThat(WebhookSignatures.githubSignatureHolds("another", BODY, SIGNATURE)).isFalse();
    assertThat(
            WebhookSignatures.githubSignatureHolds(
                SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), SIGNATURE))
        .isFalse();
    assertThat(WebhookSignatures.githubSignatureHolds(SECRET, BODY, SIGNATURE.substring(7)))
        .isFalse();
    assertThat(WebhookSignatures.githubSignatureHolds(SECRET, BODY, "sha256=zz")).isFalse();
    assertThat(WebhookSignatures.githubSignatureHolds(SECRET, BODY, null)).isFalse();
  }

  @Test
  void gitlabTokensAndSignaturesAreComparedExactly() {
    assertThat(WebhookSignatures.sameToken("t0ken", "t0ken")).isTrue();
    assertThat(WebhookSignatures.sameToken("t0ken", "t0ke")).isFalse();
    assertThat(WebhookSignatures.sameToken("t0ken", "")).isFalse();
    assertThat(WebhookSignatures.gitlabSignatureHolds(SECRET, BODY, SIGNATURE.substring(7)))
        .isTrue();
    assertThat(
            WebhookSignatures.gitlabSignatureHolds(
                SECRET,
                BODY,
                java.util.Base64.getEncoder()
                    .encodeToString(WebhookSignatures.hmacSha256(SECRET, BODY))))
        .isTrue();
    assertThat(WebhookSignatures.gitlabSignatureHolds("x", BODY, SIGNATURE.substring(7))).isFalse();
  }

  @Test
  void aRemoteOrRefspecThatGitWouldReadAsAnOptionIsRefused(@TempDir Path dir) {
    GitRepository git = GitRepository.open(TestRepo.tradingSystem(dir).root());
    assertThatThrownBy(
            () ->
                new CloneFetcher(
                    git, "--upload-pack=touch /tmp/pwned", List.of(), Clock.systemUTC()))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining("starts with '-'");
    assertThatThrownBy(
            () -> new CloneFetcher(git, "origin", List.of("--exec=x"), Clock.systemUTC()))
        .isInstanceOf(ChangeTrailException.class);
  }
}
