package dev.hopscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.demo.OtlpTestReceiver.ReceivedSpan;
import dev.hopscope.demo.fault.Fault;
import dev.hopscope.demo.fault.Hop;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shop for real: database, auth under the Java agent, the fault proxies and the web app as
 * processes on loopback, exporting to a test OTLP receiver. Requests carry a {@code traceparent} we
 * choose, so each test knows its trace id.
 */
class ShopIT {
  private static final Path LOGS = Path.of("target", "shop-it-logs");
  private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
  private static final Duration SPANS_TIMEOUT = Duration.ofSeconds(30);

  private static OtlpTestReceiver receiver;
  private static RunningShop shop;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Random TRACE_IDS = new Random(20261201);

  @BeforeAll
  static void startShop() throws Exception {
    receiver = OtlpTestReceiver.start();
    shop =
        ShopLauncher.builder()
            .otlpEndpoint(receiver.endpoint())
            .shopJar(Path.of("target", "hopscope-demo.jar"))
            .agentJar(Path.of("target", "agent", "opentelemetry-javaagent.jar"))
            .logDirectory(LOGS)
            .build()
            .start();
  }

  @AfterAll
  static void stopShop() throws Exception {
    List<ProcessHandle> processes = shop.processes();
    shop.close();
    receiver.close();
    assertThat(processes).isNotEmpty().noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void productsTraceConnectsWebappAuthAndDatabaseUnderOneTraceId() throws Exception {
    String traceId = newTraceId();
    assertThat(get("/products", traceId, "tok-alice", "gold")).isEqualTo(200);

    List<ReceivedSpan> trace = awaitProductsTrace(traceId);

    assertThat(trace).extracting(ReceivedSpan::traceId).containsOnly(traceId);
    assertThat(trace).extracting(ReceivedSpan::service).containsOnly("webapp", "auth");
    Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    // Connected: every parent is in the trace, but for the root, whose parent is the caller.
    assertThat(trace)
        .filteredOn(span -> !span.parentSpanId().equals(CALLER_SPAN_ID))
        .allSatisfy(span -> assertThat(ids).contains(span.parentSpanId()));

    ReceivedSpan server = only(trace, "webapp", SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN_ID);
    assertThat(server.name()).isEqualTo("GET /products");
    ReceivedSpan client = only(trace, "webapp", SpanKind.SPAN_KIND_CLIENT, "POST");
    ReceivedSpan authServer = only(trace, "auth", SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan validate = named(trace, "ValidateToken");
    ReceivedSpan authQuery = only(trace, "auth", SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan productsQuery = databaseSpan(trace, "webapp");
    assertThat(client.parentSpanId()).isEqualTo(server.spanId());
    assertThat(authServer.parentSpanId()).isEqualTo(client.spanId());
    assertThat(validate.parentSpanId()).isEqualTo(authServer.spanId());
    assertThat(authQuery.parentSpanId()).isEqualTo(validate.spanId());
    assertThat(productsQuery.parentSpanId()).isEqualTo(server.spanId());
    assertThat(authQuery.attributes()).containsEntry("db.system", "h2");
    assertThat(productsQuery.attributes())
        .containsEntry("db.system", "h2")
        .containsEntry("db.statement", "SELECT * FROM products");

    // Baggage set by the web app, read and recorded by auth.
    assertThat(validate.attributes()).containsEntry("user.tier", "gold");
  }

  @Test
  void everyServiceReportsTheFourResourceAttributes() throws Exception {
    String traceId = newTraceId();
    assertThat(get("/products", traceId, "tok-bob", "silver")).isEqualTo(200);

    assertThat(awaitProductsTrace(traceId))
        .allSatisfy(
            span ->
                assertThat(span.resource())
                    .containsEntry("service.version", "1.0.0")
                    .containsEntry("deployment.environment.name", "development")
                    .containsEntry("cloud.region", "us-east-1")
                    .containsEntry("telemetry.sdk.language", "java")
                    .containsKey("service.name"));
  }

  @Test
  void helloYieldsGreetUnderSayHello() throws Exception {
    String traceId = newTraceId();
    assertThat(get("/hello?name=Ada", traceId, null, null)).isEqualTo(200);

    List<ReceivedSpan> trace =
        receiver.await(spans -> trace(spans, traceId).size() >= 3, SPANS_TIMEOUT).stream()
            .filter(span -> span.traceId().equals(traceId))
            .toList();

    ReceivedSpan server = only(trace, "webapp", SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan sayHello = named(trace, "say-hello");
    ReceivedSpan greet = named(trace, "greet");
    assertThat(sayHello.parentSpanId()).isEqualTo(server.spanId());
    assertThat(sayHello.attributes()).containsEntry("request.method", "GET");
    assertThat(greet.parentSpanId()).isEqualTo(sayHello.spanId());
    assertThat(greet.attributes()).containsEntry("message", "Hello, Ada!");
  }

  @Test
  void delayInjectedBetweenWebappAndAuthShowsAsTheGapBetweenClientAndServerSpans()
      throws Exception {
    medianOutboundGapMillis(5); // warm-up: connections, JIT
    double baseline = medianOutboundGapMillis(12);
    shop.faults().set(Hop.WEBAPP_AUTH, new Fault(Duration.ofMillis(100), 0));
    double delayed;
    try {
      delayed = medianOutboundGapMillis(12);
    } finally {
      shop.faults().set(Hop.WEBAPP_AUTH, Fault.NONE);
    }

    System.out.printf(
        "median webapp->auth outbound gap: %.2f ms no fault, %.2f ms with 100 ms%n",
        baseline, delayed);
    assertThat(baseline).as("median gap with no fault, ms").isLessThan(5);
    assertThat(delayed).as("median gap with 100 ms injected, ms").isBetween(90.0, 110.0);
  }

  @Test
  void loadGeneratorStopsByItselfAfterItsRequests() throws Exception {
    LoadSettings load =
        LoadSettings.DEFAULT
            .withRate(20)
            .withRequests(30)
            .withConcurrency(4)
            .withDuration(Duration.ofSeconds(30));

    int exitCode = shop.startLoad(load).exitCode(Duration.ofSeconds(60));

    assertThat(exitCode).isZero();
    assertThat(Files.readString(LOGS.resolve("load.log")))
        .contains("load done: 30/30 sent")
        .contains(" 0 failed");
  }

  @Test
  void faultAdminAnswersBadInputWithThePreciseProblem() throws Exception {
    HttpResponse<String> unknownHop =
        HTTP.send(
            HttpRequest.newBuilder(shop.faultAdminUrl().resolve("/faults/auth-webapp?delay=5ms"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badDelay =
        HTTP.send(
            HttpRequest.newBuilder(shop.faultAdminUrl().resolve("/faults/webapp-auth?delay=5"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(unknownHop.statusCode()).isEqualTo(400);
    assertThat(unknownHop.body())
        .isEqualTo(
            "unknown fault target 'auth-webapp': use a hop (webapp-auth, webapp-database) or a"
                + " service (auth, database, webapp)");
    assertThat(badDelay.statusCode()).isEqualTo(400);
    assertThat(badDelay.body()).contains("delay must be a duration such as 100ms");
    assertThat(shop.faults().faults())
        .contains("\"webapp-auth\":{\"fault\":{\"delayMs\":0,\"errorRate\":0.0}")
        .contains("\"database\":{\"fault\":{\"delayMs\":0,\"errorRate\":0.0}}");
  }

  @Test
  void authErrorsAreRecordedOnAuthsOwnSpans() throws Exception {
    String traceId = newTraceId();
    shop.faults().set("auth", new Fault(Duration.ZERO, 1));
    try {
      assertThat(get("/products", traceId, "tok-dave", "free")).isEqualTo(502);
    } finally {
      shop.faults().set("auth", Fault.NONE);
    }

    List<ReceivedSpan> trace =
        trace(
            receiver.await(
                spans ->
                    trace(spans, traceId).stream().anyMatch(s -> s.name().equals("ValidateToken"))
                        && trace(spans, traceId).stream()
                            .anyMatch(s -> s.name().equals("GET /products")),
                SPANS_TIMEOUT),
            traceId);
    assertThat(named(trace, "ValidateToken").status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    assertThat(named(trace, "GET /products").status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
  }

  @Test
  void slowSqlLengthensOnlyTheProductsQuery() throws Exception {
    String traceId = newTraceId();
    shop.faults().set("database", new Fault(Duration.ofMillis(60), 0));
    try {
      assertThat(get("/products", traceId, "tok-erin", "gold")).isEqualTo(200);
    } finally {
      shop.faults().set("database", Fault.NONE);
    }

    List<ReceivedSpan> trace = awaitProductsTrace(traceId);
    assertThat(databaseSpan(trace, "webapp").durationMillis()).isGreaterThanOrEqualTo(60);
    assertThat(databaseSpan(trace, "auth").durationMillis()).isLessThan(60);
  }

  @Test
  void tooSmallPoolMakesRequestsQueueInsideWebapp() throws Exception {
    List<String> traceIds = List.of(newTraceId(), newTraceId(), newTraceId());
    shop.faults().set("database", new Fault(Duration.ofMillis(100), 0));
    shop.faults().setWebappPoolSize(1);
    try {
      List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
      for (String traceId : traceIds) {
        responses.add(
            HTTP.sendAsync(
                productsRequest(traceId, "tok-frank", "silver"),
                HttpResponse.BodyHandlers.discarding()));
      }
      for (CompletableFuture<HttpResponse<Void>> response : responses) {
        assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    } finally {
      shop.faults().setWebappPoolSize(4);
      shop.faults().set("database", Fault.NONE);
    }

    List<ReceivedSpan> spans =
        receiver.await(
            all -> traceIds.stream().allMatch(id -> trace(all, id).size() >= 6), SPANS_TIMEOUT);
    // Waiting for the one connection: after auth answered, before the query started.
    double longestWait =
        traceIds.stream()
            .mapToDouble(
                id -> {
                  List<ReceivedSpan> trace = trace(spans, id);
                  ReceivedSpan authCall = only(trace, "webapp", SpanKind.SPAN_KIND_CLIENT, "POST");
                  return (databaseSpan(trace, "webapp").startNanos() - authCall.endNanos()) / 1e6;
                })
            .max()
            .orElseThrow();
    assertThat(longestWait).isGreaterThanOrEqualTo(150);
  }

  /** Median of auth server start minus webapp client start, over {@code requests} traces. */
  private static double medianOutboundGapMillis(int requests) throws Exception {
    List<String> traceIds = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String traceId = newTraceId();
      assertThat(get("/products", traceId, "tok-carol", "free")).isEqualTo(200);
      traceIds.add(traceId);
    }
    List<ReceivedSpan> spans =
        receiver.await(
            all -> traceIds.stream().allMatch(id -> hasHop(trace(all, id))), SPANS_TIMEOUT);
    double[] gaps =
        traceIds.stream()
            .mapToDouble(
                id -> {
                  List<ReceivedSpan> trace = trace(spans, id);
                  ReceivedSpan client = only(trace, "webapp", SpanKind.SPAN_KIND_CLIENT, "POST");
                  ReceivedSpan server = only(trace, "auth", SpanKind.SPAN_KIND_SERVER);
                  return (server.startNanos() - client.startNanos()) / 1e6;
                })
            .sorted()
            .toArray();
    return gaps[gaps.length / 2];
  }

  private static boolean hasHop(List<ReceivedSpan> trace) {
    return trace.stream()
            .anyMatch(
                s ->
                    s.service().equals("webapp")
                        && s.kind() == SpanKind.SPAN_KIND_CLIENT
                        && s.name().equals("POST"))
        && trace.stream()
            .anyMatch(s -> s.service().equals("auth") && s.kind() == SpanKind.SPAN_KIND_SERVER);
  }

  private static List<ReceivedSpan> awaitProductsTrace(String traceId) throws InterruptedException {
    // Six spans: webapp server, its auth call and query; auth server, ValidateToken and query.
    return trace(
        receiver.await(spans -> trace(spans, traceId).size() >= 6, SPANS_TIMEOUT), traceId);
  }

  private static List<ReceivedSpan> trace(List<ReceivedSpan> spans, String traceId) {
    return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
  }

  private static ReceivedSpan only(List<ReceivedSpan> trace, String service, SpanKind kind) {
    List<ReceivedSpan> matches =
        trace.stream().filter(s -> s.service().equals(service) && s.kind() == kind).toList();
    assertThat(matches).as("%s %s spans in %s", service, kind, trace).hasSize(1);
    return matches.get(0);
  }

  private static ReceivedSpan only(
      List<ReceivedSpan> trace, String service, SpanKind kind, String name) {
    return only(trace.stream().filter(s -> s.name().equals(name)).toList(), service, kind);
  }

  private static ReceivedSpan named(List<ReceivedSpan> trace, String name) {
    List<ReceivedSpan> matches = trace.stream().filter(s -> s.name().equals(name)).toList();
    assertThat(matches).as("spans named %s in %s", name, trace).hasSize(1);
    return matches.get(0);
  }

  private static ReceivedSpan databaseSpan(List<ReceivedSpan> trace, String service) {
    return only(
        trace.stream().filter(s -> "h2".equals(s.attributes().get("db.system"))).toList(),
        service,
        SpanKind.SPAN_KIND_CLIENT);
  }

  private static String newTraceId() {
    byte[] id = new byte[16];
    TRACE_IDS.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  private static HttpRequest productsRequest(String traceId, String token, String tier) {
    return HttpRequest.newBuilder(shop.webappUrl().resolve("/products"))
        .timeout(Duration.ofSeconds(10))
        .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN_ID + "-01")
        .header("Authorization", "Bearer " + token)
        .header("X-User-Tier", tier)
        .GET()
        .build();
  }

  private static int get(String pathAndQuery, String traceId, String token, String tier)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(shop.webappUrl().resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN_ID + "-01");
    if (token != null) {
      request.header("Authorization", "Bearer " + token).header("X-User-Tier", tier);
    }
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
