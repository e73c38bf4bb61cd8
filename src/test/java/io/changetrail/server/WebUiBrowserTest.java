package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium against a real server node (real git repository, real
 * SQLite ledger): signing in, deciding on a change, and that nothing from a change runs in a
 * reader's browser. One browser serves the whole class; every test gets its own server, repository
 * and ledger, and starts without cookies.
 */
class WebUiBrowserTest extends BrowserOverServer {
  private static final String PAYLOAD = "<script>document.title='pwned';window.__pwned=1</script>";
  private static final String XSS_DOCUMENT =
      "FEATURE: venue <b>status</b> board "
          + PAYLOAD
          + "\n\n## Context and Rationale\n"
          + PAYLOAD
          + "\n\n<img src=x onerror=\"window.__pwned=1\">\n\n"
          + "Traders asked for a board: [click](javascript:window.__pwned=1),"
          + " [upper](JAVASCRIPT:window.__pwned=1), [entity](javascript&#58;window.__pwned=1),"
          + " <javascript:window.__pwned=1> and [the spec](https://example.com/spec).\n\n"
          + "## Changes Made\n### order-router\n- a status board\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ BoardTest\n";

  @Test
  void signingInTakesATokenAndGivesAnHttpOnlyStrictSessionCookie() {
    browser.get(server.url() + "/changes?status=ASSESSED");
    assertThat(browser.getCurrentUrl())
        .isEqualTo(server.url() + "/login?next=%2Fchanges%3Fstatus%3DASSESSED");
    assertThat(browser.findElements(By.cssSelector("[role=alert]"))).isEmpty();

    signIn("not-a-token");
    assertThat(browser.getCurrentUrl()).startsWith(server.url() + "/login?failed=1");
    assertThat(browser.findElement(By.cssSelector("p.error[role=alert]")).getText())
        .isEqualTo("That token is unknown, revoked or expired.");
    assertThat(browser.manage().getCookieNamed(WebRoutes.SESSION_COOKIE)).isNull();

    signIn(server.tokens.get("bob"));
    assertThat(browser.getCurrentUrl()).isEqualTo(server.url() + "/changes?status=ASSESSED");
    assertThat(browser.findElement(By.id("who")).getText()).contains("Bob Approver", "approver");
    Cookie session = browser.manage().getCookieNamed(WebRoutes.SESSION_COOKIE);
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.getPath()).isEqualTo("/");
    assertThat(script("return document.cookie")).asString().doesNotContain(session.getValue());
    assertThat(browser.manage().getCookieNamed(WebRoutes.LOGIN_COOKIE)).isNull();
    assertThat(browser.getPageSource()).doesNotContain(server.tokens.get("bob"));
  }

  @Test
  void signingInNeverLeadsToAnotherSite() {
    for (String next :
        List.of(
            "https://evil.example/x",
            "//evil.example/x",
            "/\\evil.example/x",
            "/\t/evil.example/x",
            "/\n/evil.example/x")) {
      browser.manage().deleteAllCookies();
      browser.get(server.url() + "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      signIn(server.tokens.get("carol"));
      assertThat(browser.getCurrentUrl()).as(next).isEqualTo(server.url() + "/changes");
    }
  }

  @Test
  void anApproverApprovesFromTheChangesListAndSeesTheStatusChange() {
    String id = server.registerFeature();
    signIn("bob", "/changes");

    browser.findElement(By.linkText(id)).click();
    assertThat(browser.getCurrentUrl()).isEqualTo(server.url() + "/changes/" + id);
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("ASSESSED");
    List<String> factors =
        browser.findElements(By.cssSelector("#factors tbody tr td:first-child")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(factors).isNotEmpty();
    assertThat(browser.findElement(By.id("factors")).getText()).contains("Factor", "Weight");

    browser.findElement(By.id("approve-comment")).sendKeys("cache expiry checked");
    browser.findElement(By.id("approve")).click();

    waitFor().until(ExpectedConditions.textToBe(By.id("status"), "APPROVED"));
    assertThat(browser.getCurrentUrl())
        .isEqualTo(server.url() + "/changes/" + id + "?done=approved");
    assertThat(browser.findElement(By.cssSelector("p.notice")).getText())
        .isEqualTo("You approved " + id + ".");
    assertThat(browser.findElement(By.cssSelector("li.decision.approved")).getText())
        .contains("Bob Approver", "cache expiry checked");
    assertThat(server.get("dave", "/api/v1/changes/" + id).json().get("status").asText())
        .isEqualTo("APPROVED");
  }

  @Test
  void onlyAnApproverWhoIsNotTheAuthorIsOfferedTheDecision() {
    String alices = server.registerFeature();
    signIn("alice", "/changes/" + alices);
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("ASSESSED");
    assertThat(browser.findElements(By.id("approve"))).isEmpty();
    assertThat(browser.findElements(By.id("reject"))).isEmpty();

    // the same content is one change: eve registers a change of her own
    server
        .repo
        .branch("eves")
        .as("Eve Both", "eve@example.com")
        .file("order-router/src/main/java/acme/Quotes.java", "class Quotes { int ttl; }\n")
        .file("order-router/src/test/java/acme/QuotesTest.java", "class QuotesTest { int t; }\n")
        .commit(ServerFixture.DOCUMENTED)
        .checkout("main");
    ServerFixture.Reply created =
        server.post("eve", "/api/v1/changes", "{\"range\": \"main..eves\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String eves = created.json().get("id").asText();
    signIn("eve", "/changes/" + eves);
    assertThat(browser.findElement(By.id("duties")).getText())
        .startsWith("You cannot decide on this change:");
    assertThat(browser.findElements(By.id("approve"))).isEmpty();
    assertThat(browser.findElements(By.id("reject"))).isEmpty();

    browser.get(server.url() + "/changes/" + alices);
    assertThat(browser.findElements(By.id("approve"))).hasSize(1);
    assertThat(browser.findElements(By.id("duties"))).isEmpty();
  }

  @Test
  void nothingFromAChangeRunsInTheBrowser() {
    server
        .repo
        .branch("xss")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Board.java", "class Board {}\n")
        .file("order-router/src/test/java/acme/BoardTest.java", "class BoardTest {}\n")
        .commit(XSS_DOCUMENT)
        .checkout("main");
    ServerFixture.Reply created =
        server.post("alice", "/api/v1/changes", "{\"range\": \"main..xss\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    String title = "FEATURE: venue <b>status</b> board " + PAYLOAD;

    signIn("bob", "/changes");
    WebElement row = browser.findElement(By.cssSelector("tr[data-change='" + id + "']"));
    WebElement titleCell = row.findElement(By.cssSelector("td:nth-child(2)"));
    assertThat(titleCell.getText()).isEqualTo(title);
    assertThat(titleCell.findElements(By.xpath(".//*"))).isEmpty();
    assertNothingRan("Changes · ChangeTrail");

    row.findElement(By.linkText(id)).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
    WebElement documents = browser.findElement(By.id("documents"));
    assertThat(documents.getText())
        .contains(
            PAYLOAD, "<img src=x onerror=\"window.__pwned=1\">", "javascript:window.__pwned=1");
    assertThat(documents.findElements(By.cssSelector("script, img, iframe, [onerror]"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("body script, [onerror], [onclick]"))).isEmpty();
    assertThat(documents.findElement(By.linkText("click")).getDomAttribute("href"))
        .doesNotContainIgnoringCase("javascript");
    // What the browser itself makes of every link in the document: nothing but http(s) and
    // this page survives.
    assertThat(
            script(
                "return Array.from(document.querySelectorAll('#documents a'))"
                    + ".map(a => a.protocol)"))
        .asList()
        .containsOnly("http:", "https:");
    assertThat(documents.findElement(By.linkText("the spec")).getDomAttribute("href"))
        .isEqualTo("https://example.com/spec");
    assertNothingRan(id + " · ChangeTrail");
  }

  @Test
  void decisionFormsNeedTheSessionsCsrfTokenAndSigningOutEndsTheSession() {
    String id = server.registerFeature();
    signIn("bob", "/changes/" + id);
    String cookie =
        WebRoutes.SESSION_COOKIE
            + "="
            + browser.manage().getCookieNamed(WebRoutes.SESSION_COOKIE).getValue();
    String csrf = browser.findElement(By.name("_csrf")).getDomAttribute("value");
    assertThat(csrf).isNotBlank();
    String approve = "/changes/" + id + "/approve";

    ServerFixture.Reply withoutToken = postForm(approve, cookie, null, "comment=forged");
    assertThat(withoutToken.status()).isEqualTo(403);
    assertThat(withoutToken.body()).contains("CSRF token is missing or wrong");
    assertThat(postForm(approve, cookie, null, "comment=forged&_csrf=" + csrf + "x").status())
        .isEqualTo(403);
    assertThat(postForm(approve, cookie, null, "comment=forged&_csrf=").status()).isEqualTo(403);
    assertThat(
            postForm(approve, cookie, "https://evil.example", "comment=forged&_csrf=" + csrf)
                .status())
        .isEqualTo(403);
    assertThat(server.get("bob", "/api/v1/changes/" + id).json().get("status").asText())
        .isEqualTo("ASSESSED");
    assertThat(server.get("bob", "/api/v1/changes/" + id).json().get("decisions")).isEmpty();

    // The same session with the right token is heard: the refusals above were the token's doing.
    ServerFixture.Reply withToken =
        postForm(approve, cookie, server.url(), "comment=by+hand&_csrf=" + csrf);
    assertThat(withToken.status()).isEqualTo(303);
    assertThat(withToken.header("Location")).isEqualTo("/changes/" + id + "?done=approved");

    browser.get(server.url() + "/changes/" + id);
    browser.findElement(By.id("sign-out")).click();
    waitFor().until(ExpectedConditions.urlToBe(server.url() + "/login"));
    assertThat(browser.manage().getCookieNamed(WebRoutes.SESSION_COOKIE)).isNull();
    ServerFixture.Reply oldCookie =
        server.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/changes"))
                .header("Cookie", cookie)
                .GET());
    assertThat(oldCookie.status()).isEqualTo(303);
    assertThat(oldCookie.header("Location")).startsWith("/login");
    assertThat(postForm(approve, cookie, null, "comment=late&_csrf=" + csrf).status())
        .isEqualTo(401);
  }

  @Test
  void theStatusFilterAndTheSearchNarrowTheList() {
    String feature = server.registerFeature();
    server
        .repo
        .branch("fills")
        .as("Alice Author", "alice@example.com")
        .file("risk-engine/src/main/java/acme/RiskCheck.java", "class RiskCheck { int fill; }\n")
        .commit("BUGFIX: round fill prices in the risk check\n\n## Context and Rationale\nOdd.\n")
        .checkout("main");
    ServerFixture.Reply created =
        server.post("alice", "/api/v1/changes", "{\"range\": \"main..fills\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String fills = created.json().get("id").asText();
    assertThat(server.post("bob", "/api/v1/changes/" + feature + "/approve", "{}").status())
        .isEqualTo(200);

    signIn("dave", "/changes");
    assertThat(listed()).containsExactlyInAnyOrder(feature, fills);

    new Select(browser.findElement(By.id("status"))).selectByValue("APPROVED");
    filter();
    assertThat(listed()).containsExactly(feature);
    assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("1 change(s)");
    assertThat(new Select(browser.findElement(By.id("status"))).getFirstSelectedOption().getText())
        .isEqualTo("APPROVED");

    new Select(browser.findElement(By.id("status"))).selectByValue("");
    browser.findElement(By.id("q")).sendKeys("fill prices");
    filter();
    assertThat(listed()).containsExactly(fills);

    browser.findElement(By.id("q")).clear();
    browser.findElement(By.id("q")).sendKeys("venue lookups");
    filter();
    assertThat(listed()).containsExactly(feature);

    new Select(browser.findElement(By.id("status"))).selectByValue("ASSESSED");
    filter();
    assertThat(listed()).isEmpty();
    assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("0 change(s)");
  }

  // ---------------------------------------------------------------- helpers

  /** Signs {@code user} in through the login form and waits until {@code next} is shown. */
  private void signIn(String user, String next) {
    browser.manage().deleteAllCookies();
    browser.get(server.url() + "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    signIn(server.tokens.get(user));
    assertThat(browser.getCurrentUrl()).isEqualTo(server.url() + next);
  }

  private void signIn(String token) {
    if (!browser.getCurrentUrl().startsWith(server.url() + "/login")) {
      browser.get(server.url() + "/login");
    }
    WebElement field = browser.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    String before = browser.getCurrentUrl();
    browser.findElement(By.id("sign-in")).click();
    waitFor().until(ExpectedConditions.not(ExpectedConditions.urlToBe(before)));
  }

  private void filter() {
    WebElement count = browser.findElement(By.id("count"));
    browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
    waitFor().until(driver -> replaced(count));
  }

  /**
   * Whether the page holding {@code element} was replaced. Chromedriver reports a node of a
   * document that just went away either as stale or, during the swap, as "does not belong to the
   * document"; ExpectedConditions.stalenessOf takes only the first, which made this test flaky.
   */
  private static boolean replaced(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (org.openqa.selenium.StaleElementReferenceException e) {
      return true;
    } catch (org.openqa.selenium.WebDriverException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("does not belong to the document") || message.contains("No node")) {
        return true;
      }
      throw e;
    }
  }

  private List<String> listed() {
    return browser.findElements(By.cssSelector("table.changes tbody tr")).stream()
        .map(row -> row.getDomAttribute("data-change"))
        .toList();
  }

  private void assertNothingRan(String expectedTitle) {
    assertThat(script("return typeof window.__pwned")).isEqualTo("undefined");
    assertThat(browser.getTitle()).isEqualTo(expectedTitle);
  }

  private Object script(String source) {
    return ((JavascriptExecutor) browser).executeScript(source);
  }

  private WebDriverWait waitFor() {
    return new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50));
  }

  /** A form post as a browser would send it, outside the browser: only the cookie we give it. */
  private ServerFixture.Reply postForm(String path, String cookie, String origin, String form) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return server.send(request);
  }
}
