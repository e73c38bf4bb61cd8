package io.changetrail.app.forge;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ChangeTrail's GitHub App as GitHub authenticates it: an App JWT (RS256, signed with the App's
 * private key, {@code iat} 60 seconds in the past against clock drift, {@code exp} 9 minutes ahead
 * of now, so 10 minutes after {@code iat}, GitHub's limit; {@code iss} the App's id) exchanged
 * through {@code POST /app/installations/{id}/access_tokens} for an installation access token,
 * which is kept per installation until five minutes before its {@code expires_at}. The private key
 * stays in this object: it is never logged, printed or recorded. Shared by a node's request
 * threads.
 */
public final class GitHubApp {
  /** A token is minted again when it expires within this margin. */
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final URI api;
  private final String appId;
  private final PrivateKey key;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<Long, Token> tokens = new ConcurrentHashMap<>();

  /** An installation access token and when GitHub says it expires. */
  public record Token(String value, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]"; // never the token itself
    }
  }

  /** Why no installation token could be had: GitHub's status (0: no answer) and what it said. */
  public static final class TokenRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    TokenRefused(int status, String message) {
      super(message);
      this.status = status;
    }

    /** GitHub's HTTP status, or 0 when it could not be reached. */
    public int status() {
      return status;
    }
  }

  public GitHubApp(URI api, String appId, PrivateKey key, Clock clock) {
    this.api = api;
    this.appId = checkedAppId(appId);
    this.key = key;
    this.clock = clock;
  }

  /** The App's id (or client id) as GitHub shows it on the App's settings page. */
  public static String checkedAppId(String appId) {
    if (appId == null || !appId.matches("[0-9]{1,20}|Iv[0-9A-Za-z.]{1,60}")) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the GitHub App id '" + appId + "' is not an App id (digits) or client id (Iv...)",
          "copy 'App ID' from the App's settings page (Settings → Developer settings → GitHub"
              + " Apps → your App)");
    }
    return appId;
  }

  /** The App id this App signs its JWTs with. */
  public String appId() {
    return appId;
  }

  @Override
  public String toString() {
    return "GitHubApp[id=" + appId + ", api=" + api + "]"; // never the key
  }

  /** A JWT that authenticates as the App for the next nine minutes (GitHub allows ten). */
  public String jwt() {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iat", now - 60);
    claims.put("exp", now + 540);
    claims.put("iss", appId);
    String signingInput = part(header) + "." + part(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          "the GitHub App's private key cannot sign: " + e.getClass().getSimpleName(),
          "give --github-app-key-file the private key GitHub generated for the App");
    }
  }

  private static String part(Map<String, Object> json) {
    try {
      return URL.encodeToString(Json.MAPPER.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An installation access token of {@code installation}: the one held when it is valid for more
   * than five minutes, else a new one from GitHub.
   *
   * @throws TokenRefused when GitHub refuses (401: the JWT; 404: no such installation of this App)
   *     or cannot be reached
   */
  public Token installationToken(long installation) {
    Token held = tokens.get(installation);
    if (held != null && clock.instant().plus(REFRESH_MARGIN).isBefore(held.expiresAt())) {
      return held;
    }
    synchronized (this) {
      held = tokens.get(installation);
      if (held != null && clock.instant().plus(REFRESH_MARGIN).isBefore(held.expiresAt())) {
        return held;
      }
      Token minted = mint(installation);
      tokens.put(installation, minted);
      return minted;
    }
  }

  private Token mint(long installation) {
    URI url =
        URI.create(
            stripSlash(api.toString()) + "/app/installations/" + installation + "/access_tokens");
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(20))
                  .header("Authorization", "Bearer " + jwt())
                  .header("Accept", "application/vnd.github+json")
                  .header("X-GitHub-Api-Version", "2022-11-28")
                  .header("User-Agent", "changetrail")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TokenRefused(
          0,
          "GitHub's API at "
              + url.getHost()
              + " could not be reached for an installation token: "
              + oneLine(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenRefused(0, "interrupted while asking GitHub for an installation token");
    }
    int status = response.statusCode();
    JsonNode body = readJson(response.body());
    if (status != 201) {
      String said = body.path("message").asText("");
      throw new TokenRefused(
          status,
          "GitHub answered "
              + status
              + " to the installation token request for installation "
              + installation
              + (said.isEmpty() ? "" : " (\"" + oneLine(said) + "\")")
              + ": "
              + switch (status) {
                case 401 -> "it did not accept the App's JWT (check --github-app-id and the key)";
                case 403 -> "the App may not create tokens for this installation";
                case 404 ->
                    "this App has no such installation (is it installed on the repository?)";
                default -> "see GitHub's status page";
              });
    }
    String token = body.path("token").asText("");
    Instant expires;
    try {
      expires = Instant.parse(body.path("expires_at").asText(""));
    } catch (DateTimeParseException e) {
      throw new TokenRefused(status, "GitHub's installation token answer has no expires_at");
    }
    if (token.isEmpty()) {
      throw new TokenRefused(status, "GitHub's installation token answer has no token");
    }
    return new Token(token, expires);
  }

  private static JsonNode readJson(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text == null ? "" : text);
      return node == null ? Json.MAPPER.createObjectNode() : node;
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  static String oneLine(String text) {
    String line = text.lines().findFirst().orElse("").strip();
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }

  private static String stripSlash(String text) {
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  // ---------------------------------------------------------------- the private key

  /**
   * Reads the App's private key: PEM, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as GitHub generates
   * it) or PKCS#8 ({@code BEGIN PRIVATE KEY}, e.g. after {@code openssl pkcs8 -topk8 -nocrypt}).
   * Messages name the file, never its content.
   */
  public static RSAPrivateKey readKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw keyProblem(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
    boolean pkcs8 = text.contains("-----BEGIN PRIVATE KEY-----");
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type:")) {
      throw keyProblem(
          file,
          "is encrypted; the server needs the key unencrypted"
              + " (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
    }
    if (!pkcs1 && !pkcs8) {
      throw keyProblem(
          file, "is not a PEM private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
    }
    String label = pkcs1 ? "RSA PRIVATE KEY" : "PRIVATE KEY";
    int from =
        text.indexOf("-----BEGIN " + label + "-----") + ("-----BEGIN " + label + "-----").length();
    int to = text.indexOf("-----END " + label + "-----", from);
    if (to < 0) {
      throw keyProblem(file, "has no END " + label + " line: the file is cut short");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(from, to).strip());
    } catch (IllegalArgumentException e) {
      throw keyProblem(file, "holds a PEM block that is not Base64");
    }
    try {
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8Of(der) : der));
      if (!(key instanceof RSAPrivateKey rsa)) {
        throw keyProblem(file, "is not an RSA key");
      }
      if (rsa.getModulus().bitLength() < 2048) {
        throw keyProblem(file, "is an RSA key shorter than 2048 bits");
      }
      return rsa;
    } catch (GeneralSecurityException e) {
      throw keyProblem(file, "is not an RSA private key (GitHub Apps use RSA keys)");
    }
  }

  /** PKCS#1 RSAPrivateKey DER wrapped as a PKCS#8 PrivateKeyInfo (rsaEncryption, no parameters). */
  static byte[] pkcs8Of(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    ByteArrayOutputStream octets = new ByteArrayOutputStream();
    octets.write(0x04);
    writeLength(octets, pkcs1.length);
    octets.writeBytes(pkcs1);
    byte[] inner = octets.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    writeLength(out, version.length + algorithm.length + inner.length);
    out.writeBytes(version);
    out.writeBytes(algorithm);
    out.writeBytes(inner);
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
    out.write(0x80 | bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((length >>> (8 * i)) & 0xff);
    }
  }

  private static ChangeTrailException keyProblem(Path file, String what) {
    return new ChangeTrailException(
        Problem.KEY_PROBLEM,
        "the GitHub App key file " + file + " " + what,
        "download a private key from the App's settings page (Private keys → Generate) and give"
            + " its .pem file to --github-app-key-file");
  }
}
