package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.testing.Loader;
import dev.hopscope.server.testing.ShopTraces;
import java.awt.Point;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The real Zipkin Lens, taken out of Zipkin's exec jar, hosted as its container image hosts it and
 * pointed at Hopscope's Zipkin port, driven in headless Chromium: the services it lists, a search
 * with the failed trace marked, a trace opened from the results and one from a pasted id, and the
 * Dependencies tab with the webapp → auth link. Spans reach Hopscope through OTLP, so this is also
 * the OTLP → Zipkin mapping as Lens reads it (status ERROR → the {@code error} tag).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZipkinLensIT {
  private static final long MS = 1_000_000L;
  private static final int TRACES = 12;
  private static final int FAILED = 4;

  @TempDir static Path dir;
  private static HopscopeServer server;
  private static LensHost lens;
  private static Browser browser;
  private static final List<List<Span>> traces = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server = HopscopeServer.start(ServerConfig.forTests(dir.resolve("data")));
    ShopTraces shop = new ShopTraces(7);
    long base = (System.currentTimeMillis() - 60_000) * MS;
    Loader loader = new Loader(server);
    for (int i = 0; i < TRACES; i++) {
      List<Span> trace = shop.trace(base + i * 100 * MS, i % 3 == 0 ? 100 : 1, i == FAILED);
      traces.add(trace);
      loader.send(trace);
    }
    String jar = System.getProperty("hopscope.zipkinServerJar");
    assertThat(jar).as("the build copies Zipkin's exec jar for this test").isNotNull();
    lens = new LensHost(Path.of(jar), server.zipkinPort());
    browser = new Browser(lens.address(), dir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stop() {
    // Whichever of them started, newest first.
    if (browser != null) {
      browser.close();
    }
    if (lens != null) {
      lens.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void noConsoleErrorsAndEveryApiCallAnswered() {
    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(lens.apiCalls()).allMatch(call -> call.startsWith("200 "));
  }

  @Test
  @Order(1)
  void servicesAreOfferedAndASearchMarksTheFailedTrace() {
    browser.open("/");
    browser.byTestId("add-button").click();
    WebElement criterion = browser.byTestId("criterion-input");
    criterion.sendKeys("serviceName=");
    By suggestions = By.xpath("//input[@data-testid='criterion-input']/following-sibling::div//li");
    browser.waitFor(d -> texts(d.findElements(suggestions)).equals(List.of("auth", "webapp")));
    browser.driver.findElements(suggestions).get(1).click();
    // Choosing a service makes Lens ask for its span and remote service names.
    browser.waitFor(
        d ->
            lens.apiCalls().contains("200 /api/v2/spans?serviceName=webapp")
                && lens.apiCalls().contains("200 /api/v2/remoteServices?serviceName=webapp"));
    assertThat(lens.apiCalls()).contains("200 /api/v2/autocompleteKeys", "200 /api/v2/services");

    runQuery();
    By rows = By.cssSelector("tbody tr a[href^='/zipkin/traces/']");
    browser.waitFor(d -> d.findElements(rows).size() == 10);
    browser.screenshot("lens-search");
    String failed = traceId(FAILED);
    for (WebElement show : browser.driver.findElements(rows)) {
      WebElement row = show.findElement(By.xpath("./ancestor::tr"));
      boolean marked = !row.findElements(By.cssSelector("svg.MuiSvgIcon-colorError")).isEmpty();
      assertThat(marked)
          .as("error mark on " + show.getAttribute("href"))
          .isEqualTo(show.getAttribute("href").endsWith("/" + failed));
    }

    browser.driver.findElement(By.cssSelector("a[href='/zipkin/traces/" + failed + "']")).click();
    browser.waitFor(d -> browser.path().equals("/traces/" + failed));
    browser.waitFor(d -> d.getPageSource().contains("auth: ValidateToken"));
    assertThat(browser.driver.findElement(By.tagName("body")).getText())
        .contains("webapp: GET /products", "auth: SELECT tokens", "webapp: SELECT products")
        .contains(failed);
    browser.screenshot("lens-trace");
  }

  @Test
  @Order(2)
  void aPastedTraceIdOpensThatTrace() {
    browser.open("/");
    String id = traceId(7);
    WebElement box =
        browser.waitFor(d -> d.findElement(By.cssSelector("header input[placeholder='Trace ID']")));
    box.sendKeys(id, Keys.ENTER);
    browser.waitFor(d -> browser.path().equals("/traces/" + id));
    browser.waitFor(d -> d.getPageSource().contains("auth: ValidateToken"));
    assertThat(browser.driver.findElement(By.tagName("body")).getText())
        .contains(id, "webapp: GET /products");
  }

  @Test
  @Order(3)
  void theDependenciesTabShowsTheLinkFromWebappToAuth() {
    browser.open("/");
    browser.waitFor(d -> d.findElement(By.cssSelector("a[href='/zipkin/dependency']"))).click();
    browser.byTestId("search-button").click();
    WebElement graph = browser.byTestId("dependencies-graph");
    assertThat(lens.apiCalls()).anyMatch(call -> call.startsWith("200 /api/v2/dependencies?"));

    // Nodes exist only through links: the filter lists every service a link names.
    graph.findElement(By.cssSelector("button[title='Open']")).click();
    By options = By.cssSelector("[role='listbox'] li");
    browser.waitFor(d -> d.findElements(options).size() == 3);
    assertThat(texts(browser.driver.findElements(options)))
        .containsExactlyInAnyOrder("webapp", "auth", "h2/shop");
    new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();

    // The graph is drawn on a canvas; the left-most node of the left-to-right tree is the root,
    // webapp. Clicking it opens Lens's panel of the services it uses.
    WebElement canvas = graph.findElement(By.tagName("canvas"));
    Point webapp =
        browser.waitFor(
            d -> {
              List<Point> nodes = CanvasNodes.find(canvas.getScreenshotAs(OutputType.BYTES), 200);
              return nodes.size() == 3 ? nodes.get(0) : null;
            });
    browser.screenshot("lens-dependencies");
    new Actions(browser.driver)
        .moveToElement(
            canvas,
            webapp.x - canvas.getRect().getWidth() / 2,
            webapp.y - canvas.getRect().getHeight() / 2)
        .click()
        .perform();
    WebElement details =
        browser
            .waitFor(d -> d.findElement(By.cssSelector("[data-testid='search-traces-button']")))
            .findElement(By.xpath("./ancestor::div[.//table][1]"));
    assertThat(details.getText()).contains("webapp", "Uses");
    // Each row: the service used, calls, errors — every trace called auth once, one failed there.
    List<String> uses =
        details.findElements(By.cssSelector("tr")).stream()
            .map(row -> row.getText().replaceAll("\\s+", " ").trim())
            .toList();
    assertThat(uses).contains("auth " + TRACES + " 1", "h2/shop " + TRACES + " 0");
    browser.screenshot("lens-dependency-details");
  }

  private static void runQuery() {
    browser.waitFor(d -> d.findElement(By.xpath("//button[contains(., 'Run Query')]"))).click();
  }

  private static String traceId(int index) {
    return traces.get(index).get(0).traceId().toHex();
  }

  private static List<String> texts(List<WebElement> elements) {
    return elements.stream().map(WebElement::getText).toList();
  }
}
