package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages a team works in, in a real headless Chromium over a real server node: a change's diff
 * and commits, a deployment's timeline and the forms each role gets, the approval queue, the
 * calendar, the users page and the delivery charts. Each test leaves a screenshot in
 * target/screenshots/ for a person to look at.
 */
class WebUiPagesBrowserTest extends BrowserOverServer {
  static final Path SHOTS = Path.of("target", "screenshots");
  static final String FORGE =
      "forge:\n"
          + "  commit_url: https://git.example/acme/platform/commit/{sha}\n"
          + "  file_url: https://git.example/acme/platform/blob/{sha}/{path}\n";

  @Test
  void aChangesPageShowsItsCommitsAndDiffWithForgeLinksAndTheButtonsGoOnceApproved() {
    restart(FORGE);
    String id = server.registerFeature();
    String tip = server.repo.sha("feature");
    signIn("bob", "/changes/" + id);

    WebElement commits = browser.findElement(By.id("commits"));
    assertThat(commits.getText())
        .contains("ENHANCEMENT: cache venue status in the router", "Alice Author");
    assertThat(commits.findElement(By.cssSelector("a.forge")).getDomAttribute("href"))
        .isEqualTo("https://git.example/acme/platform/commit/" + tip);
    assertThat(browser.findElement(By.id("diffstat")).getText()).isEqualTo("2 file(s), +2 −2");
    WebElement router =
        browser.findElement(
            By.cssSelector(
                "section.file[data-path='order-router/src/main/java/acme/Router.java']"));
    assertThat(router.findElement(By.cssSelector("tr.del td:last-child")).getText())
        .isEqualTo("-class Router {}");
    assertThat(router.findElement(By.cssSelector("tr.add td:last-child")).getText())
        .isEqualTo("+class Router { int cache; }");
    assertThat(router.findElement(By.cssSelector("tr.hunk")).getText()).startsWith("@@ -1 +1 @@");
    assertThat(router.findElement(By.cssSelector("h3 a.forge")).getDomAttribute("href"))
        .isEqualTo(
            "https://git.example/acme/platform/blob/"
                + tip
                + "/order-router/src/main/java/acme/Router.java");
    screenshot("change-before-approval");

    browser.findElement(By.id("approve-comment")).sendKeys("diff read");
    browser.findElement(By.id("approve")).click();
    waitFor().until(ExpectedConditions.textToBe(By.id("status"), "APPROVED"));
    assertThat(browser.findElements(By.id("approve"))).isEmpty();
    assertThat(browser.findElements(By.id("reject"))).isEmpty();
    assertThat(browser.findElement(By.id("decided")).getText())
        .startsWith("You approved this change on");
    screenshot("change-after-approval");

    browser.get(server.url() + "/changes/" + id);
    assertThat(browser.findElements(By.id("approve"))).isEmpty();
    // another approver who has not decided is still offered the decision
    signIn("eve", "/changes/" + id);
    assertThat(browser.findElements(By.id("approve"))).hasSize(1);
    assertThat(browser.findElements(By.id("decided"))).isEmpty();
  }

  @Test
  void aDeployerDeploysByHandRecordsStepsAndRollsBackOthersGetNoSuchForms() {
    String id = server.registerFeature();
    assertThat(server.post("bob", "/api/v1/changes/" + id + "/approve", "{}").status())
        .isEqualTo(200);

    signIn("bob", "/changes/" + id);
    assertThat(browser.findElements(By.id("deploy-form"))).isEmpty();

    signIn("carol", "/changes/" + id);
    WebElement environment = browser.findElement(By.id("deploy-environment"));
    environment.clear();
    environment.sendKeys("prod");
    submit(By.id("start-deployment"));
    assertThat(browser.getCurrentUrl()).contains("/changes/" + id + "/deployments/");
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("RUNNING");
    String page = browser.getCurrentUrl().replaceAll("\\?.*", "");

    browser.findElement(By.id("step-name")).sendKeys("restart order-router");
    browser.findElement(By.id("step-seconds")).clear();
    browser.findElement(By.id("step-seconds")).sendKeys("95");
    submit(By.id("record-step"));
    browser.findElement(By.id("step-name")).sendKeys("smoke test");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("step-phase")))
        .selectByValue("POST_CHECK");
    browser.findElement(By.id("step-passed")).click(); // unticked: it failed
    browser.findElement(By.id("step-notes")).sendKeys("fills rejected by venue XLON");
    submit(By.id("record-step"));
    assertThat(texts(By.cssSelector("#steps > li > strong")))
        .containsExactly("step 1: restart order-router", "post-check 1: smoke test");
    assertThat(browser.findElement(By.cssSelector("#steps > li.FAILED")).getText())
        .contains("FAILED", "fills rejected by venue XLON");
    assertThat(browser.findElement(By.cssSelector("#steps > li.PASSED")).getText())
        .contains("95 s", "done by hand");

    submit(By.id("finish-failed"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("FAILED");
    assertThat(browser.findElements(By.id("step-form"))).isEmpty();
    browser.findElement(By.id("rollback-notes")).sendKeys("redeployed release 4.2.0");
    browser.findElement(By.id("rollback-seconds")).clear();
    browser.findElement(By.id("rollback-seconds")).sendKeys("240");
    submit(By.id("rolled-back"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("ROLLED_BACK");
    assertThat(texts(By.cssSelector("#steps > li > strong")))
        .contains("rollback 1: rolled back by hand");
    assertThat(browser.findElement(By.id("issues")).getText())
        .contains("rolled back by hand", "(4 min)");
    assertThat(browser.findElements(By.id("rollback-form"))).isEmpty();
    screenshot("deployment-rolled-back");
    assertThat(
            server.get("dave", "/api/v1/changes/" + id).json().at("/deployments/0/status").asText())
        .isEqualTo("ROLLED_BACK");

    // an auditor reads the same page without any form; an approver gets no deployer form
    signIn("dave", page.substring(server.url().length()));
    assertThat(browser.findElements(By.cssSelector("section.act"))).isEmpty();
    signIn("bob", page.substring(server.url().length()));
    assertThat(browser.findElements(By.cssSelector("#rollback-form, #step-form"))).isEmpty();
  }

  @Test
  void aRunbookDeploymentShowsItsTimelineAndAnApproverSignsItOff() {
    String id = server.registerFeature();
    assertThat(server.post("bob", "/api/v1/changes/" + id + "/approve", "{}").status())
        .isEqualTo(200);
    server.repo.checkout("feature");
    server.repo.git("config", "user.name", "Carol Deployer");
    server.repo.git("config", "user.email", "carol@example.com");
    server.repo.file(
        "deploy/prod.yml",
        "name: order-router release\nenvironment: prod\n"
            + "pre_checks:\n  - name: venue connectivity\n    run: echo 'XLON ok'; echo 'XPAR ok'\n"
            + "steps:\n  - name: deploy order-router\n    run: echo 'order-router 4.3.0 started'\n"
            + "post_checks:\n  - name: latency within budget\n"
            + "    run: echo '::metric p99_latency_us=412 us'\n"
            + "rollback:\n  - name: redeploy previous release\n    run: echo previous\n");
    server.repo.file(
        "changetrail.yml",
        "verification:\n  checks:\n    - {name: unit tests, kind: test, run: 'true'}\n");
    io.changetrail.testing.Cli.Result deployed =
        io.changetrail.testing.Cli.run(
            server.repo.root(),
            "deploy",
            "run",
            id,
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml",
            "--ledger",
            server.ledger);
    assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();
    io.changetrail.testing.Cli.Result verified =
        io.changetrail.testing.Cli.run(server.repo.root(), "verify", id, "--ledger", server.ledger);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();

    signIn("bob", "/deployments");
    browser.findElement(By.cssSelector("table.deployments tbody tr td a")).click();
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("SUCCEEDED");
    assertThat(texts(By.cssSelector("#steps > li > strong")))
        .containsExactly(
            "pre-check 1: venue connectivity",
            "step 1: deploy order-router",
            "post-check 1: latency within budget");
    WebElement first = browser.findElement(By.cssSelector("#steps > li"));
    assertThat(first.findElement(By.cssSelector("pre.log")).getText())
        .isEqualTo("XLON ok\nXPAR ok");
    assertThat(first.findElement(By.cssSelector(".digest")).getText())
        .matches("output sha256:[0-9a-f]{64}");
    assertThat(first.findElement(By.tagName("code")).getText())
        .isEqualTo("echo 'XLON ok'; echo 'XPAR ok'");
    assertThat(browser.findElements(By.id("rollback-form"))).isEmpty(); // bob is no deployer
    browser.findElement(By.id("signoff-comment")).sendKeys("latency fine");
    submit(By.id("sign-off-change"));
    assertThat(browser.findElement(By.id("signed-off")).getText())
        .isEqualTo("You signed this change off.");
    assertThat(browser.findElement(By.cssSelector("p.notice")).getText())
        .isEqualTo("Recorded: signed off.");
    screenshot("deployment-runbook");

    // the deployer may not sign off what she deployed, and is offered the rollback instead
    signIn(
        "carol", browser.getCurrentUrl().substring(server.url().length()).replaceAll("\\?.*", ""));
    assertThat(browser.findElements(By.id("signoff-form"))).isEmpty();
    assertThat(browser.findElements(By.id("rollback-form"))).hasSize(1);
  }

  @Test
  void theQueueHoldsWhatTheApproverMayApproveAndEmptiesOnceApproved() {
    String feature = server.registerFeature();
    server
        .repo
        .branch("eves")
        .as("Eve Both", "eve@example.com")
        .file("order-router/src/main/java/acme/Quotes.java", "class Quotes { int ttl; }\n")
        .file("order-router/src/test/java/acme/QuotesTest.java", "class QuotesTest { int t; }\n")
        .commit(ServerFixture.DOCUMENTED)
        .checkout("main");
    String eves =
        server
            .post("eve", "/api/v1/changes", "{\"range\": \"main..eves\"}")
            .json()
            .get("id")
            .asText();

    signIn("bob", "/changes");
    browser.findElement(By.id("nav-queue")).click();
    waitFor().until(ExpectedConditions.urlToBe(server.url() + "/queue"));
    assertThat(listed()).containsExactly(feature, eves);
    screenshot("queue");

    signIn("eve", "/queue");
    assertThat(listed()).containsExactly(feature); // never her own change

    signIn("bob", "/changes/" + feature);
    submit(By.id("approve"));
    browser.get(server.url() + "/queue");
    assertThat(listed()).containsExactly(eves);
    signIn("eve", "/queue");
    assertThat(listed()).isEmpty(); // approved as required: nothing left for her
    assertThat(browser.findElement(By.id("count")).getText())
        .isEqualTo("Nothing is waiting for you.");

    signIn("alice", "/changes");
    assertThat(browser.findElements(By.id("nav-queue"))).isEmpty();
    browser.get(server.url() + "/queue");
    assertThat(browser.findElement(By.id("error")).getText()).contains("approver role");
  }

  @Test
  void theCalendarShowsBlackoutWindowsDeploymentsAndWhatIsApprovedToGo() {
    restart(
        "blackout_windows:\n"
            + "  - name: month-end close\n    days: [FRI]\n    from: \"16:00\"\n    to: \"20:00\"\n"
            + "    timezone: UTC\n    environments: [prod]\n");
    String deployed = server.registerFeature();
    server.post("bob", "/api/v1/changes/" + deployed + "/approve", "{}");
    String run =
        server
            .post(
                "carol",
                "/api/v1/changes/" + deployed + "/deployments",
                "{\"environment\": \"uat\"}")
            .json()
            .get("id")
            .asText();
    server.post(
        "carol",
        "/api/v1/changes/" + deployed + "/deployments/" + run + "/finish",
        "{\"succeeded\": false}");

    signIn("dave", "/calendar");
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    WebElement day = browser.findElement(By.cssSelector(".day[data-date='" + today + "']"));
    WebElement event = day.findElement(By.cssSelector("a.ev"));
    assertThat(event.getText()).startsWith("uat ").endsWith(" failed");
    assertThat(event.getDomAttribute("href"))
        .isEqualTo("/changes/" + deployed + "/deployments/" + run);
    assertThat(day.getDomAttribute("class")).contains("today");
    java.time.LocalDate friday =
        today
            .withDayOfMonth(1)
            .with(java.time.temporal.TemporalAdjusters.firstInMonth(java.time.DayOfWeek.FRIDAY));
    assertThat(
            browser
                .findElement(By.cssSelector(".day[data-date='" + friday + "'] .ev.blackout"))
                .getText())
        .isEqualTo("16:00–20:00 month-end close");
    assertThat(
            browser.findElements(
                By.cssSelector(".day[data-date='" + friday.plusDays(1) + "'] .ev.blackout")))
        .isEmpty();
    assertThat(browser.findElement(By.id("windows")).getText()).contains("month-end close");
    screenshot("calendar");

    browser.findElement(By.id("previous")).click();
    waitFor()
        .until(
            ExpectedConditions.urlContains(
                "month=" + java.time.YearMonth.from(today).minusMonths(1)));
    assertThat(browser.findElements(By.cssSelector("a.ev"))).isEmpty();
  }

  @Test
  void anAdminChangesRolesAndDisablesUsersOthersGetNoUsersPage() {
    signIn("carol", "/changes");
    assertThat(browser.findElements(By.id("nav-users"))).isEmpty();
    browser.get(server.url() + "/users");
    assertThat(browser.findElement(By.id("error")).getText()).contains("admin role");

    signIn("root", "/changes");
    browser.findElement(By.id("nav-users")).click();
    waitFor().until(ExpectedConditions.urlToBe(server.url() + "/users"));
    assertThat(texts(By.cssSelector("#users tbody tr td:first-child")))
        .containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "root", "eve");
    browser.findElement(By.id("role-carol-approver")).click();
    submit(By.id("save-carol"));
    assertThat(browser.findElement(By.id("role-carol-approver")).isSelected()).isTrue();
    assertThat(browser.findElement(By.id("role-carol-deployer")).isSelected()).isTrue();
    submit(By.id("disable-eve"));
    assertThat(
            browser.findElement(By.cssSelector("tr[data-user='eve'] td:last-child span")).getText())
        .isEqualTo("disabled");
    assertThat(browser.findElements(By.id("enable-eve"))).hasSize(1);
    screenshot("users");

    assertThat(server.get("root", "/api/v1/users").body()).contains("\"approver\"");
    assertThat(server.get("eve", "/api/v1/me").status()).isEqualTo(401);
    signIn("carol", "/changes");
    assertThat(browser.findElements(By.id("nav-queue"))).hasSize(1);
  }

  @Test
  void theDeliveryChartsAreShownAtTheirOwnSizeSoTheirTextIsReadable() {
    String id = server.registerFeature();
    server.post("bob", "/api/v1/changes/" + id + "/approve", "{}");
    String run =
        server
            .post("carol", "/api/v1/changes/" + id + "/deployments", "{\"environment\": \"prod\"}")
            .json()
            .get("id")
            .asText();
    server.post(
        "carol",
        "/api/v1/changes/" + id + "/deployments/" + run + "/finish",
        "{\"succeeded\": true}");
    signIn("dave", "/delivery");
    List<WebElement> charts = browser.findElements(By.cssSelector("#charts svg"));
    assertThat(charts).hasSize(2);
    for (WebElement chart : charts) {
      assertThat(chart.getRect().getWidth()).isBetween(600, 720);
    }
    // what the reader sees: every tick and label at least 12 CSS pixels tall as rendered
    Object smallest =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return Math.min(...Array.from(document.querySelectorAll("
                    + "'#charts text.ct-tick, #charts text.ct-label, #charts text.ct-median-label'))"
                    + ".map(t => t.getBoundingClientRect().height))");
    assertThat(((Number) smallest).doubleValue()).isGreaterThanOrEqualTo(12);
    assertThat(browser.findElement(By.cssSelector("text.ct-median-label")).getText())
        .startsWith("median ");
    screenshot("delivery");
  }

  // ---------------------------------------------------------------- helpers

  void signIn(String user, String next) {
    browser.manage().deleteAllCookies();
    browser.get(server.url() + "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    WebElement field = browser.findElement(By.id("token"));
    field.sendKeys(server.tokens.get(user));
    String before = browser.getCurrentUrl();
    browser.findElement(By.id("sign-in")).click();
    waitFor().until(ExpectedConditions.not(ExpectedConditions.urlToBe(before)));
    assertThat(browser.getCurrentUrl()).isEqualTo(server.url() + next);
  }

  /** A new server whose repository has {@code config} as changetrail.yml from the start. */
  void restart(String config) {
    server.close();
    server =
        new ServerFixture(
            dir.resolve("configured"), "jdbc:sqlite:" + dir.resolve("configured.db"), config);
  }

  WebDriverWait waitFor() {
    return new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50));
  }

  /** Clicks a submit button and waits until the page it was on is replaced. */
  void submit(By button) {
    WebElement marker = browser.findElement(By.tagName("main"));
    browser.findElement(button).click();
    waitFor().until(driver -> replaced(marker));
  }

  /** As in WebUiBrowserTest: chromedriver reports a replaced node as stale or as foreign. */
  static boolean replaced(WebElement element) {
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

  /** The whole page as a PNG in target/screenshots/NAME.png (the window grown to fit it). */
  static void screenshot(String name) {
    Dimension before = browser.manage().window().getSize();
    long height =
        ((Number)
                ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollHeight"))
            .longValue();
    browser.manage().window().setSize(new Dimension(1280, (int) Math.min(6000, height + 140)));
    try {
      Files.createDirectories(SHOTS);
      Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      browser.manage().window().setSize(before);
    }
  }

  static List<String> listed() {
    return browser.findElements(By.cssSelector("table.changes tbody tr")).stream()
        .map(row -> row.getDomAttribute("data-change"))
        .toList();
  }

  static List<String> texts(By by) {
    return browser.findElements(by).stream().map(WebElement::getText).toList();
  }
}
