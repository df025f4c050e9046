package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The metrics UI in real Chromium against a real server holding the shop dataset (12 traces, 30 s
 * apart): RED charts and the duration heatmap on TraceQL metrics, exemplars and heatmap cells that
 * open the traces behind them, and the query editor drawing a metrics query's series.
 */
class MetricsUiIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir static Path dir;
  private static UiFixture fixture;
  private static Browser browser;
  private static ShopDataset shop;

  /** start/end (epoch seconds) around the shop's six minutes of traces, a minute either side. */
  private static String shopWindow;

  private static long shopStart;
  private static long shopEnd;

  @BeforeAll
  static void start() {
    fixture = new UiFixture(dir);
    browser = fixture.browser;
    long base = UiFixture.nowNanos() - TimeUnit.MINUTES.toNanos(20);
    shop = ShopDataset.send(fixture.server.otlpHttpPort(), base);
    long seconds = base / 1_000_000_000L;
    shopStart = seconds - 60;
    shopEnd = seconds + 7 * 60;
    shopWindow = "start=" + shopStart + "&end=" + shopEnd;
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
  void aHeatmapExemplarOpensTheRealTraceBehindIt() {
    browser.open("/red?service=auth&" + shopWindow);
    waitForCharts();
    assertThat(browser.allByTestId("red-chart")).hasSize(3);
    assertThat(browser.byTestId("red-heading").getText()).isEqualTo("auth");
    printRenderTimes();
    browser.screenshot("red-auth");

    List<WebElement> exemplars =
        browser.driver.findElements(
            By.cssSelector("[data-testid='heatmap'] a[data-testid='exemplar']:not([hidden])"));
    assertThat(exemplars).isNotEmpty();
    WebElement exemplar = exemplars.get(0);
    String traceId = exemplar.getAttribute("data-trace-id");
    assertThat(shop.traceIds).contains(traceId);
    // A link, so the keyboard reaches it: focus it and press Enter, as a keyboard user does.
    assertThat(exemplar.getTagName()).isEqualTo("a");
    exemplar.sendKeys(Keys.ENTER);
    browser.waitFor(WAIT, d -> browser.path().startsWith("/trace/" + traceId + "?span="));
    waitForTrace();
    assertThat(browser.byTestId("span-details").getText()).contains("ValidateToken");
  }

  @Test
  void aChartExemplarOpensItsTraceWithAClick() {
    browser.open("/red?service=webapp&operation=" + UiFixture.encode("GET /products"));
    waitForCharts();
    clickAnExemplarAndLandOnItsTrace("[data-testid='red-chart']");
  }

  @Test
  void aHeatmapCellOfAnEdgeSearchesTheCallsInItsDurationRange() {
    browser.open("/map");
    browser
        .waitFor(
            WAIT,
            d ->
                d.findElement(
                    By.xpath(
                        "//a[@data-testid='map-edge-red'][normalize-space()='webapp → auth']")))
        .click();
    browser.waitFor(WAIT, d -> browser.path().startsWith("/red?edge=webapp%2Cauth"));
    waitForCharts();
    assertThat(browser.byTestId("red-heading").getText()).isEqualTo("webapp → auth");

    // The busiest cell has the keyboard focus first; its description names its spans. The
    // shop's calls began 20 minutes ago, so a cell to its left exists (earlier, no calls).
    WebElement canvas = browser.byTestId("heatmap-canvas");
    browser.script("arguments[0].focus()", canvas);
    String described = browser.byTestId("heatmap-status").getText();
    assertThat(described).matches(".* · [1-9]\\d* spans? · Enter or click searches them");
    canvas.sendKeys(Keys.ARROW_LEFT);
    assertThat(browser.byTestId("heatmap-status").getText()).isNotEqualTo(described);
    canvas.sendKeys(Keys.ARROW_RIGHT);
    assertThat(browser.byTestId("heatmap-status").getText()).isEqualTo(described);
    canvas.sendKeys(Keys.ENTER);
    browser.waitFor(WAIT, d -> browser.path().startsWith("/search?"));
    String byKeyboard = browser.byTestId("traceql-editor").getAttribute("value");
    browser.driver.navigate().back();
    waitForCharts();
    canvas = browser.byTestId("heatmap-canvas");
    @SuppressWarnings("unchecked")
    Map<String, Number> point =
        (Map<String, Number>)
            browser.script(
                "const m = document.querySelector('hs-heatmap');"
                    + " return m.cellPoint(m.focus.c, m.focus.r);");
    int dx = (int) Math.round(point.get("x").doubleValue() - point.get("width").doubleValue() / 2);
    int dy = (int) Math.round(point.get("y").doubleValue() - point.get("height").doubleValue() / 2);
    new Actions(browser.driver).moveToElement(canvas, dx, dy).click().perform();
    browser.waitFor(WAIT, d -> browser.path().startsWith("/search?"));
    assertThat(browser.byTestId("traceql-editor").getAttribute("value"))
        .contains("} < { resource.service.name = \"webapp\"")
        .containsPattern("\\| \\{ duration > \\d+ns && duration <= \\d+ns \\}")
        .isEqualTo(byKeyboard);
    browser.waitFor(WAIT, d -> !browser.allByTestId("search-result-row").isEmpty());
    for (WebElement row : browser.allByTestId("search-result-row")) {
      assertThat(shop.traceIds).contains(row.getAttribute("data-trace-id"));
    }
  }

  @Test
  void aCustomWindowPickedOnTheMapTravelsToTheRedPageAndAWrongOneIsRefused() {
    browser.open("/map");
    browser.waitFor(WAIT, d -> !browser.allByTestId("map-edge").isEmpty());
    WebElement picker = browser.byTestId("map-range");
    new Select(inside(picker, "range-preset")).selectByValue("custom");
    // To before From: refused beside the inputs, and the map stays where it was.
    type(inside(picker, "range-from"), "2030-01-01T00:00");
    inside(picker, "range-apply").click();
    assertThat(inside(picker, "range-message").getText())
        .startsWith("From (2030-01-01T00:00) must be before To (")
        .endsWith("); swap them or pick a preset");
    assertThat(browser.path()).isEqualTo("/map");

    type(inside(picker, "range-from"), localInput(shopStart));
    type(inside(picker, "range-to"), localInput(shopEnd));
    inside(picker, "range-apply").click();
    browser.waitFor(WAIT, d -> browser.path().equals("/map?" + shopWindow));
    browser
        .waitFor(
            WAIT,
            d ->
                d.findElement(
                    By.xpath(
                        "//a[@data-testid='map-edge-red'][normalize-space()='webapp → auth']")))
        .click();
    browser.waitFor(WAIT, d -> browser.path().equals("/red?edge=webapp%2Cauth&" + shopWindow));
    waitForCharts();
    WebElement onRed = browser.byTestId("red-range");
    assertThat(inside(onRed, "range-preset").getAttribute("value")).isEqualTo("custom");
    assertThat(inside(onRed, "range-from").getAttribute("value")).isEqualTo(localInput(shopStart));
    assertThat(inside(onRed, "range-to").getAttribute("value")).isEqualTo(localInput(shopEnd));
  }

  private static WebElement inside(WebElement picker, String testId) {
    return picker.findElement(By.cssSelector("[data-testid='" + testId + "']"));
  }

  /** Sets a datetime-local input as a user's edit does (typing into one depends on the locale). */
  private static void type(WebElement input, String value) {
    browser.script(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
        input,
        value);
  }

  /**
   * Epoch seconds as a datetime-local input's value (same machine, so the same zone); the browser
   * normalises away seconds that are zero.
   */
  private static String localInput(long epochSeconds) {
    LocalDateTime local =
        LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneId.systemDefault());
    return local.format(
        DateTimeFormatter.ofPattern(
            local.getSecond() == 0 ? "uuuu-MM-dd'T'HH:mm" : "uuuu-MM-dd'T'HH:mm:ss"));
  }

  @Test
  void theQueryEditorDrawsAMetricsQuerysSeriesAndItsExemplars() {
    browser.open("/search");
    WebElement editor = browser.byTestId("traceql-editor");
    editor.clear();
    editor.sendKeys("{ resource.service.name = \"auth\" } | count_over_time() by (name)");
    editor.sendKeys(Keys.ENTER);
    browser.waitFor(
        WAIT, d -> "ready".equals(browser.byTestId("metrics-result").getAttribute("data-state")));
    assertThat(browser.byTestId("metrics-summary").getText()).startsWith("3 series");
    WebElement chart = browser.byTestId("metrics-chart");
    assertThat(chart.findElements(By.cssSelector("canvas"))).isNotEmpty();
    assertThat(chart.findElement(By.cssSelector(".u-legend")).getText())
        .contains("name=\"ValidateToken\"", "name=\"SELECT shop.products\"");
    assertThat(browser.allByTestId("search-result-row")).isEmpty();
    System.out.printf(
        "metrics series chart drawn in %s ms%n", chart.getAttribute("data-render-millis"));
    browser.screenshot("search-metrics");

    clickAnExemplarAndLandOnItsTrace("[data-testid='metrics-chart']");
  }

  @Test
  void aRefusedMetricsQueryShowsTheEndpointsMessageAsText() {
    browser.open("/search?q=" + UiFixture.encode("{ } | rate() | topk(0)"));
    WebElement error = browser.byTestId("error");
    assertThat(error.getText()).contains("topk() keeps at least one series");
    assertThat(error.findElements(By.xpath(".//*[not(self::pre)]"))).isEmpty();
    assertThat(browser.allByTestId("metrics-chart")).isEmpty();
    // Chromium logs the 400 answer itself; that one entry is expected, nothing else is.
    assertThat(browser.consoleErrors())
        .allMatch(message -> message.contains("query_range") && message.contains("400"));
  }

  @Test
  void typicalSeriesDrawInMilliseconds() {
    browser.open("/red?service=auth&" + shopWindow);
    waitForCharts();
    // 10 series of 240 steps with 100 exemplars, and a 240 x 20 heatmap with 80 exemplars: what
    // a busy hour at the default step gives. Printed, not asserted (the machine is shared).
    @SuppressWarnings("unchecked")
    Map<String, Object> millis =
        (Map<String, Object>)
            browser.asyncScript(
                """
                const done = arguments[arguments.length - 1];
                import('/js/metrics-model.js').then((m) => {
                  const xs = Array.from({ length: 240 }, (_, i) => 1764590000 + i * 15);
                  const chart = document.createElement('hs-metrics-chart');
                  const heatmap = document.createElement('hs-heatmap');
                  document.querySelector('hs-red-charts').append(chart, heatmap);
                  const exemplars = Array.from({ length: 100 }, (_, i) =>
                    ({ x: xs[i * 2], y: i % 7, traceId: 'abc' + i, spanId: null }));
                  const t0 = performance.now();
                  chart.show({ title: 'synthetic', xs, format: String, exemplars,
                    series: Array.from({ length: 10 }, (_, s) =>
                      ({ label: 's' + s, values: xs.map((_, i) => (i * (s + 1)) % 13) })) });
                  const t1 = performance.now();
                  const series = Array.from({ length: 20 }, (_, b) => ({
                    labels: [{ key: '__bucket', value: { doubleValue: 2 ** (b + 10) / 1e9 } }],
                    samples: xs.map((x, i) => ({ timestampMs: String(x * 1000), value: (i * b) % 17 })),
                    exemplars: Array.from({ length: 4 }, (_, e) => ({ labels: [{ key: 'trace:id',
                      value: { stringValue: 'def' + b + e } }], value: 1, timestampMs: String(xs[e * 50] * 1000) })) }));
                  const model = m.heatmapModel(series, 15);
                  heatmap.show(model, { pipeline: '{ }', exemplars: m.heatmapExemplars(model, series) });
                  const t2 = performance.now();
                  const m2 = m.heatmapModel(series, 15);
                  heatmap.show(m2, { pipeline: '{ }', exemplars: m.heatmapExemplars(m2, series) });
                  const t3 = performance.now();
                  done({ chart: t1 - t0, heatmap: t2 - t1, again: t3 - t2 });
                });
                """);
    System.out.printf(
        "typical series, model included: chart (10 x 240, 100 exemplars) %.1f ms, heatmap (240 x"
            + " 20, 80 exemplars) %.1f ms cold, %.1f ms drawn again%n",
        ((Number) millis.get("chart")).doubleValue(),
        ((Number) millis.get("heatmap")).doubleValue(),
        ((Number) millis.get("again")).doubleValue());
    assertThat(((Number) millis.get("chart")).doubleValue()).isPositive();
  }

  /**
   * Clicks the first visible exemplar under {@code container} with the mouse. Exemplars close in
   * time overlap, so the trace opened is the one drawn on top: any of the container's exemplars,
   * and a trace of the shop.
   */
  private static void clickAnExemplarAndLandOnItsTrace(String container) {
    List<WebElement> exemplars =
        browser.waitFor(
            WAIT,
            d -> {
              List<WebElement> found =
                  d.findElements(
                      By.cssSelector(container + " a[data-testid='exemplar']:not([hidden])"));
              return found.isEmpty() ? null : found;
            });
    List<String> ids = exemplars.stream().map(e -> e.getAttribute("data-trace-id")).toList();
    assertThat(shop.traceIds).containsAll(ids);
    new Actions(browser.driver).moveToElement(exemplars.get(0)).click().perform();
    browser.waitFor(WAIT, d -> browser.path().startsWith("/trace/"));
    String opened = browser.path().substring("/trace/".length()).split("\\?")[0];
    assertThat(ids).contains(opened);
    waitForTrace();
  }

  private static void waitForCharts() {
    browser.waitFor(
        WAIT,
        d -> {
          String state =
              browser
                  .byTestId("red-view")
                  .findElement(By.tagName("hs-red-charts"))
                  .getAttribute("data-state");
          assertThat(state).isNotEqualTo("error");
          return "ready".equals(state);
        });
  }

  private static void waitForTrace() {
    browser.waitFor(
        WAIT, d -> "ready".equals(browser.byTestId("trace-view").getAttribute("data-state")));
  }

  private static void printRenderTimes() {
    Object times =
        browser.script(
            "return [...document.querySelectorAll('hs-metrics-chart, hs-heatmap')]"
                + ".map((e) => e.localName + ' ' + e.dataset.renderMillis + ' ms').join(', ')");
    System.out.println("RED charts drawn: " + times);
  }
}
