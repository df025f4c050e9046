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
  static final String B_TRACE = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b1";
  static final String A_TRACE = "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a1";
  static final String B_MARK = "bravo";

  /** Routes anyone may call: health, and the sign-in page with its forms. */
  private static final Set<String> OPEN =
      Set.of("GET /health", "GET /signin", "POST /auth/session", "POST /auth/signout");

  // {resource.service.name="bravo-shop"}: B's traces; none for A.
  static final String BRAVO_SHOP = "%7Bresource.service.name%3D%22bravo-shop%22%7D";

  @TempDir static Path dir;
  private static SecuredServer secured;
  private static long nowMillis;

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

  private static Answer call(IsolationProbes.Probe probe, String token, String tenant) {
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
      Set<String> probed =
          IsolationProbes.all(nowMillis).stream()
              .map(IsolationProbes.Probe::route)
              .collect(Collectors.toSet());
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
    IsolationProbes.Probe calls =
        new IsolationProbes.Probe(
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
    for (IsolationProbes.Probe probe : IsolationProbes.all(nowMillis)) {
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
    for (IsolationProbes.Probe probe : IsolationProbes.all(nowMillis)) {
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
