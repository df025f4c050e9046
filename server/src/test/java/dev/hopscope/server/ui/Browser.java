package dev.hopscope.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Debian Chromium driven by chromedriver, with console logs and screenshots. */
final class Browser implements AutoCloseable {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final String base;

  Browser(String baseUrl, Path profileDir) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1440,960",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  void open(String path) {
    driver.get(base + path);
  }

  String path() {
    String url = driver.getCurrentUrl();
    return url.startsWith(base) ? url.substring(base.length()) : url;
  }

  <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
    // Virtualised lists recycle their rows, so an element found a moment ago may be gone.
    return new WebDriverWait(driver, timeout)
        .ignoring(StaleElementReferenceException.class)
        .until(d -> untilDetached(d, condition));
  }

  /**
   * Chromium reports an element whose page was replaced between finding it and reading it as an
   * "unknown error" naming a node that "does not belong to the document", not as a stale element;
   * it means the same, so the wait tries again (CI saw it once on a sign-in page reloading).
   */
  private static <T> @Nullable T untilDetached(WebDriver driver, Function<WebDriver, T> condition) {
    try {
      return condition.apply(driver);
    } catch (WebDriverException e) {
      String message = e.getMessage();
      if (message != null && message.contains("does not belong to the document")) {
        return null;
      }
      throw e;
    }
  }

  <T> T waitFor(Function<WebDriver, T> condition) {
    return waitFor(Duration.ofSeconds(20), condition);
  }

  WebElement byTestId(String testId) {
    return waitFor(d -> d.findElement(By.cssSelector("[data-testid='" + testId + "']")));
  }

  List<WebElement> allByTestId(String testId) {
    return driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Runs a script that calls its last argument with the result, and returns that result. */
  Object asyncScript(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
  }

  /**
   * Imports {@code /js/<module>} as {@code m} in the page and returns {@code expression} as JSON
   * text, or a text starting with {@code ERROR} and the stack when it threw.
   */
  String runModule(String module, String expression) {
    return String.valueOf(
        asyncScript(
            "const done = arguments[arguments.length - 1];"
                + "import('/js/"
                + module
                + "').then((m) => done(JSON.stringify("
                + expression
                + "))).catch((e) => done('ERROR ' + e.stack));"));
  }

  /** Console messages at SEVERE since the last call (errors, CSP violations, failed loads). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pins the theme the way the toggle does, then reloads so the page starts in it. */
  void theme(String mode) {
    script("localStorage.setItem('hopscope.theme', arguments[0])", mode);
    driver.navigate().refresh();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
