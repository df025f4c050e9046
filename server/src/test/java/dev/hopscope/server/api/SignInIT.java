package dev.hopscope.server.api;

import static dev.hopscope.server.auth.SecuredServer.A;
import static dev.hopscope.server.auth.SecuredServer.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.server.auth.SecuredServer;
import dev.hopscope.server.testing.ShopTraces;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-in endpoints over plain HTTP: the cookie's attributes, refusals, sign-out, tenants. */
class SignInIT {
  @TempDir static Path dir;
  private static SecuredServer secured;
  private static String base;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    secured = new SecuredServer(dir);
    base = "http://127.0.0.1:" + secured.server().httpPort();
  }

  @AfterAll
  static void stop() {
    secured.close();
  }

  private HttpResponse<String> post(String path, String form, String cookie, String origin)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String cookie, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in and returns the Cookie header value to send back. */
  private String signIn(String token) throws Exception {
    HttpResponse<String> answer =
        post("/auth/session", "token=" + token + "&next=%2Fsearch", null, base);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
    assertThat(answer.headers().firstValue("Location")).hasValue("/search");
    String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("hopscope_session=");
    // Attribute names are case-insensitive (Vert.x writes HTTPOnly).
    assertThat(setCookie.toLowerCase(java.util.Locale.ROOT))
        .contains("httponly", "samesite=strict", "path=/", "max-age=43200")
        .doesNotContain("secure"); // plain HTTP here; Secure under TLS
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void aSessionReadsItsTenantUntilSignOutAndNeverAfter() throws Exception {
    String cookie = signIn("a-reader");
    HttpResponse<String> who = get("/auth/whoami", cookie, null);
    assertThat(who.statusCode()).isEqualTo(200);
    assertThat(who.body()).contains("\"tenant\":\"" + A + "\"", "\"name\":\"a-reader\"");
    assertThat(who.body()).doesNotContain("a-reader\",\"sha256", "hst_");
    assertThat(get("/api/services", cookie, null).statusCode()).isEqualTo(200);
    assertThat(get("/api/services", cookie, null).headers().firstValue("Cache-Control"))
        .hasValue("no-store");

    HttpResponse<String> out = post("/auth/signout", "", cookie, base);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(get("/api/services", cookie, null).statusCode()).isEqualTo(401);
    HttpResponse<String> page = get("/search", cookie, "text/html");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValue("/signin?next=%2Fsearch");
  }

  @Test
  void wrongTokensCrossSiteFormsAndForeignRedirectsAreRefused() throws Exception {
    assertThat(post("/auth/session", "token=nope", null, base).statusCode()).isEqualTo(401);
    HttpResponse<String> writer = post("/auth/session", "token=a-writer", null, base);
    assertThat(writer.statusCode()).isEqualTo(403);
    assertThat(writer.body()).contains("may not read");
    assertThat(writer.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(post("/auth/session", "token=a-reader", null, "https://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(post("/auth/session", "token=a-reader", null, "null").statusCode()).isEqualTo(403);
    HttpResponse<String> offsite =
        post("/auth/session", "token=a-reader&next=%2F%2Fevil.example%2F", null, base);
    assertThat(offsite.headers().firstValue("Location")).hasValue("/");
    HttpResponse<String> escaped =
        get("/signin?next=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", null, "text/html");
    assertThat(escaped.body()).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;");
  }

  @Test
  void aTokenOfTwoTenantsSwitchesAndCannotSwitchToAThird() throws Exception {
    String cookie = signIn("ab-reader");
    assertThat(get("/auth/whoami", cookie, null).body()).contains("\"tenant\":\"" + A + "\"");
    assertThat(post("/auth/tenant", "tenant=" + B, cookie, base).statusCode()).isEqualTo(204);
    assertThat(get("/auth/whoami", cookie, null).body()).contains("\"tenant\":\"" + B + "\"");
    assertThat(post("/auth/tenant", "tenant=tenant-c", cookie, base).statusCode()).isEqualTo(403);
    assertThat(get("/auth/whoami", cookie, null).body()).contains("\"tenant\":\"" + B + "\"");
  }

  /**
   * Jaeger UI hosted under {@code /jaeger/} is a page on the same origin: its API calls carry the
   * sign-in cookie, and read the session's tenant only.
   */
  @Test
  void jaegerUisApiCallsReadTheSessionsTenant() throws Exception {
    long at = (System.currentTimeMillis() - 60_000) * 1_000_000L;
    ShopTraces shop = new ShopTraces(33);
    List<Span> ofA = shop.trace(at, 1, false);
    List<Span> ofB = shop.trace(at + 1_000_000L, 1, false);
    secured.server().store().write(A, SpanBatch.of(ofA)).join();
    secured.server().store().write(B, SpanBatch.of(ofB)).join();
    String cookie = signIn("a-reader");
    HttpResponse<String> services = get("/jaeger/api/services", cookie, null);
    assertThat(services.statusCode()).isEqualTo(200);
    assertThat(services.body()).contains("webapp");
    String idOfA = ofA.get(0).traceId().toHex();
    String idOfB = ofB.get(0).traceId().toHex();
    assertThat(get("/jaeger/api/traces/" + idOfA, cookie, null).statusCode()).isEqualTo(200);
    assertThat(get("/jaeger/api/traces/" + idOfB, cookie, null).statusCode()).isEqualTo(404);
    assertThat(get("/jaeger/api/services", null, null).statusCode()).isEqualTo(401);
  }
}
