package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.demo.ExampleRepository;
import io.changetrail.app.demo.ServerTour;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo's server as a newcomer meets it ({@code demo --serve}): the example repository with its
 * recorded quarter, in headless Chromium; every page shows what it is for. Screenshots land in
 * target/screenshots/demo-*.png.
 */
class WebUiDemoBrowserTest {
  @TempDir static Path profile;
  @TempDir static Path dir;
  static ServerNode node;
  static ServerTour.Prepared prepared;

  @BeforeAll
  static void start() {
    WebUiPagesBrowserTest.browser = HeadlessChromium.start(profile);
    new ExampleRepository(dir).create();
    prepared = new ServerTour(dir).prepare();
    Workspace workspace = Workspace.open(dir);
    ServerOptions local = ServerOptions.local(0);
    ServerOptions options =
        new ServerOptions(
            local.host(),
            local.port(),
            local.maxBodyBytes(),
            local.sessionLifetime(),
            local.secureCookies(),
            Optional.of(prepared.verifierKey().toString()),
            Optional.of(prepared.signingKey()),
            local.accessLog());
    node =
        ServerNode.start(
            options, workspace, LedgerLocation.resolve(Optional.empty(), workspace.git()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (WebUiPagesBrowserTest.browser != null) {
      WebUiPagesBrowserTest.browser.quit();
      WebUiPagesBrowserTest.browser = null;
    }
  }

  @Test
  void everyPageOfTheDemoShowsAQuarterOfWork() {
    var browser = WebUiPagesBrowserTest.browser;
    signIn("carol", "/changes");
    int changes = browser.findElements(By.cssSelector("table.changes tbody tr")).size();
    assertThat(changes).isGreaterThanOrEqualTo(30);
    assertThat(browser.findElement(By.id("count")).getText()).isEqualTo(changes + " change(s)");
    WebPagesShots.shot("demo-changes");

    browser.get(node.url() + "/queue");
    assertThat(browser.findElements(By.cssSelector("table.changes tbody tr")).size())
        .isGreaterThanOrEqualTo(2);
    assertThat(WebUiPagesBrowserTest.listed()).contains(prepared.pendingChange());
    WebPagesShots.shot("demo-queue");

    browser.get(node.url() + "/deployments");
    assertThat(
            WebUiPagesBrowserTest.texts(By.cssSelector("table.deployments td.status-ROLLED_BACK")))
        .hasSizeGreaterThanOrEqualTo(3);
    WebPagesShots.shot("demo-deployments");
    browser
        .findElement(
            By.xpath(
                "//table[contains(@class,'deployments')]//tr[td[contains(@class,'status-ROLLED_BACK')]]//td[1]/a"))
        .click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("status"), "ROLLED_BACK"));
    assertThat(WebUiPagesBrowserTest.texts(By.cssSelector("#steps > li > strong")))
        .contains("post-check 1: smoke test", "rollback 1: rolled back by hand");
    WebPagesShots.shot("demo-deployment-rolled-back");

    browser.get(node.url() + "/calendar");
    assertThat(browser.findElements(By.cssSelector(".calendar .ev.blackout"))).isNotEmpty();
    assertThat(browser.findElement(By.id("windows")).getText())
        .contains("US close and month-end batch", "London open");
    WebPagesShots.shot("demo-calendar");
    browser.get(
        node.url()
            + "/calendar?month="
            + java.time.YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1));
    assertThat(browser.findElements(By.cssSelector(".calendar a.ev")))
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(
            browser.findElements(By.cssSelector(".calendar a.ev.emergency")).size()
                + browser.findElements(By.cssSelector(".calendar a.ev.ROLLED_BACK")).size())
        .isPositive();
    WebPagesShots.shot("demo-calendar-last-month");

    browser.get(node.url() + "/delivery");
    assertThat(browser.findElements(By.cssSelector("#charts rect.ct-deployments")).size())
        .isGreaterThanOrEqualTo(8);
    assertThat(browser.findElements(By.cssSelector("#charts rect.ct-failures"))).isNotEmpty();
    assertThat(browser.findElement(By.id("scopes")).getText())
        .contains("order-router", "risk-engine", "market-data", "common");
    WebPagesShots.shot("demo-delivery");

    browser.get(node.url() + "/changes?status=REJECTED");
    assertThat(WebUiPagesBrowserTest.listed()).hasSize(1);
    browser.findElement(By.cssSelector("table.changes tbody tr td a")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("status"), "REJECTED"));
    assertThat(browser.findElement(By.id("diffstat")).getText()).startsWith("2 file(s)");
    WebPagesShots.shot("demo-change-rejected");

    signIn("admin", "/users");
    assertThat(WebUiPagesBrowserTest.texts(By.cssSelector("#users tbody tr td:first-child")))
        .contains("bob", "carol", "erin", "admin", "priya", "liam", "dave", "omar");
    WebPagesShots.shot("demo-users");
  }

  private static void signIn(String user, String next) {
    var browser = WebUiPagesBrowserTest.browser;
    String token =
        prepared.logins().stream()
            .filter(l -> l.user().equals(user))
            .findFirst()
            .orElseThrow()
            .token();
    browser.manage().deleteAllCookies();
    browser.get(node.url() + "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    WebElement field = browser.findElement(By.id("token"));
    field.sendKeys(token);
    String before = browser.getCurrentUrl();
    browser.findElement(By.id("sign-in")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.not(ExpectedConditions.urlToBe(before)));
    assertThat(browser.getCurrentUrl()).isEqualTo(node.url() + next);
  }

  /** Screenshots through the shared helper. */
  static final class WebPagesShots {
    static void shot(String name) {
      WebUiPagesBrowserTest.screenshot(name);
    }
  }
}
