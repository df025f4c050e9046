package dev.hopscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.store.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's acceptance test: the real shop (webapp with the OTel SDK, auth under the OTel Java
 * agent, H2 over JDBC) started with the flags {@code hopscope demo} gives it, load generator
 * included, exporting to a real Hopscope server; checked through the APIs the UI calls, following
 * the tour the demo prints ({@link DemoTour}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoShopIT {
  private static final Path SHOP_JAR = Path.of("..", "demo", "target", "hopscope-demo.jar");
  private static final Pattern READY =
      Pattern.compile("shop ready: webapp (\\S+), fault admin (\\S+)");
  private static final Pattern WARMED =
      Pattern.compile("load: warmed the shop up with (\\d+) untraced requests in ([\\d.]+) s");
  private static final Pattern STATUS = Pattern.compile("^load (\\d+):(\\d\\d)  sent (\\d+) .*");
  private static final long MS = 1_000_000L;

  /** Every request the load generator sends starts one trace at the webapp's server span. */
  private static final String REQUESTS = "{ resource.service.name = \"webapp\" && kind = server }";

  /** The query the map builds for a click on the tour's edge (ui/…/js/traceql.js edgeQuery). */
  private static final String EDGE_QUERY =
      "{ resource.service.name = \""
          + DemoTour.CALLER
          + "\" && (kind = client || kind = producer) } > { resource.service.name = \""
          + DemoTour.CALLEE
          + "\" && (kind = server || kind = consumer) }";

  @TempDir static Path dataDir;

  private HopscopeServer server;
  private Process shop;
  private URI webapp;
  private URI faultAdmin;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> shopOutput = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Long> warmedAtMillis = new CompletableFuture<>();
  private long loadStartMillis;

  @BeforeAll
  void startServerAndShop() throws Exception {
    assertThat(SHOP_JAR).as("the demo module builds it before the server's tests").isRegularFile();
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
    List<String> command =
        new ArrayList<>(List.of(java(), "-cp", SHOP_JAR.toString(), DemoCommand.SHOP_MAIN));
    command.addAll(
        DemoCommand.shopArgs(
            server.otlpHttpPort(),
            "..",
            Double.parseDouble(DemoCommand.DEFAULT_RATE),
            DemoCommand.DEFAULT_DURATION,
            null));
    // The demo's fixed fault admin port would clash with a demo running on this machine.
    command.addAll(List.of("--fault-admin-port", "0"));
    shop = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Matcher> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(shop.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  System.out.println("[shop] " + line);
                  shopOutput.add(line);
                  Matcher matcher = READY.matcher(line);
                  if (matcher.find()) {
                    ready.complete(matcher);
                  }
                  if (WARMED.matcher(line).find()) {
                    warmedAtMillis.complete(System.currentTimeMillis());
                  }
                }
                ready.completeExceptionally(
                    new AssertionError("the shop exited before it was ready"));
              } catch (IOException e) {
                ready.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "shop-output");
    reader.setDaemon(true);
    reader.start();
    Matcher matcher = ready.get(180, TimeUnit.SECONDS);
    webapp = URI.create(matcher.group(1));
    faultAdmin = URI.create(matcher.group(2));
    loadStartMillis = warmedAtMillis.get(120, TimeUnit.SECONDS);
    awaitTraces(REQUESTS, loadStartMillis, 40);
  }

  @AfterAll
  void stop() throws Exception {
    if (shop != null) {
      shop.destroy();
      if (!shop.waitFor(30, TimeUnit.SECONDS)) {
        shop.destroyForcibly();
      }
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theTourHoldsStepByStep() throws Exception {
    // 1. The service map: calls per second and gap p99 on each edge, before any fault.
    // A user opening the map has given the shop a few seconds: 400 calls make the p99 the 4th
    // largest gap, not one hiccup of a machine shared with other work.
    Await.until(
        "400 calls on the tour's edge",
        Duration.ofSeconds(90),
        () -> mapEdge().getLong("requests") >= 400);
    JsonObject before = mapEdge();
    System.out.printf(
        "tour step 1, %s -> %s: %.2f calls/s, gap p50 %.2f ms, p99 %.2f ms over %d calls%n",
        DemoTour.CALLER,
        DemoTour.CALLEE,
        before.getDouble("ratePerSecond"),
        before.getLong("gapP50Nanos") / 1e6,
        before.getLong("gapP99Nanos") / 1e6,
        before.getLong("requests"));
    // 80% of the load's 20 requests a second call auth (the rest are /hello). Averaged over the
    // map's hour this read below 0.5/s.
    assertThat(before.getDouble("ratePerSecond"))
        .as("calls per second on the edge")
        .isBetween(12.0, 20.0);
    assertThat(before.getLong("gapP50Nanos")).as("no fault: gap p50").isLessThan(5 * MS);
    // No claim on the p99 before the fault: on a machine shared with other work it read 17-35 ms
    // in most runs, 94-113 ms in some and 335 ms once (load average 14: calls stalled).

    // 2. ./hopscope demo fault --hop webapp-auth --delay 100ms
    fault(DemoTour.FAULT_FLAGS);
    try {
      long delay = DemoTour.DELAY.toNanos();
      // 3. Reload the map: within a minute the edge's gap p99 reads about 100 ms.
      long faultAt = System.nanoTime();
      long callsBefore = mapEdge().getLong("requests");
      // Once more than 1% of the hour's calls crossed the fault, its delay is the p99 whatever
      // the p99 was before.
      Await.until(
          "the map's gap p99 to reach the injected delay",
          Duration.ofMinutes(1),
          () -> {
            JsonObject edge = mapEdge();
            long calls = edge.getLong("requests");
            return calls - callsBefore > calls / 50
                && edge.getLong("gapP99Nanos") >= delay - 10 * MS;
          });
      JsonObject after = mapEdge();
      System.out.printf(
          "tour step 3: gap p99 %.2f ms after %.1f s with %d ms injected%n",
          after.getLong("gapP99Nanos") / 1e6,
          (System.nanoTime() - faultAt) / 1e9,
          DemoTour.DELAY.toMillis());
      // About the delay; unless stalls longer than it already made the p99, as above.
      long ceiling = Math.max(delay, before.getLong("gapP99Nanos")) + 60 * MS;
      assertThat(after.getLong("gapP99Nanos")).isBetween(delay - 10 * MS, ceiling);

      // 4. Click the edge: its traces, largest gap first; the top one's first finding.
      JsonObject top =
          get("/api/search?q="
                  + encode(EDGE_QUERY)
                  + "&"
                  + mapWindow()
                  + "&limit=20&order=gap&edge="
                  + DemoTour.CALLER
                  + ","
                  + DemoTour.CALLEE)
              .getJsonArray("traces")
              .getJsonObject(0);
      assertThat(top.getLong("edgeGapNanos")).isGreaterThanOrEqualTo(delay - 10 * MS);
      String finding =
          get("/api/traces/" + top.getString("traceId") + "/analysis")
              .getJsonArray("findings")
              .getString(0);
      System.out.println("tour step 4: the top trace's first finding: " + finding);
      Matcher lost =
          Pattern.compile(
                  "(\\d+) ms lost between "
                      + DemoTour.CALLER
                      + " and "
                      + DemoTour.CALLEE
                      + " on the way out")
              .matcher(finding);
      assertThat(lost.matches()).as(finding).isTrue();
      // The largest gap is the delay plus that call's own gap (a stalled call adds 100 ms here).
      assertThat(Long.parseLong(lost.group(1)) * MS).isGreaterThanOrEqualTo(delay - 10 * MS);
    } finally {
      fault(List.of("--hop", DemoTour.CALLER + "-" + DemoTour.CALLEE, "--delay", "0ms"));
    }
  }

  @Test
  void warmUpRequestsLeaveNoTraceTheFirstTracedRequestFollowsThem() throws Exception {
    Matcher warmed = null;
    for (String line : shopOutput) {
      Matcher matcher = WARMED.matcher(line);
      if (matcher.find()) {
        warmed = matcher;
      }
    }
    assertThat(warmed).as("the warm-up line in " + shopOutput).isNotNull();
    assertThat(Integer.parseInt(warmed.group(1))).isPositive();
    long warmUpMillis = Math.round(Double.parseDouble(warmed.group(2)) * 1000);
    System.out.println("warm-up: " + warmed.group(1) + " requests in " + warmUpMillis + " ms");
    // Every request before the warm-up line was printed was a warm-up request; traced, they would
    // come first here. (The load's first sends may start just before the test reads that line.)
    JsonArray traces =
        get("/api/search?q="
                + encode(REQUESTS)
                + "&start="
                + (loadStartMillis - warmUpMillis - 60_000)
                + "&end="
                + (loadStartMillis + 20_000)
                + "&limit=1000")
            .getJsonArray("traces");
    List<JsonObject> byStart = new ArrayList<>();
    traces.forEach(trace -> byStart.add((JsonObject) trace));
    byStart.sort(
        Comparator.comparing(trace -> Long.parseLong(trace.getString("startTimeUnixNano"))));
    assertThat(byStart).hasSizeGreaterThanOrEqualTo(20);
    assertThat(Long.parseLong(byStart.get(0).getString("startTimeUnixNano")) / MS)
        .isGreaterThan(loadStartMillis - 500);
    // And the shop was warm when tracing began. Without the warm-up the first eight or so requests
    // all took 450 ms to 4.9 s (their gaps made the map's p99 750-1,170 ms); with it, on a machine
    // shared with other work, a stray one of the first 20 took up to 325 ms.
    List<Long> first =
        byStart.subList(0, 20).stream().map(t -> t.getLong("durationNanos")).toList();
    System.out.println(
        "the first 20 traced requests, ms: " + first.stream().map(n -> n / MS).toList());
    assertThat(first.stream().filter(nanos -> nanos > 400 * MS).count())
        .as("cold requests among the first 20 traced")
        .isLessThanOrEqualTo(2);
  }

  @Test
  void loadPrintsAPlainStatusLineEveryTenSecondsWhenNotATerminal() {
    Await.until(
        "two status lines from the load generator",
        Duration.ofSeconds(90),
        () -> statusSeconds().size() >= 2);
    List<Long> seconds = statusSeconds();
    assertThat(shopOutput).noneMatch(line -> line.contains("\r"));
    for (int i = 1; i < seconds.size(); i++) {
      assertThat(seconds.get(i) - seconds.get(i - 1)).isBetween(9L, 11L);
    }
  }

  @Test
  void oneTraceCrossesWebappAuthAndTheDatabaseConnectedByParentIds() throws Exception {
    JsonObject trace = trace(newestTraceId("{ name = \"ValidateToken\" }"));
    JsonArray spans = trace.getJsonArray("spans");
    Set<String> ids = new HashSet<>();
    Set<String> services = new HashSet<>();
    boolean database = false;
    for (Object o : spans) {
      JsonObject span = (JsonObject) o;
      ids.add(span.getString("spanId"));
      services.add(span.getString("serviceName"));
      assertThat(span.getString("traceId")).isEqualTo(trace.getString("traceId"));
      database |= NativeTraceJson.attribute(span, "db.system") != null;
    }
    assertThat(services).contains("webapp", "auth");
    assertThat(database).as("a JDBC span with db.system").isTrue();
    int roots = 0;
    for (Object o : spans) {
      String parent = ((JsonObject) o).getString("parentSpanId");
      if (parent.isEmpty()) {
        roots++;
      } else {
        assertThat(ids).as("parent of a span is in the trace").contains(parent);
      }
    }
    assertThat(roots).isEqualTo(1);
  }

  @Test
  void baggageFromWebappShowsOnAuthsSpanAndResourcesCarryTheFourAttributes() throws Exception {
    JsonObject trace = trace(newestTraceId("{ name = \"ValidateToken\" }"));
    boolean tier = false;
    for (Object o : trace.getJsonArray("spans")) {
      JsonObject span = (JsonObject) o;
      if (span.getString("serviceName").equals("auth")
          && span.getString("name").equals("ValidateToken")) {
        tier |= NativeTraceJson.attribute(span, "user.tier") != null;
      }
      JsonObject resource = span.getJsonObject("resource");
      for (String key :
          List.of(
              "service.name", "service.version", "deployment.environment.name", "cloud.region")) {
        assertThat(NativeTraceJson.attributeIn(resource.getJsonArray("attributes"), key))
            .as(key)
            .isNotNull();
      }
    }
    assertThat(tier).as("user.tier from baggage on auth's ValidateToken").isTrue();
  }

  @Test
  void helloYieldsGreetUnderSayHello() throws Exception {
    long start = System.currentTimeMillis();
    HttpResponse<String> hello =
        http.send(
            HttpRequest.newBuilder(webapp.resolve("/hello?name=Ada")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(hello.body()).isEqualTo("Hello, Ada!");
    // The load sends /hello too, for its users (alice, bob, ...): ask for Ada's.
    String id = awaitTraces("{ span.message = \"Hello, Ada!\" }", start, 1).get(0);
    JsonArray spans = trace(id).getJsonArray("spans");
    JsonObject sayHello = NativeTraceJson.named(spans, "say-hello");
    JsonObject greet = NativeTraceJson.named(spans, "greet");
    assertThat(greet.getString("parentSpanId")).isEqualTo(sayHello.getString("spanId"));
    assertThat(NativeTraceJson.attribute(greet, "message")).isEqualTo("Hello, Ada!");
    assertThat(NativeTraceJson.attribute(sayHello, "request.method")).isEqualTo("GET");
  }

  /** The elapsed time of each status line the load generator printed so far, in seconds. */
  private List<Long> statusSeconds() {
    List<Long> seconds = new ArrayList<>();
    for (String line : shopOutput) {
      Matcher matcher = STATUS.matcher(line);
      if (matcher.matches()) {
        seconds.add(Long.parseLong(matcher.group(1)) * 60 + Long.parseLong(matcher.group(2)));
      }
    }
    return seconds;
  }

  /** The tour's edge on the map, as the map's default range shows it. */
  private JsonObject mapEdge() {
    JsonObject graph = get("/api/graph?" + mapWindow());
    for (Object o : graph.getJsonArray("edges")) {
      JsonObject edge = (JsonObject) o;
      if (edge.getString("caller").equals(DemoTour.CALLER)
          && edge.getString("callee").equals(DemoTour.CALLEE)) {
        return edge;
      }
    }
    throw new AssertionError("no tour edge in " + graph.encodePrettily());
  }

  /** What the map asks for by default (ui/…/js/time-range.js timeWindow, range=1h). */
  private static String mapWindow() {
    long now = System.currentTimeMillis() / 1000;
    return "start=" + (now - 3600) + "&end=" + (now + 60);
  }

  /** Runs the shop's fault client with the flags {@code hopscope demo fault} passes on. */
  private void fault(List<String> flags) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "-cp",
                SHOP_JAR.toString(),
                FaultCommand.FAULT_MAIN,
                "--admin",
                faultAdmin.toString()));
    command.addAll(flags);
    Process client = new ProcessBuilder(command).inheritIO().start();
    assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue()).isZero();
  }

  /**
   * Trace ids matching the query since {@code startMillis}, once at least {@code count} arrived.
   */
  private List<String> awaitTraces(String query, long startMillis, int count) {
    List<String> ids = new ArrayList<>();
    Await.until(
        count + " traces for " + query,
        Duration.ofSeconds(90),
        () -> {
          ids.clear();
          ids.addAll(traceIdsSince(query, startMillis));
          return ids.size() >= count;
        });
    return ids;
  }

  private List<String> traceIdsSince(String query, long startMillis) {
    JsonObject page =
        get("/api/search?q=" + encode(query) + "&start=" + startMillis + "&limit=1000");
    return page.getJsonArray("traces").stream()
        .map(t -> ((JsonObject) t).getString("traceId"))
        .toList();
  }

  /**
   * The newest trace matching {@code query}, once all of it has arrived: the load runs on, so the
   * newest trace may still be in flight, each service's spans exported in batches of their own (a
   * span can arrive before its parent). Complete means one root and every parent present; with
   * broken context propagation no trace ever is, and the wait fails.
   */
  private String newestTraceId(String query) {
    JsonArray traces =
        get("/api/search?q=" + encode(query) + "&start=" + loadStartMillis + "&limit=1")
            .getJsonArray("traces");
    assertThat(traces).isNotEmpty();
    String id = traces.getJsonObject(0).getString("traceId");
    Await.until(
        "every span of trace " + id + ", its root and each span's parent",
        Duration.ofSeconds(30),
        () -> DemoProcess.completeTrace(trace(id).getJsonArray("spans")));
    return id;
  }

  private JsonObject trace(String id) {
    return get("/api/traces/" + id);
  }

  private JsonObject get(String path) {
    HttpResponse<String> answer;
    try {
      answer =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static {
    // Fail fast with a clear message when run outside the reactor.
    if (!Files.exists(Path.of("..", "demo"))) {
      throw new IllegalStateException("run from the cli module directory (the reactor does)");
    }
  }
}
