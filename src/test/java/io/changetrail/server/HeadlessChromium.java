package io.changetrail.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through the distribution's chromedriver (Debian's {@code
 * chromium} and {@code chromium-driver}). Selenium Manager never runs: both binaries are named, so
 * nothing is downloaded. Where they are missing the calling test is skipped with the reason, unless
 * {@code CHANGETRAIL_REQUIRE_BROWSER=1} (set by {@code .ci/run}) makes that a failure.
 */
final class HeadlessChromium {
  static final String REQUIRE = "CHANGETRAIL_REQUIRE_BROWSER";
  private static final Path CHROMIUM = binary("CHANGETRAIL_CHROMIUM", "/usr/bin/chromium");
  private static final Path CHROMEDRIVER =
      binary("CHANGETRAIL_CHROMEDRIVER", "/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Starts a browser with a fresh profile in {@code profile}; the caller quits it. */
  static ChromeDriver start(Path profile) {
    Optional<String> missing = missing();
    if (missing.isPresent()) {
      String reason =
          missing.get()
              + " is missing: install the Debian packages chromium and chromium-driver"
              + " (or point CHANGETRAIL_CHROMIUM and CHANGETRAIL_CHROMEDRIVER at them)";
      if ("1".equals(System.getenv(REQUIRE))) {
        throw new AssertionError(REQUIRE + "=1 but " + reason);
      }
      assumeTrue(false, "web UI browser tests skipped: " + reason);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1024",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withSilent(true)
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  private static Optional<String> missing() {
    if (!Files.isExecutable(CHROMIUM)) {
      return Optional.of("the browser " + CHROMIUM);
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      return Optional.of("the driver " + CHROMEDRIVER);
    }
    return Optional.empty();
  }

  private static Path binary(String variable, String fallback) {
    String configured = System.getenv(variable);
    return Path.of(configured == null || configured.isBlank() ? fallback : configured);
  }
}
