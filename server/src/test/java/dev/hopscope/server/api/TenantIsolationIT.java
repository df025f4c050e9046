package dev.hopscope.server.api;

import static dev.hopscope.server.auth.SecuredServer.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.api.compat.CompatApis;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.SecuredServer;
import dev.hopscope.server.auth.SecuredServer.Answer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every route the routers serve, a token of tenant A never gets tenant B's data — not even by
 * asking for B's trace id or B's service by name — and tokens without the permission get nothing.
 * The list of requests is checked against the routers' own routes: a new endpoint without a line
 * here fails {@link #everyRouteTheRoutersServeIsProbed}.
 */
class TenantIsolationIT {
  // B's spans carry these; an answer to A containing any of them is a leak.
  private static final String B_TRACE = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b1";
  private static final String A_TRACE = "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a1";
  private static final String B_MARK = "bravo";

  /** Routes anyone may call: health, and the sign-in page with its forms. */
  private static final Set<String> OPEN =
      Set.of("GET /health", "GET /signin", "POST /auth/session", "POST /auth/signout");

  // {resource.service.name="bravo-shop"}: B's traces; none for A.
  private static final String BRAVO_SHOP = "%7Bresource.service.name%3D%22bravo-shop%22%7D";

  @TempDir static Path dir;
  private static SecuredServer secured;
  private static long nowMillis;

  /** A request per route: the route's key, how to call it, and whether B's own reader sees B. */
  private record Probe(
      String route, boolean zipkinPort, String method, String path, boolean data) {}

  private static List<Probe> probes() {
    long end = nowMillis + 60_000;
    long start = nowMillis - 3_600_000;
    String window = "start=" + start / 1000 + "&end=" + end / 1000;
    String v3 =
        "query.service_name=bravo-shop&query.start_time_min="
            + Instant.ofEpochMilli(start)
            + "&query.start_time_max="
            + Instant.ofEpochMilli(end);
    String zipkinWindow = "endTs=" + end + "&lookback=3600000";
    List<Probe> p = new ArrayList<>();
    // Port 16686: the gate and headers on every path, then the APIs in the order they mount.
    p.add(new Probe("ANY *", false, "GET", "/api/services", true));
    p.add(new Probe("GET /metrics", false, "GET", "/metrics", false));
    p.add(new Probe("GET /health", false, "GET", "/health", false));
    p.add(new Probe("GET /api/traces/:traceId", false, "GET", "/api/traces/" + B_TRACE, true));
    p.add(new Probe("GET /api/services", false, "GET", "/api/services?" + window, true));
    p.add(
        new Probe(
            "GET /api/services/:service/operations",
            false,
            "GET",
            "/api/services/bravo-shop/operations?" + window,
            true));
    p.add(new Probe("GET /api/attributes", false, "GET", "/api/attributes?" + window, true));
    p.add(
        new Probe(
            "GET /api/attributes/:name/values",
            false,
            "GET",
            "/api/attributes/span.bravo.secret/values?" + window,
            true));
    p.add(
        new Probe(
            "GET /api/traces/:traceId/analysis",
            false,
            "GET",
            "/api/traces/" + B_TRACE + "/analysis",
            true));
    p.add(new Probe("GET /api/search", false, "GET", "/api/search?q=%7B%7D&" + window, true));
    p.add(new Probe("GET /api/graph", false, "GET", "/api/graph?q=%7B%7D&" + window, true));
    p.add(
        new Probe(
            "GET /api/compare", false, "GET", "/api/compare?a=" + B_TRACE + "&b=" + B_TRACE, true));
    p.add(
        new Probe(
            "GET /api/critical-path", false, "GET", "/api/critical-path?q=%7B%7D&" + window, true));
    p.add(
        new Probe(
            "GET /api/attribution",
            false,
            "GET",
            "/api/attribution?q=" + BRAVO_SHOP + "&" + window,
            false));
    p.add(
        new Probe(
            "GET /api/metrics/red",
            false,
            "GET",
            "/api/metrics/red?service=bravo-shop&" + window,
            false));
    p.add(new Probe("GET /tempo/api/echo", false, "GET", "/tempo/api/echo", false));
    p.add(
        new Probe(
            "GET /tempo/api/status/buildinfo", false, "GET", "/tempo/api/status/buildinfo", false));
    p.add(
        new Probe(
            "GET /tempo/api/traces/:traceId", false, "GET", "/tempo/api/traces/" + B_TRACE, true));
    p.add(
        new Probe(
            "GET /tempo/api/v2/traces/:traceId",
            false,
            "GET",
            "/tempo/api/v2/traces/" + B_TRACE,
            true));
    p.add(new Probe("GET /tempo/api/search", false, "GET", "/tempo/api/search?" + window, true));
    p.add(new Probe("GET /tempo/api/search/tags", false, "GET", "/tempo/api/search/tags", true));
    p.add(
        new Probe(
            "GET /tempo/api/v2/search/tags", false, "GET", "/tempo/api/v2/search/tags", true));
    p.add(
        new Probe(
            "GET /tempo/api/search/tag/:tag/values",
            false,
            "GET",
            "/tempo/api/search/tag/bravo.secret/values",
            true));
    p.add(
        new Probe(
            "GET /tempo/api/v2/search/tag/:tag/values",
            false,
            "GET",
            "/tempo/api/v2/search/tag/span.bravo.secret/values",
            true));
    p.add(new Probe("GET /jaeger/api/services", false, "GET", "/jaeger/api/services", true));
    p.add(
        new Probe(
            "GET /jaeger/api/services/:service/operations",
            false,
            "GET",
            "/jaeger/api/services/bravo-shop/operations",
            true));
    p.add(
        new Probe(
            "GET /jaeger/api/operations",
            false,
            "GET",
            "/jaeger/api/operations?service=bravo-shop",
            true));
    p.add(
        new Probe(
            "GET /jaeger/api/traces", false, "GET", "/jaeger/api/traces?service=bravo-shop", true));
    p.add(
        new Probe(
            "GET /jaeger/api/traces/:traceId",
            false,
            "GET",
            "/jaeger/api/traces/" + B_TRACE,
            true));
    p.add(
        new Probe(
            "GET /jaeger/api/dependencies",
            false,
            "GET",
            "/jaeger/api/dependencies?endTs=" + end + "&lookback=3600000",
            true));
    for (String base : List.of("/jaeger/api/v3", "/api/v3")) {
      p.add(new Probe("GET " + base + "/services", false, "GET", base + "/services", true));
      p.add(
          new Probe(
              "GET " + base + "/operations",
              false,
              "GET",
              base + "/operations?service=bravo-shop",
              true));
      p.add(
          new Probe(
              "GET " + base + "/trace-summaries",
              false,
              "GET",
              base + "/trace-summaries?" + v3,
              true));
      p.add(new Probe("GET " + base + "/traces", false, "GET", base + "/traces?" + v3, true));
      p.add(
          new Probe(
              "GET " + base + "/traces/:traceId", false, "GET", base + "/traces/" + B_TRACE, true));
      p.add(new Probe("ANY " + base + "/*", false, "GET", base + "/nothing", false));
    }
    p.add(new Probe("ANY /jaeger/api/*", false, "GET", "/jaeger/api/nothing", false));
    p.add(new Probe("GET /jaeger/trace/:traceId", false, "GET", "/jaeger/trace/" + B_TRACE, false));
    p.add(new Probe("GET /jaeger/search", false, "GET", "/jaeger/search", false));
    p.add(new Probe("GET /jaeger", false, "GET", "/jaeger", false));
    p.add(new Probe("ANY /tempo/api/*", false, "GET", "/tempo/api/nothing", false));
    p.add(new Probe("ANY /webjars/*", false, "GET", "/webjars/nothing.js", false));
    p.add(new Probe("ANY /*", false, "GET", "/", false));
    p.add(new Probe("GET /*", false, "GET", "/trace/" + B_TRACE, false));
    p.add(new Probe("ANY /api/*", false, "GET", "/api/nothing", false));
    // Sign-in: the page and the forms that need no token, then who am I and the tenant switch.
    p.add(new Probe("GET /signin", false, "GET", "/signin", false));
    p.add(new Probe("POST /auth/session", false, "POST", "/auth/session", false));
    p.add(new Probe("POST /auth/signout", false, "POST", "/auth/signout", false));
    p.add(new Probe("GET /auth/whoami", false, "GET", "/auth/whoami", false));
    p.add(new Probe("POST /auth/tenant", false, "POST", "/auth/tenant", false));
    // Port 9411: CORS, the receiver (write), the gate, Zipkin's read API.
    p.add(new Probe("POST /api/v2/spans", true, "POST", "/api/v2/spans", false));
    p.add(new Probe("GET /api/v2/services", true, "GET", "/api/v2/services", true));
    p.add(
        new Probe("GET /api/v2/spans", true, "GET", "/api/v2/spans?serviceName=bravo-shop", true));
    p.add(
        new Probe(
            "GET /api/v2/remoteServices",
            true,
            "GET",
            "/api/v2/remoteServices?serviceName=bravo-shop",
            true));
    p.add(
        new Probe(
            "GET /api/v2/traces",
            true,
            "GET",
            "/api/v2/traces?serviceName=bravo-shop&" + zipkinWindow,
            true));
    p.add(new Probe("GET /api/v2/trace/:traceId", true, "GET", "/api/v2/trace/" + B_TRACE, true));
    p.add(
        new Probe(
            "GET /api/v2/traceMany", true, "GET", "/api/v2/traceMany?traceIds=" + B_TRACE, true));
    p.add(
        new Probe(
            "GET /api/v2/dependencies", true, "GET", "/api/v2/dependencies?" + zipkinWindow, true));
    p.add(
        new Probe("GET /api/v2/autocompleteKeys", true, "GET", "/api/v2/autocompleteKeys", false));
    p.add(
        new Probe(
            "GET /api/v2/autocompleteValues",
            true,
            "GET",
            "/api/v2/autocompleteValues?key=bravo.secret",
            false));
    // TraceQL metrics (Tempo) and Jaeger's Monitor tab: series carry service names as labels.
    String rate =
        java.net.URLEncoder.encode(
            "{} | rate() by (resource.service.name)", java.nio.charset.StandardCharsets.UTF_8);
    p.add(
        new Probe(
            "GET /tempo/api/metrics/query_range",
            false,
            "GET",
            "/tempo/api/metrics/query_range?q=" + rate + "&step=60s&" + window,
            true));
    p.add(
        new Probe(
            "GET /tempo/api/metrics/query",
            false,
            "GET",
            "/tempo/api/metrics/query?q=" + rate + "&" + window,
            true));
    String monitor = "?service=bravo-shop&endTs=" + end + "&lookback=3600000&step=60000";
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/calls",
            false,
            "GET",
            "/jaeger/api/metrics/calls" + monitor,
            false));
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/latencies",
            false,
            "GET",
            "/jaeger/api/metrics/latencies" + monitor + "&quantile=0.95",
            false));
    // Jaeger's metrics name the service asked for in every answer (an echo), so these probes
    // check only that A's answers carry none of B's data; jaegerCallRatesAreCountedPerTenant
    // checks the values.
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/errors",
            false,
            "GET",
            "/jaeger/api/metrics/errors" + monitor,
            false));
    p.add(
        new Probe(
            "GET /jaeger/api/metrics/minstep", false, "GET", "/jaeger/api/metrics/minstep", false));
    return p;
  }

  @BeforeAll
  static void start() {
    secured = new SecuredServer(dir);
    nowMillis = System.currentTimeMillis();
    write("a-writer", A_TRACE, "alpha");
    write("b-writer", B_TRACE, B_MARK);
  }

  @AfterAll
  static void stop() {
    secured.close();
  }

  /** A trace of two services ({@code <name>-shop} calling {@code <name>-db}) with a secret. */
  private static void write(String token, String traceId, String name) {
    long start = (nowMillis - 60_000) * 1_000_000L;
    String resource =
        "{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"%s\"}}]},"
            + "\"scopeSpans\":[{\"spans\":[%s]}]}";
    String span =
        "{\"traceId\":\"%s\",\"spanId\":\"%s\",\"parentSpanId\":\"%s\",\"name\":\"%s\","
            + "\"kind\":%d,\"startTimeUnixNano\":\"%d\",\"endTimeUnixNano\":\"%d\","
            + "\"attributes\":[{\"key\":\"%s.secret\",\"value\":{\"stringValue\":\"%s-secret\"}},"
            + "{\"key\":\"peer.service\",\"value\":{\"stringValue\":\"%s-db\"}}]}";
    String root =
        String.format(
            span,
            traceId,
            "1000000000000001",
            "",
            name + "-op",
            2,
            start,
            start + 9_000_000,
            name,
            name,
            name);
    String client =
        String.format(
            span,
            traceId,
            "1000000000000002",
            "1000000000000001",
            name + "-query",
            3,
            start + 1_000_000,
            start + 8_000_000,
            name,
            name,
            name);
    String server =
        String.format(
            span,
            traceId,
            "1000000000000003",
            "1000000000000002",
            name + "-select",
            2,
            start + 2_000_000,
            start + 7_000_000,
            name,
            name,
            name);
    String body =
        "{\"resourceSpans\":["
            + String.format(resource, name + "-shop", root + "," + client)
            + ","
            + String.format(resource, name + "-db", server)
            + "]}";
    Answer answer =
        secured.send(
            "POST",
            secured.server().otlpHttpPort(),
            "/v1/traces",
            token,
            null,
            "application/json",
            body.getBytes(StandardCharsets.UTF_8));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }

  private static Answer call(Probe probe, String token, String tenant) {
    int port = probe.zipkinPort() ? secured.server().zipkinPort() : secured.server().httpPort();
    byte[] body = probe.method().equals("POST") ? "[]".getBytes(StandardCharsets.UTF_8) : null;
    return secured.send(
        probe.method(),
        port,
        probe.path(),
        token,
        tenant,
        body == null ? null : "application/json",
        body);
  }

  @Test
  void everyRouteTheRoutersServeIsProbed() {
    Vertx vertx = Vertx.vertx();
    try {
      AccessControl open = AccessControl.open();
      Router main =
          new HttpApi(
                  vertx,
                  secured.server().store(),
                  secured.server().metrics(),
                  Optional.empty(),
                  open)
              .router();
      Router zipkin =
          (Router) CompatApis.zipkinPort(vertx, secured.server().store(), request -> {}, open);
      Set<String> served = new TreeSet<>();
      main.getRoutes().forEach(route -> served.add(key(route)));
      zipkin.getRoutes().forEach(route -> served.add(key(route)));
      Set<String> probed = probes().stream().map(Probe::route).collect(Collectors.toSet());
      assertThat(probed)
          .as("a route without a probe here: add one (what to ask, and whether B sees B)")
          .containsAll(served);
    } finally {
      vertx.close();
    }
  }

  @Test
  void jaegerCallRatesAreCountedPerTenant() throws Exception {
    long end = nowMillis + 60_000;
    Probe calls =
        new Probe(
            "GET /jaeger/api/metrics/calls",
            false,
            "GET",
            "/jaeger/api/metrics/calls?service=bravo-shop&endTs="
                + end
                + "&lookback=3600000&step=60000",
            false);
    assertThat(callRate(call(calls, "b-reader", null))).as("B's own calls").isPositive();
    assertThat(callRate(call(calls, "a-reader", null))).as("A asking for B's service").isZero();
  }

  /** The sum of every point of a Jaeger metrics answer. */
  private static double callRate(Answer answer) throws Exception {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    double sum = 0;
    for (com.fasterxml.jackson.databind.JsonNode point :
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(answer.body())
            .findValues("doubleValue")) {
      sum += point.asDouble();
    }
    return sum;
  }

  @Test
  void aReaderOfANeverSeesBsDataOnAnyRoute() {
    SoftAssertions softly = new SoftAssertions();
    for (Probe probe : probes()) {
      if (probe.method().equals("POST") || probe.route().equals("GET /metrics")) {
        continue;
      }
      Answer answer = call(probe, "a-reader", null);
      softly
          .assertThat(withoutEchoes(answer.body()).toLowerCase(Locale.ROOT))
          .as(probe + " answered A " + answer.status())
          .doesNotContain(B_MARK, B_TRACE, B);
      if (probe.data()) {
        Answer own = call(probe, "b-reader", null);
        softly
            .assertThat(withoutEchoes(own.body()))
            .as(probe + ": B's own reader sees B's data (so the probe can fail)")
            .contains(B_MARK);
        Answer both = call(probe, "ab-reader", B);
        softly
            .assertThat(withoutEchoes(both.body()))
            .as(probe + " for a token of A and B naming B")
            .contains(B_MARK);
      }
    }
    // Attribution answers counts, not names: A's count of B's traces must be nought.
    Answer attribution =
        secured.get(
            secured.server().httpPort(), "/api/attribution?q=" + BRAVO_SHOP, "a-reader", null);
    softly.assertThat(attribution.body()).contains("\"slowCount\":0");
    softly
        .assertThat(
            secured
                .get(
                    secured.server().httpPort(),
                    "/api/attribution?q=" + BRAVO_SHOP,
                    "b-reader",
                    null)
                .body())
        .contains("\"slowCount\":1");
    softly.assertAll();
  }

  /**
   * The answer without what the request itself named (B's trace id, B's service): "trace ... not
   * found" repeats the id it was asked for, which tells A nothing. B's span names, attributes and
   * other service still give any leak away.
   */
  private static String withoutEchoes(String body) {
    return body.replace(B_TRACE, "").replace("bravo-shop", "");
  }

  @Test
  void namingBInTheHeaderWithAnAToken_orNoToken_orAWriteToken_isRefusedOnEveryRoute() {
    SoftAssertions softly = new SoftAssertions();
    for (Probe probe : probes()) {
      if (OPEN.contains(probe.route())) {
        Answer open = call(probe, null, B);
        softly.assertThat(open.status()).as(probe.toString()).isLessThan(500);
        softly.assertThat(open.body()).as(probe.toString()).doesNotContain(B_MARK, B_TRACE);
        continue;
      }
      boolean write = probe.route().equals("POST /api/v2/spans");
      boolean admin = probe.route().equals("GET /metrics");
      String reader = admin ? "a-all" : write ? "a-writer" : "a-reader";
      Answer asB = call(probe, reader, B);
      softly.assertThat(asB.status()).as(probe + " with tenant B named").isEqualTo(403);
      softly.assertThat(asB.body()).doesNotContain(B_MARK, B_TRACE);
      softly
          .assertThat(call(probe, null, null).status())
          .as(probe + " without a token")
          .isEqualTo(401);
      softly
          .assertThat(call(probe, "forged-token", null).status())
          .as(probe.toString())
          .isEqualTo(401);
      String wrong = write ? "a-reader" : "a-writer";
      softly
          .assertThat(call(probe, wrong, null).status())
          .as(probe + " with a token lacking the permission")
          .isEqualTo(403);
    }
    softly.assertAll();
  }

  @Test
  void anAToken_neverGetsATraceOfB_evenByItsId_andTheAnswerIsTheSameAsForNoSuchTrace() {
    String absent = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c1";
    for (String path :
        List.of(
            "/api/traces/%s",
            "/tempo/api/traces/%s", "/jaeger/api/traces/%s", "/api/v3/traces/%s")) {
      Answer ofB =
          secured.get(secured.server().httpPort(), path.formatted(B_TRACE), "a-reader", null);
      Answer ofNobody =
          secured.get(secured.server().httpPort(), path.formatted(absent), "a-reader", null);
      assertThat(ofB.status()).as(path).isEqualTo(ofNobody.status()).isEqualTo(404);
      assertThat(ofB.body().replace(B_TRACE, absent)).as(path).isEqualTo(ofNobody.body());
    }
    Answer own =
        secured.get(secured.server().httpPort(), "/api/traces/" + A_TRACE, "a-reader", null);
    assertThat(own.status()).isEqualTo(200);
  }

  private static String key(Route route) {
    Set<io.vertx.core.http.HttpMethod> methods = route.methods();
    String method =
        methods == null || methods.isEmpty()
            ? "ANY"
            : methods.stream().map(Object::toString).sorted().collect(Collectors.joining("|"));
    String path = route.getPath();
    if (path == null) {
      return method + " *";
    }
    return method + " " + (route.isExactPath() ? path : path + "*");
  }
}
