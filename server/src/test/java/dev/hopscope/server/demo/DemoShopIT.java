package dev.hopscope.server.demo;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * agent, H2 over JDBC) exporting to a real Hopscope server, checked through Hopscope's own API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoShopIT {
  private static final Path SHOP_JAR = Path.of("..", "demo", "target", "hopscope-demo.jar");
  private static final Pattern READY =
      Pattern.compile("shop ready: webapp (\\S+), fault admin (\\S+)");
  private static final long MS = 1_000_000L;

  /** Every request the load generator sends starts one trace at the webapp's server span. */
  private static final String REQUESTS = "{ resource.service.name = \"webapp\" && kind = server }";

  @TempDir static Path dataDir;

  private HopscopeServer server;
  private Process shop;
  private URI webapp;
  private URI faultAdmin;
  private final HttpClient http = HttpClient.newHttpClient();
  private long baselineStartMillis;
  private long baselineEndMillis;

  @BeforeAll
  void startServerAndShop() throws Exception {
    assertThat(SHOP_JAR).as("the demo module builds it before the server's tests").isRegularFile();
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
    shop =
        new ProcessBuilder(
                java(),
                "-cp",
                SHOP_JAR.toString(),
                "dev.hopscope.demo.Shop",
                "--otlp-endpoint",
                "http://127.0.0.1:" + server.otlpHttpPort(),
                "--repo-root",
                "..",
                "--fault-admin-port",
                "0",
                "--no-load")
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Matcher> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(shop.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  System.out.println("[shop] " + line);
                  Matcher matcher = READY.matcher(line);
                  if (matcher.find()) {
                    ready.complete(matcher);
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

    // Warm-up: the first requests pay for class loading, JIT and the agent's instrumentation;
    // the claim "no fault, gap p50 < 5 ms" is about a warm shop.
    runLoad(60);
    baselineStartMillis = System.currentTimeMillis();
    runLoad(40);
    baselineEndMillis = System.currentTimeMillis();
    awaitTraces(REQUESTS, baselineStartMillis, 40);
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
      database |= attribute(span, "db.system") != null;
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
        tier |= attribute(span, "user.tier") != null;
      }
      JsonObject resource = span.getJsonObject("resource");
      for (String key :
          List.of(
              "service.name", "service.version", "deployment.environment.name", "cloud.region")) {
        assertThat(attributeIn(resource.getJsonArray("attributes"), key)).as(key).isNotNull();
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
    String id = awaitTraces("{ name = \"greet\" }", start, 1).get(0);
    JsonArray spans = trace(id).getJsonArray("spans");
    JsonObject sayHello = named(spans, "say-hello");
    JsonObject greet = named(spans, "greet");
    assertThat(greet.getString("parentSpanId")).isEqualTo(sayHello.getString("spanId"));
    assertThat(attribute(greet, "message")).isEqualTo("Hello, Ada!");
    assertThat(attribute(sayHello, "request.method")).isEqualTo("GET");
  }

  @Test
  void aHundredMillisecondsOnTheWireShowOnTheEdgeAndComeFirstInFindings() throws Exception {
    JsonObject baseline = edge("webapp", "auth", baselineStartMillis, baselineEndMillis);
    System.out.printf(
        "webapp -> auth without a fault: gap p50 %.2f ms, p99 %.2f ms over %d calls%n",
        baseline.getLong("gapP50Nanos") / 1e6,
        baseline.getLong("gapP99Nanos") / 1e6,
        baseline.getLong("requests"));
    assertThat(baseline.getLong("gapP50Nanos")).as("no fault: gap p50 < 5 ms").isLessThan(5 * MS);

    fault("100ms");
    try {
      long start = System.currentTimeMillis();
      runLoad(30);
      long end = System.currentTimeMillis();
      awaitTraces(REQUESTS, start, 30);
      List<String> slow = awaitTraces("{ name = \"ValidateToken\" }", start, 1);
      JsonObject faulty = edge("webapp", "auth", start, end + 5_000);
      System.out.printf(
          "webapp -> auth with 100 ms injected: gap p50 %.2f ms, p99 %.2f ms over %d calls%n",
          faulty.getLong("gapP50Nanos") / 1e6,
          faulty.getLong("gapP99Nanos") / 1e6,
          faulty.getLong("requests"));
      assertThat(faulty.getLong("gapP50Nanos"))
          .as("gap p50 with 100 ms injected")
          .isBetween(90 * MS, 110 * MS);
      JsonObject analysis = get("/api/traces/" + slow.get(0) + "/analysis");
      assertThat(analysis.getJsonArray("findings").getString(0))
          .contains("between webapp and auth");
    } finally {
      fault("0ms");
    }
  }

  private void fault(String delay) throws Exception {
    Process client =
        new ProcessBuilder(
                java(),
                "-cp",
                SHOP_JAR.toString(),
                "dev.hopscope.demo.fault.FaultClient",
                "--admin",
                faultAdmin.toString(),
                "--hop",
                "webapp-auth",
                "--delay",
                delay)
            .inheritIO()
            .start();
    assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue()).isZero();
  }

  private void runLoad(int requests) throws Exception {
    Process load =
        new ProcessBuilder(
                java(),
                "-cp",
                SHOP_JAR.toString(),
                "dev.hopscope.demo.load.LoadGenerator",
                "--target",
                webapp.toString(),
                "--rate",
                "20",
                "--requests",
                Integer.toString(requests),
                "--concurrency",
                "4",
                "--duration",
                "60s")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertThat(load.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(load.exitValue()).isZero();
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
          try {
            JsonObject page =
                get(
                    "/api/search?q="
                        + encode(query)
                        + "&start="
                        + startMillis
                        + "&limit=1000&order=duration");
            ids.clear();
            for (Object t : page.getJsonArray("traces")) {
              ids.add(((JsonObject) t).getString("traceId"));
            }
            return ids.size() >= count;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return ids;
  }

  private JsonObject edge(String caller, String callee, long startMillis, long endMillis)
      throws Exception {
    JsonObject graph = get("/api/graph?start=" + startMillis + "&end=" + endMillis);
    for (Object o : graph.getJsonArray("edges")) {
      JsonObject edge = (JsonObject) o;
      if (edge.getString("caller").equals(caller) && edge.getString("callee").equals(callee)) {
        return edge;
      }
    }
    throw new AssertionError(
        "no edge " + caller + " -> " + callee + " in " + graph.encodePrettily());
  }

  private String newestTraceId(String query) throws Exception {
    JsonArray traces =
        get("/api/search?q=" + encode(query) + "&start=" + baselineStartMillis + "&limit=1")
            .getJsonArray("traces");
    assertThat(traces).isNotEmpty();
    return traces.getJsonObject(0).getString("traceId");
  }

  private JsonObject trace(String id) throws Exception {
    return get("/api/traces/" + id);
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  private static JsonObject named(JsonArray spans, String name) {
    for (Object o : spans) {
      if (((JsonObject) o).getString("name").equals(name)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no span named " + name + " in " + spans.encodePrettily());
  }

  private static Object attribute(JsonObject span, String key) {
    return attributeIn(span.getJsonArray("attributes"), key);
  }

  private static Object attributeIn(JsonArray attributes, String key) {
    for (Object o : attributes) {
      JsonObject attribute = (JsonObject) o;
      if (attribute.getString("key").equals(key)) {
        return attribute.getValue("value");
      }
    }
    return null;
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
      throw new IllegalStateException("run from the server module directory (the reactor does)");
    }
  }
}
