package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.ingest.Tenants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The web UI in real Chromium against a real server holding the shop dataset. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
  @TempDir static Path dir;
  private static UiFixture fixture;
  private static Browser browser;
  private static ShopDataset shop;

  @BeforeAll
  static void start() throws Exception {
    fixture = new UiFixture(dir);
    browser = fixture.browser;
    long now = UiFixture.nowNanos();
    shop = ShopDataset.send(fixture.server.otlpHttpPort(), now - TimeUnit.MINUTES.toNanos(20));
    SyntheticTraces.writeLarge(
        fixture.server.store(), Tenants.DEFAULT, now - TimeUnit.HOURS.toNanos(3));
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @AfterEach
  void noConsoleErrors() {
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  @Order(1)
  void searchOpenTraceSeeHopGapThenMapEdgeThenCompare() {
    browser.open("/search?q=" + UiFixture.encode("{ resource.service.name = \"webapp\" }"));
    browser.waitFor(d -> rows().size() == ShopDataset.TRACES);
    browser.screenshot("search");

    browser.byTestId("sort-duration").click();
    browser.waitFor(d -> browser.path().contains("order=duration"));
    browser.waitFor(d -> rows().size() == ShopDataset.TRACES && isDescending(durations()));

    browser.byTestId("search-result-link").click();
    browser.waitFor(d -> browser.path().startsWith("/trace/"));
    waitForTrace("ready");
    List<WebElement> gaps = browser.allByTestId("hop-gap-label");
    assertThat(gaps).isNotEmpty();
    assertThat(gaps.get(0).getText()).matches("[→←] \\d+(\\.\\d+)? ms");
    assertThat(browser.allByTestId("finding")).isNotEmpty();
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-testid='wf-row-peer']:not([hidden])")))
        .isNotEmpty();
    browser
        .driver
        .findElements(By.cssSelector("[data-testid='wf-row-span']:not([hidden])"))
        .get(1)
        .click();
    assertThat(browser.byTestId("span-details").getText()).contains("Attributes", "Resource");
    browser.screenshot("trace");

    browser.byTestId("nav-map").click();
    browser
        .waitFor(
            d ->
                d.findElement(
                    By.cssSelector(
                        "[data-testid='map-edge'][data-caller='auth'][data-callee='h2/shop']")))
        .click();
    browser.waitFor(
        d -> browser.path().startsWith("/search") && rows().size() == ShopDataset.TRACES);
    browser.driver.navigate().back();
    WebElement edge =
        browser.waitFor(
            d ->
                d.findElement(
                    By.cssSelector(
                        "[data-testid='map-edge'][data-caller='webapp'][data-callee='auth']")));
    assertThat(browser.allByTestId("map-edge-label")).isNotEmpty();
    // 12 calls 30 s apart: 2 a minute over the 5 min 30 s they cover, not 12 over the hour shown.
    assertThat(edge.findElement(By.cssSelector("[data-testid='map-edge-rate']")).getText())
        .startsWith("2.0/min ·");
    assertThat(edge.findElement(By.cssSelector("title")).getAttribute("textContent"))
        .contains("webapp → auth: 2.0/min (12 calls in 5m 30s, first to last call)");
    assertThat(browser.byTestId("map-rate-note").getText()).contains("first and last call");
    browser.screenshot("map");
    edge.click();
    browser.waitFor(
        d -> browser.path().startsWith("/search") && browser.path().contains("order=gap"));
    browser.waitFor(d -> rows().size() == ShopDataset.TRACES);

    pick(shop.traceIds.get(0));
    pick(shop.traceIds.get(ShopDataset.RETRY));
    browser.byTestId("compare-selected").click();
    browser.waitFor(
        d -> "ready".equals(browser.byTestId("compare-view").getAttribute("data-state")));
    assertThat(browser.allByTestId("compare-diff")).isNotEmpty();
    browser.screenshot("compare");
  }

  @Test
  @Order(2)
  void autocompleteSuggestsAttributeNamesAndValues() {
    browser.open("/search");
    WebElement editor = browser.byTestId("traceql-editor");
    editor.clear();
    editor.sendKeys("{ resource.serv");
    browser.waitFor(
        d -> optionTexts().stream().anyMatch(t -> t.startsWith("resource.service.name")));
    editor.sendKeys(Keys.TAB);
    editor.sendKeys("= \"web");
    browser.waitFor(d -> optionTexts().stream().anyMatch(t -> t.startsWith("webapp")));
    editor.sendKeys(Keys.TAB);
    editor.sendKeys("}");
    assertThat(editor.getAttribute("value")).isEqualTo("{ resource.service.name = \"webapp\" }");
    editor.sendKeys(Keys.ENTER);
    browser.waitFor(d -> rows().size() == ShopDataset.TRACES);
  }

  @Test
  @Order(2)
  void aBadQueryShowsTheServersMessageAndWhereItWent() {
    browser.open("/search?q=" + UiFixture.encode("{ duration > }"));
    WebElement error = browser.byTestId("error");
    assertThat(error.getText()).contains("^");
    assertThat(rows()).isEmpty();
    // Chromium logs the 400 answer itself; that one entry is expected, nothing else is.
    assertThat(browser.consoleErrors())
        .allMatch(message -> message.contains("/api/search") && message.contains("400"));
  }

  @Test
  @Order(3)
  void scatterPointOpensItsTraceAndBackForwardWork() {
    browser.open("/search?q=" + UiFixture.encode("{ resource.service.name = \"webapp\" }"));
    browser.waitFor(d -> rows().size() == ShopDataset.TRACES);
    String traceId = shop.traceIds.get(5);
    @SuppressWarnings("unchecked")
    Map<String, Number> point =
        (Map<String, Number>)
            browser.script(
                "return document.querySelector('hs-scatter').pointFor(arguments[0])", traceId);
    WebElement over = browser.driver.findElement(By.cssSelector("[data-testid='scatter'] .u-over"));
    int dx = (int) Math.round(point.get("x").doubleValue() - point.get("width").doubleValue() / 2);
    int dy = (int) Math.round(point.get("y").doubleValue() - point.get("height").doubleValue() / 2);
    new Actions(browser.driver).moveToElement(over, dx, dy).click().perform();
    browser.waitFor(d -> browser.path().equals("/trace/" + traceId));
    waitForTrace("ready");

    browser.driver.navigate().back();
    browser.waitFor(
        d -> browser.path().startsWith("/search") && rows().size() == ShopDataset.TRACES);
    browser.driver.navigate().forward();
    browser.waitFor(d -> browser.path().startsWith("/trace/" + traceId));
    waitForTrace("ready");
  }

  @Test
  @Order(4)
  void pagingFollowsTheCursorAndKeyboardAndLinksNavigate() {
    browser.open("/search?limit=5&q=" + UiFixture.encode("{ resource.service.name = \"webapp\" }"));
    browser.waitFor(d -> rows().size() == 5);
    browser.byTestId("load-more").click();
    browser.waitFor(d -> rows().size() == 10);
    browser.byTestId("load-more").click();
    browser.waitFor(d -> rows().size() == ShopDataset.TRACES);
    assertThat(browser.byTestId("load-more").isDisplayed()).isFalse();
    assertThat(rows().stream().map(r -> r.getAttribute("data-trace-id")).distinct().count())
        .isEqualTo(ShopDataset.TRACES);

    rows().get(0).sendKeys(Keys.ARROW_DOWN);
    WebElement focused = browser.driver.switchTo().activeElement();
    String second = rows().get(1).getAttribute("data-trace-id");
    assertThat(focused.getAttribute("data-trace-id")).isEqualTo(second);
    focused.sendKeys(Keys.ENTER);
    browser.waitFor(d -> browser.path().equals("/trace/" + second));
    waitForTrace("ready");

    // Each shop root links to the previous trace's root: select the root, follow its link.
    String linked = shop.traceIds.get(shop.traceIds.indexOf(second) - 1);
    WebElement waterfall = browser.byTestId("waterfall");
    waterfall.sendKeys(Keys.HOME);
    browser.waitFor(d -> browser.path().startsWith("/trace/" + second + "?span="));
    waterfall.sendKeys(Keys.ARROW_DOWN);
    browser.waitFor(d -> browser.byTestId("span-details").getText().contains("POST /validate"));
    waterfall.sendKeys(Keys.ARROW_UP);
    browser.byTestId("span-link").click();
    browser.waitFor(d -> browser.path().startsWith("/trace/" + linked + "?span="));
    waitForTrace("ready");
    assertThat(browser.byTestId("span-details").getText()).contains("GET /products");
    // ...and back: the linked span lists the spans of other traces that link to it.
    browser
        .waitFor(
            d ->
                d.findElement(
                    By.cssSelector("[data-testid='incoming-link'][href^='/trace/" + second + "']")))
        .click();
    browser.waitFor(d -> browser.path().startsWith("/trace/" + second + "?span="));
    waitForTrace("ready");
  }

  @Test
  @Order(5)
  void clockSkewIsShownAsABadge() {
    browser.open("/trace/" + shop.traceIds.get(ShopDataset.SKEWED));
    waitForTrace("ready");
    assertThat(browser.allByTestId("badge-skew")).isNotEmpty();
    browser.screenshot("trace-skew");
  }

  @Test
  @Order(6)
  void hundredThousandSpanTraceRendersVirtualised() {
    long started = System.nanoTime();
    browser.open("/trace/" + SyntheticTraces.LARGE.toHex());
    browser.waitFor(
        Duration.ofSeconds(120),
        d -> {
          String state = browser.byTestId("trace-view").getAttribute("data-state");
          return ("spans".equals(state) || "ready".equals(state))
              && !d.findElements(By.cssSelector(".wf-row:not([hidden])")).isEmpty();
        });
    long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    @SuppressWarnings("unchecked")
    Map<String, Number> timing =
        (Map<String, Number>)
            browser.script(
                """
                const entry = performance.getEntriesByType('resource')
                  .filter((e) => e.name.includes('/api/traces/') && !e.name.includes('/analysis')).pop();
                const view = document.querySelector('hs-trace-view');
                return { requestStart: entry.requestStart, responseStart: entry.responseStart,
                  responseEnd: entry.responseEnd, bytes: entry.encodedBodySize,
                  renderedAt: Number(view.dataset.renderedAt), parsedAt: Number(view.dataset.parsedAt),
                  modelMillis: Number(view.dataset.modelMillis) };
                """);
    double requestStart = timing.get("requestStart").doubleValue();
    double responseStart = timing.get("responseStart").doubleValue();
    double responseEnd = timing.get("responseEnd").doubleValue();
    double renderedAt = timing.get("renderedAt").doubleValue();
    double uiMillis = renderedAt - responseEnd;
    System.out.printf(
        "100,000-span trace: rows on screen %.0f ms after navigation (%d ms wall clock);"
            + " server answered in %.0f ms, download %.0f ms (%d bytes),"
            + " UI parse + model + render %.0f ms (JSON parse %.0f ms, model %d ms)%n",
        renderedAt,
        wallMillis,
        responseStart - requestStart,
        responseEnd - responseStart,
        timing.get("bytes").longValue(),
        uiMillis,
        timing.get("parsedAt").doubleValue() - responseEnd,
        timing.get("modelMillis").longValue());
    assertThat(browser.byTestId("span-count").getText()).isEqualTo("100000 spans");
    assertThat(browser.driver.findElements(By.cssSelector(".wf-row")).size()).isLessThan(200);

    browser.waitFor(
        Duration.ofSeconds(120),
        d -> "ready".equals(browser.byTestId("trace-view").getAttribute("data-state")));
    @SuppressWarnings("unchecked")
    Map<String, Number> frames =
        (Map<String, Number>)
            browser.driver.executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                const viewport = document.querySelector('[data-testid=waterfall]');
                const frames = [];
                let last = performance.now();
                function tick(now) {
                  frames.push(now - last);
                  last = now;
                  viewport.scrollTop += 2600;
                  if (frames.length < 61) requestAnimationFrame(tick);
                  else {
                    const measured = frames.slice(1).sort((a, b) => a - b);
                    done({ median: measured[30], max: measured[59] });
                  }
                }
                requestAnimationFrame(tick);
                """);
    System.out.printf(
        "100,000-span trace: 60 scroll frames, median %.1f ms, slowest %.1f ms%n",
        frames.get("median").doubleValue(), frames.get("max").doubleValue());
    browser.waitFor(
        d -> browser.driver.findElements(By.cssSelector(".wf-row:not([hidden])")).size() > 10);
    browser.screenshot("trace-100k");
    // Speed is a benchmark figure, printed above (goal: the UI's share <= 2 s); asserting it here
    // would make the test depend on how busy the machine is. What must hold is that it renders.
    assertThat(uiMillis).isPositive();
  }

  @Test
  @Order(7)
  void aggregatedCriticalPathAttributionThenRedCharts() {
    browser.open("/aggregates?q=" + UiFixture.encode("{ resource.service.name = \"webapp\" }"));
    browser.waitFor(d -> !browser.allByTestId("critical-path-row").isEmpty());
    browser.waitFor(d -> browser.byTestId("attribution").getText().contains("slow trace"));
    assertThat(browser.byTestId("attribution-slow").getAttribute("value"))
        .startsWith("{ traceDuration > ");
    browser.screenshot("aggregates");
    // Rate, errors and duration moved to their own page (MetricsUiIT); the link keeps the range.
    browser.byTestId("aggregates-red-link").click();
    browser.waitFor(d -> browser.path().startsWith("/red"));
    browser.waitFor(d -> browser.allByTestId("red-chart").size() == 3);
  }

  @Test
  @Order(8)
  void darkTheme() {
    browser.open("/trace/" + shop.traceIds.get(0));
    WebElement toggle = browser.byTestId("theme-toggle");
    toggle.click();
    browser.waitFor(d -> toggle.getText().equals("Theme: light"));
    browser.theme("dark");
    waitForTrace("ready");
    assertThat(browser.script("return document.documentElement.dataset.theme")).isEqualTo("dark");
    // Each colour is written once as light-dark(); the pinned theme must pick the dark side.
    assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
        .isEqualTo("rgb(16, 20, 27)");
    browser.screenshot("trace-dark");
    browser.open("/map");
    browser.waitFor(d -> !browser.allByTestId("map-edge").isEmpty());
    browser.screenshot("map-dark");
    browser.theme("light");
    assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
        .isEqualTo("rgb(255, 255, 255)");
    browser.theme("auto");
  }

  private static List<WebElement> rows() {
    return browser.allByTestId("search-result-row");
  }

  private static List<Long> durations() {
    return rows().stream().map(r -> Long.parseLong(r.getAttribute("data-duration-nanos"))).toList();
  }

  private static boolean isDescending(List<Long> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) > values.get(i - 1)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> optionTexts() {
    return browser.allByTestId("autocomplete-option").stream().map(WebElement::getText).toList();
  }

  private static void pick(String traceId) {
    browser
        .waitFor(
            d ->
                d.findElement(
                    By.cssSelector(
                        "tr[data-trace-id='" + traceId + "'] [data-testid='compare-pick']")))
        .click();
  }

  private static void waitForTrace(String state) {
    browser.waitFor(d -> state.equals(browser.byTestId("trace-view").getAttribute("data-state")));
  }
}
