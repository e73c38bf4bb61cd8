package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.golden.Golden;
import io.changetrail.ledger.LedgerStore;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden replay of the team server: a ledger seeded through the API (users and tokens, a change
 * registered, approved, deployed by hand with a step, a check and an issue, verified, a running
 * snapshot), then the stored entries, the API's JSON of the change and every web page that reads
 * change records, compared with {@code src/test/resources/golden/web/}. What is normalised and how
 * to regenerate: {@link Golden}; the pages' CSRF tokens are normalised too.
 */
class GoldenWebPagesTest {
  private static final Pattern COOKIE = Pattern.compile("ct_session=([^;]+)");
  private static final Pattern CSRF = Pattern.compile("(name=\"_csrf\" value=\")[^\"]*\"");

  private static final Pattern DURATION = Pattern.compile("(<dt>Duration</dt><dd>)[^<]*");

  @TempDir Path dir;

  @Test
  void theServersPagesAndApiReplayToTheGoldenFiles() throws Exception {
    String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    Golden golden = new Golden(dir, InetAddress.getLocalHost().getHostName());
    StringBuilder outputs = new StringBuilder();
    try (ServerFixture server =
        new ServerFixture(
            dir,
            ledger,
            "verification:\n  checks:\n    - {name: unit tests, kind: test, run: 'true'}\n"
                + "running:\n  prod:\n    command: \"echo order-router 0123456789abcdef0123456789abcdef01234567\"\n")) {
      String id = server.registerFeature();
      server.post("bob", "/api/v1/changes/" + id + "/approve", "{\"comment\": \"looks right\"}");
      String deployment =
          server
              .post(
                  "carol", "/api/v1/changes/" + id + "/deployments", "{\"environment\": \"prod\"}")
              .json()
              .get("id")
              .asText();
      String base = "/api/v1/changes/" + id + "/deployments/" + deployment;
      server.post(
          "carol",
          base + "/steps",
          "{\"name\": \"restart router\", \"passed\": true, \"notes\": \"node by node\"}");
      server.post(
          "carol",
          base + "/steps",
          "{\"name\": \"smoke\", \"phase\": \"POST_CHECK\", \"passed\": false}");
      server.post(
          "carol",
          base + "/issues",
          "{\"description\": \"one node slow\", \"resolution\": \"waited\"}");
      server.post(
          "carol",
          base + "/steps",
          "{\"name\": \"smoke\", \"phase\": \"POST_CHECK\", \"passed\": true}");
      server.post("carol", base + "/finish", "{\"succeeded\": true}");
      server.post("carol", "/api/v1/running/prod", "{}");
      server.repo.git("config", "user.name", "Carol Deployer");
      server.repo.git("config", "user.email", "carol@example.com");
      io.changetrail.testing.Cli.Result verified =
          io.changetrail.testing.Cli.run(server.repo.root(), "verify", id, "--ledger", ledger);
      outputs.append("=== verify ").append(verified.exitCode()).append('\n');
      outputs.append(verified.out()).append(verified.err());
      java.util.Map<String, String> sessions = new java.util.LinkedHashMap<>();
      for (String user : List.of("dave", "bob", "root")) {
        sessions.put(user, signIn(server, user));
      }
      for (String path :
          List.of(
              "/api/v1/changes/" + id,
              "/api/v1/changes",
              "/api/v1/changes/" + id + "/deployments/" + deployment,
              "/api/v1/deployments",
              "/api/v1/changes/" + id + "/audit",
              "/api/v1/running/prod")) {
        ServerFixture.Reply reply = server.get("dave", path);
        outputs.append("=== GET ").append(path).append(' ').append(reply.status()).append('\n');
        outputs.append(sortedKeys(reply.body())).append('\n');
      }
      for (String page :
          List.of(
              "dave /changes",
              "dave /changes/" + id,
              "dave /deployments",
              "dave /changes/" + id + "/deployments/" + deployment,
              "bob /queue",
              "dave /audit",
              "root /users")) {
        String user = page.substring(0, page.indexOf(' '));
        String path = page.substring(page.indexOf(' ') + 1);
        ServerFixture.Reply reply =
            server.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Cookie", "ct_session=" + sessions.get(user)));
        outputs.append("=== page ").append(page).append(' ').append(reply.status()).append('\n');
        String body = CSRF.matcher(reply.body()).replaceAll("$1<csrf>\"");
        outputs.append(DURATION.matcher(body).replaceAll("$1<duration>")).append('\n');
      }
    }
    List<String> entries = new ArrayList<>();
    try (LedgerStore store = LedgerStore.openForRead(ledger)) {
      store.read(
          reader -> {
            reader.entries(
                0,
                reader.size(),
                (index, bytes, leaf) -> {
                  entries.add(golden.normalise(new String(bytes, StandardCharsets.UTF_8)));
                  io.changetrail.golden.EventCodecCheck.roundTrip(bytes);
                });
            return null;
          });
    }
    assertThat(entries).hasSizeGreaterThan(15);
    Golden.check(
        Golden.compare("web/entries.jsonl", String.join("\n", entries) + "\n"),
        Golden.compare("web/outputs.txt", golden.normalise(outputs.toString())));
  }

  /**
   * The JSON with the keys of every object sorted: several routes answer with Map.of, whose key
   * order changes from run to run (the values and the arrays' order are kept).
   */
  private static String sortedKeys(String json) throws Exception {
    Object tree = JSON.readValue(json, Object.class);
    return JSON.writeValueAsString(tree);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private static String signIn(ServerFixture server, String user) {
    ServerFixture.Reply form =
        server.send(HttpRequest.newBuilder(URI.create(server.url() + "/login")));
    Matcher login = Pattern.compile("ct_login=([^;]*)").matcher(form.header("Set-Cookie"));
    assertThat(login.find()).isTrue();
    String body =
        "_login="
            + login.group(1)
            + "&next=%2Fchanges&token="
            + URLEncoder.encode(server.tokens.get(user), StandardCharsets.UTF_8);
    ServerFixture.Reply signedIn =
        server.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "ct_login=" + login.group(1))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(signedIn.status()).isEqualTo(303);
    Matcher session =
        COOKIE.matcher(String.join(";", signedIn.raw().headers().allValues("Set-Cookie")));
    assertThat(session.find()).isTrue();
    return session.group(1);
  }
}
