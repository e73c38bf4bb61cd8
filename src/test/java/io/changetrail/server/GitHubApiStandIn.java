package io.changetrail.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real local HTTP server that plays the two GitHub REST endpoints a GitHub App's deployment
 * protection rule uses, with GitHub's documented request and response shapes: {@code POST
 * /app/installations/{id}/access_tokens} (it verifies the App JWT from the specification: RS256
 * over {@code header.claims} with the App's public key, {@code iat} not in the future, {@code exp}
 * in the future and at most 10 minutes after {@code iat}, {@code iss} the App's id; answers 201
 * with a new {@code ghs_} token expiring in an hour, 401 "A JSON web token could not be decoded" or
 * 404 "Not Found" as GitHub does) and {@code POST
 * /repos/OWNER/REPO/actions/runs/RUN/deployment_protection_rule} (it accepts only a token it minted
 * that has not expired, 401 "Bad credentials" otherwise, and answers 204). It records every
 * request.
 */
final class GitHubApiStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOKENS =
      Pattern.compile("/app/installations/([0-9]+)/access_tokens");
  private static final Pattern REVIEW =
      Pattern.compile("/repos/[^/]+/[^/]+/actions/runs/[0-9]+/deployment_protection_rule");

  final HttpServer http;
  final List<ForgeFixture.Recorded> requests = new CopyOnWriteArrayList<>();

  /** The claims of every JWT that GitHub accepted. */
  final List<JsonNode> acceptedJwtClaims = new CopyOnWriteArrayList<>();

  private final PublicKey appKey;
  private final String appId;
  private final Set<Long> installations;
  private final Supplier<Instant> clock;
  private final Map<String, Instant> minted = new ConcurrentHashMap<>();
  private final AtomicInteger serial = new AtomicInteger();

  GitHubApiStandIn(
      String publicKeyPem, String appId, Set<Long> installations, Supplier<Instant> clock)
      throws Exception {
    this.appKey = publicKey(publicKeyPem);
    this.appId = appId;
    this.installations = installations;
    this.clock = clock;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::handle);
    http.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  static PublicKey publicKey(String pem) throws Exception {
    String base64 =
        pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
    return KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64.strip())));
  }

  List<ForgeFixture.Recorded> tokenRequests() {
    return requests.stream().filter(r -> r.path().startsWith("/app/")).toList();
  }

  List<ForgeFixture.Recorded> reviews() {
    return requests.stream().filter(r -> r.path().startsWith("/repos/")).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ForgeFixture.Recorded request =
        new ForgeFixture.Recorded(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            Map.copyOf(exchange.getRequestHeaders()),
            body);
    requests.add(request);
    String path = request.path();
    Matcher tokens = TOKENS.matcher(path);
    String authorization = request.header("Authorization");
    if (request.method().equals("POST") && tokens.matches()) {
      String jwt = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
      JsonNode claims = verifiedClaims(jwt);
      if (claims == null) {
        send(exchange, 401, error(401, "A JSON web token could not be decoded"));
        return;
      }
      acceptedJwtClaims.add(claims);
      if (!installations.contains(Long.parseLong(tokens.group(1)))) {
        send(exchange, 404, error(404, "Not Found"));
        return;
      }
      String token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a" + serial.incrementAndGet();
      Instant expires = clock.get().plusSeconds(3600);
      minted.put(token, expires);
      send(
          exchange,
          201,
          "{\"token\": \""
              + token
              + "\", \"expires_at\": \""
              + expires
              + "\", \"permissions\": {\"actions\": \"read\", \"deployments\": \"write\"},"
              + " \"repository_selection\": \"selected\"}");
      return;
    }
    if (request.method().equals("POST") && REVIEW.matcher(path).matches()) {
      String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
      Instant expires = minted.get(token);
      if (expires == null || !clock.get().isBefore(expires)) {
        send(exchange, 401, error(401, "Bad credentials"));
        return;
      }
      send(exchange, 204, "");
      return;
    }
    send(exchange, 404, error(404, "Not Found"));
  }

  /** The JWT's claims when it is one GitHub accepts from this App, else null. */
  private JsonNode verifiedClaims(String jwt) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      Base64.Decoder url = Base64.getUrlDecoder();
      JsonNode header = JSON.readTree(url.decode(parts[0]));
      if (!header.path("alg").asText().equals("RS256")) {
        return null;
      }
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(appKey);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(url.decode(parts[2]))) {
        return null;
      }
      JsonNode claims = JSON.readTree(url.decode(parts[1]));
      long now = clock.get().getEpochSecond();
      long iat = claims.path("iat").asLong(Long.MAX_VALUE);
      long exp = claims.path("exp").asLong(0);
      boolean timely = iat <= now && exp > now && exp - iat <= 600;
      return timely && claims.path("iss").asText().equals(appId) ? claims : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String error(int status, String message) {
    return "{\"message\": \""
        + message
        + "\", \"documentation_url\": \"https://docs.github.com/rest\", \"status\": \""
        + status
        + "\"}";
  }

  private static void send(HttpExchange exchange, int status, String body) {
    try {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
      if (status != 204) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
