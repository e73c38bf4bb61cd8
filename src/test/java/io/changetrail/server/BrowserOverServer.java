package io.changetrail.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real headless Chromium for the whole test class, and for every test its own server node,
 * repository and SQLite ledger; each test starts without cookies.
 */
abstract class BrowserOverServer {
  @TempDir static Path profile;
  static ChromeDriver browser;

  @TempDir Path dir;
  ServerFixture server;

  @BeforeAll
  static void startBrowser() {
    browser = HeadlessChromium.start(profile);
  }

  @AfterAll
  static void quitBrowser() {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
  }

  @BeforeEach
  void startServer() {
    server = new ServerFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"));
    browser.get(server.url() + "/health");
    browser.manage().deleteAllCookies();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }
}
