package io.changetrail.app.forge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How forges sign their webhooks, checked in constant time: GitHub's {@code X-Hub-Signature-256}
 * ({@code sha256=} and the hex HMAC-SHA256 of the raw body, keyed with the webhook's secret),
 * GitLab's {@code X-Gitlab-Token} (the secret itself) and the {@code X-Gitlab-Signature} of its
 * external status checks (HMAC-SHA256 of the raw body with the check's shared secret).
 */
public final class WebhookSignatures {
  private WebhookSignatures() {}

  /** The HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  public static byte[] hmacSha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Whether {@code header} is {@code sha256=<hex HMAC-SHA256 of body>} under {@code secret}. */
  public static boolean githubSignatureHolds(String secret, byte[] body, String header) {
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    Optional<byte[]> given = hex(header.substring("sha256=".length()).strip());
    return given.isPresent() && MessageDigest.isEqual(hmacSha256(secret, body), given.get());
  }

  /** Whether {@code header} is the HMAC-SHA256 of {@code body} (hex or base64) under secret. */
  public static boolean gitlabSignatureHolds(String secret, byte[] body, String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    String value = header.strip();
    Optional<byte[]> given = hex(value);
    if (given.isEmpty()) {
      try {
        given = Optional.of(Base64.getDecoder().decode(value));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return MessageDigest.isEqual(hmacSha256(secret, body), given.get());
  }

  /**
   * Whether a token sent in a header is the configured one. Both are hashed first, so the compare
   * takes the same time whatever their lengths and wherever they differ.
   */
  public static boolean sameToken(String expected, String given) {
    if (given == null || given.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(given));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<byte[]> hex(String text) {
    if (text.length() != 64) {
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
