package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.server.ingest.Tenants;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** Twenty XSS payloads in every span field the UI shows: none runs, none becomes markup. */
class XssIT {
  /** Elements and attributes that would only exist if a payload had been parsed as HTML. */
  private static final String INJECTED =
      "#view script, #view iframe, #view img, #view video, #view source, #view marquee,"
          + " #view details, #view math, #view b, #view style, #view body, #view input[autofocus],"
          + " #view [onerror], #view [onload], #view [onfocus], #view [ontoggle],"
          + " #view [onmouseover], #view [onstart], #view a[href^='javascript']";

  @TempDir static Path dir;
  private static UiFixture fixture;
  private static Browser browser;
  private static String window;

  @BeforeAll
  static void start() throws Exception {
    fixture = new UiFixture(dir);
    browser = fixture.browser;
    long at = UiFixture.nowNanos() - TimeUnit.MINUTES.toNanos(10);
    SyntheticTraces.writeXss(fixture.server.store(), Tenants.DEFAULT, at);
    window = UiFixture.window(at);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @AfterEach
  void nothingRanAndNothingWasLogged() {
    assertThatThrownBy(() -> browser.driver.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void searchResultsShowPayloadsAsText() {
    browser.open("/search?q=%7B%7D&" + window);
    browser.waitFor(d -> !browser.allByTestId("search-result-row").isEmpty());
    assertNothingInjected();
    assertThat(browser.byTestId("search-results").getText())
        .contains(SyntheticTraces.PAYLOADS.get(0), SyntheticTraces.PAYLOADS.get(1));
    browser.screenshot("xss-search");
  }

  @Test
  void traceRowsAndEveryDetailsPanelShowPayloadsAsText() {
    browser.open("/trace/" + SyntheticTraces.XSS.toHex());
    browser.waitFor(d -> "ready".equals(browser.byTestId("trace-view").getAttribute("data-state")));
    List<WebElement> rows = browser.driver.findElements(By.cssSelector(".wf-row:not([hidden])"));
    assertThat(rows).hasSizeGreaterThanOrEqualTo(SyntheticTraces.PAYLOADS.size());
    rows.get(0).click();
    WebElement waterfall = browser.byTestId("waterfall");
    for (int i = 1; i < rows.size(); i++) {
      waterfall.sendKeys(Keys.ARROW_DOWN);
      assertNothingInjected();
    }
    waterfall.sendKeys(Keys.HOME);
    String text = browser.byTestId("trace-view").getText();
    for (String payload : SyntheticTraces.PAYLOADS.subList(0, 5)) {
      assertThat(text).contains(payload);
    }
    browser.byTestId("trace-find").sendKeys("<script>");
    browser.waitFor(d -> browser.byTestId("find-count").getText().contains("of"));
    assertNothingInjected();
    browser.screenshot("xss-trace");
  }

  @Test
  void serviceMapShowsPayloadServicesAsText() {
    browser.open("/map?" + window);
    browser.waitFor(d -> !browser.allByTestId("map-node").isEmpty());
    assertNothingInjected();
    browser.screenshot("xss-map");
  }

  @Test
  void compareAndAutocompleteShowPayloadsAsText() {
    String id = SyntheticTraces.XSS.toHex();
    browser.open("/compare?a=" + id + "&b=" + id);
    browser.waitFor(
        d -> "ready".equals(browser.byTestId("compare-view").getAttribute("data-state")));
    assertNothingInjected();
    browser.screenshot("xss-compare");

    browser.open("/search?q=%7B%7D&" + window);
    WebElement editor = browser.byTestId("traceql-editor");
    editor.clear();
    editor.sendKeys("{ span.");
    browser.waitFor(d -> !browser.allByTestId("autocomplete-option").isEmpty());
    assertNothingInjected();
    assertThat(browser.byTestId("form-service").getText())
        .contains(SyntheticTraces.PAYLOADS.get(2));
    assertNothingInjected();
  }

  @Test
  void metricsSeriesRedChartsAndHeatmapShowPayloadsAsText() {
    browser.open(
        "/search?" + window + "&q=" + UiFixture.encode("{ } | count_over_time() by (name)"));
    browser.waitFor(
        d -> "ready".equals(browser.byTestId("metrics-result").getAttribute("data-state")));
    assertNothingInjected();
    assertThat(browser.byTestId("metrics-chart").getText())
        .contains(SyntheticTraces.PAYLOADS.get(2));

    String caller = SyntheticTraces.PAYLOADS.get(0);
    String callee = SyntheticTraces.PAYLOADS.get(1);
    browser.open("/red?" + window + "&edge=" + UiFixture.encode(caller + "," + callee));
    browser.waitFor(
        d ->
            "ready"
                .equals(
                    browser
                        .byTestId("red-view")
                        .findElement(By.tagName("hs-red-charts"))
                        .getAttribute("data-state")));
    assertNothingInjected();
    assertThat(browser.byTestId("red-heading").getText()).isEqualTo(caller + " → " + callee);
    assertThat(browser.allByTestId("exemplar")).isNotEmpty();
    browser.screenshot("xss-red");
  }

  private static void assertNothingInjected() {
    assertThat(browser.driver.findElements(By.cssSelector(INJECTED))).isEmpty();
  }
}
