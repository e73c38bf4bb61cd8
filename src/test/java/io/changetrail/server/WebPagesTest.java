package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every page of the web UI answers for a signed-in user, over plain HTTP with a session cookie. */
class WebPagesTest {
  private static final Pattern COOKIE = Pattern.compile("ct_session=([^;]+)");
  @TempDir Path dir;
  ServerFixture server;

  @BeforeEach
  void start() {
    server = new ServerFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String signIn(String user) {
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

  /** A deployment of {@code id} to prod started by hand by Carol: its id. */
  private String startedInProd(String id) {
    return server
        .post("carol", "/api/v1/changes/" + id + "/deployments", "{\"environment\": \"prod\"}")
        .json()
        .get("id")
        .asText();
  }

  private ServerFixture.Reply page(String session, String path) {
    return server.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Cookie", "ct_session=" + session));
  }

  @Test
  void everyPageRendersForASignedInAuditor() {
    String id = server.registerFeature();
    server.post("bob", "/api/v1/changes/" + id + "/approve", "{}");
    String deployment = startedInProd(id);
    server.post(
        "carol",
        "/api/v1/changes/" + id + "/deployments/" + deployment + "/finish",
        "{\"succeeded\": true}");
    String session = signIn("dave");
    for (String path :
        new String[] {
          "/changes",
          "/changes/" + id,
          "/deployments",
          "/audit",
          "/delivery",
          "/delivery?system=order-router&since=30d"
        }) {
      ServerFixture.Reply reply = page(session, path);
      assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
      assertThat(reply.header("Content-Type")).startsWith("text/html");
      assertThat(reply.body()).contains("Dave Auditor").doesNotContain("<script");
    }
    assertThat(page(session, "/audit").body())
        .contains("prod", "1 deployment(s) checked")
        .contains("changetrail audit verify --bundle FILE --key KEY")
        .doesNotContain("changetrail verify --bundle");
    assertThat(page(session, "/delivery").body()).contains("<svg", "order-router");
    assertThat(page(session, "/changes/" + id).body())
        .contains("cache venue status", "Approvals and rejections", "SUCCEEDED");
  }

  /** The page shows each check as the ledger recorded it, as the API does. */
  @Test
  void theChangePageShowsVerificationChecksAsRecorded() throws Exception {
    String id = server.registerFeature();
    server.post("bob", "/api/v1/changes/" + id + "/approve", "{}");
    String deployment = startedInProd(id);
    server.post(
        "carol",
        "/api/v1/changes/" + id + "/deployments/" + deployment + "/steps",
        "{\"name\": \"restart router\", \"passed\": true}");
    server.post(
        "carol",
        "/api/v1/changes/" + id + "/deployments/" + deployment + "/finish",
        "{\"succeeded\": true}");
    server
        .repo
        .file(
            "changetrail.yml",
            "verification:\n  checks:\n    - {name: unit tests, kind: test, run: 'true'}\n")
        .commit("CONFIGURATION: verification checks");
    server.repo.git("config", "user.name", "Carol Deployer");
    server.repo.git("config", "user.email", "carol@example.com");
    io.changetrail.testing.Cli.Result verified =
        io.changetrail.testing.Cli.run(server.repo.root(), "verify", id, "--ledger", server.ledger);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(server.get("dave", "/api/v1/changes/" + id).json().at("/verifications/0/checks"))
        .allMatch(check -> check.get("status").asText().equals("PASSED"));

    String page = page(signIn("dave"), "/changes/" + id).body();
    assertThat(page).contains("executed: unit tests: passed", "change document complete: passed");
    assertThat(page).doesNotContain(": failed");
  }

  @Test
  void errorsAreHtmlPagesForBrowsersAndRolesHoldOnPages() {
    String session = signIn("alice");
    ServerFixture.Reply missing = page(session, "/changes/CHG-20200101-ZZZZ");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("text/html");
    assertThat(missing.body()).contains("no change CHG-20200101-ZZZZ");
    ServerFixture.Reply audit = page(session, "/audit");
    assertThat(audit.status()).isEqualTo(403);
    assertThat(audit.body()).contains("auditor role");
    ServerFixture.Reply anonymous =
        server.send(HttpRequest.newBuilder(URI.create(server.url() + "/deployments")));
    assertThat(anonymous.status()).isEqualTo(303);
    assertThat(anonymous.header("Location")).isEqualTo("/login?next=%2Fdeployments");
  }

  @Test
  void theTeamPagesAnswerForTheirRolesAndTheirFormsNeedTheCsrfToken() {
    String id = server.registerFeature();
    server.post("bob", "/api/v1/changes/" + id + "/approve", "{}");
    String deployment = startedInProd(id);
    String deploymentPage = "/changes/" + id + "/deployments/" + deployment;
    for (String[] allowed :
        new String[][] {
          {"bob", "/queue"}, {"dave", "/calendar"}, {"dave", "/calendar?month=2026-03"},
          {"root", "/users"}, {"dave", deploymentPage}, {"carol", deploymentPage}
        }) {
      ServerFixture.Reply reply = page(signIn(allowed[0]), allowed[1]);
      assertThat(reply.status()).as(allowed[1] + ": " + reply.body()).isEqualTo(200);
    }
    assertThat(page(signIn("carol"), deploymentPage).body()).contains("id=\"finish-form\"");
    assertThat(page(signIn("dave"), deploymentPage).body())
        .doesNotContain("<form method=\"post\" action=\"/changes/");
    assertThat(page(signIn("alice"), "/users").status()).isEqualTo(403);
    assertThat(page(signIn("alice"), "/queue").status()).isEqualTo(403);
    assertThat(page(signIn("dave"), "/calendar?month=March").status()).isEqualTo(400);

    String carol = signIn("carol");
    ServerFixture.Reply forged =
        server.send(
            HttpRequest.newBuilder(URI.create(server.url() + deploymentPage + "/finish"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "ct_session=" + carol)
                .POST(HttpRequest.BodyPublishers.ofString("outcome=succeeded")));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(
            server.get("dave", "/api/v1/changes/" + id).json().at("/deployments/0/status").asText())
        .isEqualTo("RUNNING");
  }

  @Test
  void aRolledBackChangeOffersItsApproverTheDecisionAgain() {
    String id = server.registerFeature();
    server.post("bob", "/api/v1/changes/" + id + "/approve", "{}");
    String bob = signIn("bob");
    assertThat(page(bob, "/changes/" + id).body())
        .contains("id=\"decided\"")
        .doesNotContain("id=\"approve\"");
    String deployment = startedInProd(id);
    String base = "/api/v1/changes/" + id + "/deployments/" + deployment;
    server.post("carol", base + "/finish", "{\"succeeded\": true}");
    server.post("carol", base + "/rollback", "{\"succeeded\": true, \"seconds\": 30}");

    String shown = page(bob, "/changes/" + id).body();
    assertThat(shown)
        .contains("id=\"rolled-back\"")
        .contains("Rolled back in prod (" + deployment + ")")
        .contains("id=\"approve\"")
        .doesNotContain("id=\"decided\"");
  }
}
