package dev.hopscope.server.ui;

import static dev.hopscope.server.auth.SecuredServer.A;
import static dev.hopscope.server.auth.SecuredServer.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.server.auth.SecuredServer;
import dev.hopscope.server.auth.SessionTokens;
import dev.hopscope.server.testing.ShopTraces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;

/**
 * The web UI behind tokens, in Chromium: sign in, search, see the tenant, sign out; the back button
 * then shows nothing, and neither a forged cookie nor one replayed after sign-out gets data.
 */
class SignInBrowserIT {
  @TempDir static Path dir;
  private static SecuredServer secured;
  private static Browser browser;
  private static String search;
  private static final List<String> tracesOfA = new ArrayList<>();
  private static final List<String> tracesOfB = new ArrayList<>();

  @BeforeAll
  static void start() {
    secured = new SecuredServer(dir);
    long at = UiFixture.nowNanos() - TimeUnit.MINUTES.toNanos(10);
    ShopTraces shop = new ShopTraces(20);
    for (String tenant : List.of(A, B)) {
      for (int i = 0; i < 3; i++) {
        List<Span> spans = shop.trace(at + i * 1_000_000_000L, 5, false);
        secured.server().store().write(tenant, SpanBatch.of(spans)).join();
        (tenant.equals(A) ? tracesOfA : tracesOfB).add(spans.get(0).traceId().toHex());
      }
    }
    search = "/search?q=%7B%7D&" + UiFixture.window(at);
    browser = new Browser(secured.server().uiAddress(), dir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      secured.close();
    }
  }

  @BeforeEach
  void signedOut() {
    browser.open("/favicon.svg");
    browser.driver.manage().deleteAllCookies();
  }

  private void signIn(String token) {
    browser.byTestId("signin-token").sendKeys(token);
    browser.byTestId("signin-submit").click();
  }

  @Test
  void signInSearchSignOutAndTheBackButtonShowsNothing() {
    browser.open(search);
    browser.waitFor(d -> browser.path().startsWith("/signin"));
    assertThat(browser.allByTestId("search-result-row")).isEmpty();

    signIn("no-such-token");
    // Each refusal is a new page: wait for its words, not for the previous page's element.
    browser.waitFor(d -> browser.byTestId("signin-error").getText().contains("not valid"));
    signIn("a-writer");
    browser.waitFor(d -> browser.byTestId("signin-error").getText().contains("may not read"));

    signIn("a-reader");
    browser.waitFor(d -> browser.path().startsWith("/search"));
    browser.waitFor(d -> browser.allByTestId("search-result-row").size() == 3);
    assertThat(browser.byTestId("session-tenant").getText()).isEqualTo(A);
    Cookie session = browser.driver.manage().getCookieNamed(SessionTokens.COOKIE);
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.getPath()).isEqualTo("/");
    assertThat(session.getExpiry()).as("expires").isNotNull();
    assertThat((String) browser.script("return document.cookie")).doesNotContain("hopscope");
    browser.screenshot("signin-search");

    browser.byTestId("signout").click();
    browser.waitFor(d -> browser.path().startsWith("/signin"));
    browser.driver.navigate().back();
    browser.waitFor(d -> browser.path().startsWith("/signin"));
    assertThat(browser.allByTestId("search-result-row")).isEmpty();
    assertThat(browser.driver.findElements(By.cssSelector(".wf-row, [data-testid=results]")))
        .isEmpty();

    // The cookie of the ended session, put back by hand: it stands for nothing any more.
    browser.driver.manage().addCookie(new Cookie(SessionTokens.COOKIE, session.getValue(), "/"));
    browser.open(search);
    browser.waitFor(d -> browser.path().startsWith("/signin"));
    // The refusals above are logged as failed loads; a CSP violation on these pages would be too.
    assertThat(browser.consoleErrors()).noneMatch(e -> e.contains("Content Security Policy"));
  }

  @Test
  void aForgedCookieIsRefusedByThePagesAndTheApi() throws Exception {
    browser.driver.manage().addCookie(new Cookie(SessionTokens.COOKIE, "forged-value", "/"));
    browser.open(search);
    browser.waitFor(d -> browser.path().startsWith("/signin"));

    HttpResponse<String> api =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + secured.server().httpPort() + "/api/services"))
                    .header("Cookie", SessionTokens.COOKIE + "=forged-value")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenOfTwoTenantsSwitchesBetweenThem() {
    browser.open(search);
    signIn("ab-reader");
    browser.waitFor(d -> browser.allByTestId("search-result-row").size() == 3);
    var select =
        new org.openqa.selenium.support.ui.Select(browser.byTestId("session-tenant-select"));
    assertThat(select.getFirstSelectedOption().getText()).isEqualTo(A);
    String firstTrace = browser.allByTestId("search-result-row").get(0).getText();
    select.selectByVisibleText(B);
    browser.waitFor(
        d ->
            new org.openqa.selenium.support.ui.Select(browser.byTestId("session-tenant-select"))
                .getFirstSelectedOption()
                .getText()
                .equals(B));
    browser.waitFor(d -> browser.allByTestId("search-result-row").size() == 3);
    assertThat(browser.allByTestId("search-result-row").get(0).getText()).isNotEqualTo(firstTrace);
  }

  /**
   * Zipkin Lens behind a proxy on Hopscope's host (another port, as Lens's own image runs it): the
   * cookie of a sign-in on the UI's port reaches Lens's API calls, which then read the signed-in
   * tenant's traces and no other's; without a session they are refused.
   */
  @Test
  void zipkinLensOnTheSameHostReadsWithTheSession() {
    String jar = System.getProperty("hopscope.zipkinServerJar");
    assertThat(jar).as("the build copies Zipkin's exec jar for this test").isNotNull();
    try (LensHost lens = new LensHost(Path.of(jar), secured.server().zipkinPort())) {
      browser.driver.get(lens.address());
      browser.waitFor(d -> lens.apiCalls().contains("401 /api/v2/services"));

      browser.open(search);
      signIn("a-reader");
      browser.waitFor(d -> browser.allByTestId("search-result-row").size() == 3);
      String ofA = tracesOfA.get(1);
      openInLens(lens, ofA);
      browser.waitFor(d -> d.getPageSource().contains("auth: ValidateToken"));
      assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains(ofA);
      assertThat(lens.apiCalls()).contains("200 /api/v2/trace/" + ofA);

      String ofB = tracesOfB.get(1);
      openInLens(lens, ofB);
      browser.waitFor(d -> lens.apiCalls().contains("404 /api/v2/trace/" + ofB));
      assertThat(browser.driver.getPageSource()).doesNotContain("auth: ValidateToken");
    }
  }

  private static void openInLens(LensHost lens, String traceId) {
    browser.driver.get(lens.address());
    browser
        .waitFor(d -> d.findElement(By.cssSelector("header input[placeholder='Trace ID']")))
        .sendKeys(traceId, Keys.ENTER);
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/zipkin/traces/" + traceId));
  }
}
