package dev.hopscope.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.analysis.red.RedMetrics;
import dev.hopscope.analysis.red.RedPoint;
import dev.hopscope.model.Span;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.testing.Loader;
import dev.hopscope.server.testing.ShopTraces;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The native and analysis APIs over a fixed shop dataset sent through OTLP (docs/api.md). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeApiIT {
  private static final long MS = 1_000_000L;

  @TempDir static Path dataDir;

  private HopscopeServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<List<Span>> traces = new ArrayList<>();
  private long base;

  @BeforeAll
  void load() throws Exception {
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
    ShopTraces shop = new ShopTraces(42);
    base = (System.currentTimeMillis() - 60_000) * MS;
    Loader loader = new Loader(server);
    for (int i = 0; i < 30; i++) {
      // Every third trace loses 100 ms between webapp and auth; every tenth fails.
      List<Span> trace = shop.trace(base + i * 100 * MS, i % 3 == 0 ? 100 : 1, i % 10 == 0);
      traces.add(trace);
      loader.send(trace);
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void searchFindsTracesByTraceQlNewestFirstWithSummaries() throws Exception {
    JsonObject page = get("/api/search?q=" + encode("{ status = error }") + "&limit=50");
    JsonArray found = page.getJsonArray("traces");
    assertThat(found).hasSize(3);
    JsonObject first = found.getJsonObject(0);
    assertThat(first.getString("traceId")).isEqualTo(traceId(20));
    assertThat(first.getString("rootServiceName")).isEqualTo("webapp");
    assertThat(first.getString("rootName")).isEqualTo("GET /products");
    assertThat(first.getInteger("spanCount")).isEqualTo(5);
    assertThat(first.getInteger("errorCount")).isEqualTo(2);
    assertThat(first.getString("startTimeUnixNano")).isEqualTo(Long.toString(base + 20 * 100 * MS));
    assertThat(first.getJsonArray("matched")).hasSize(2);
    assertThat(page.getString("next")).isNull();
  }

  @Test
  void pagesWithACursorWithoutDuplicatesOrGaps() throws Exception {
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          get("/api/search?limit=7" + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      for (Object trace : page.getJsonArray("traces")) {
        assertThat(seen.add(((JsonObject) trace).getString("traceId"))).isTrue();
      }
      cursor = page.getString("next");
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(seen).hasSize(30);
  }

  @Test
  void ordersByDurationOnRequest() throws Exception {
    JsonArray found = get("/api/search?order=duration&limit=3").getJsonArray("traces");
    long previous = Long.MAX_VALUE;
    for (Object trace : found) {
      long duration = ((JsonObject) trace).getLong("durationNanos");
      assertThat(duration).isLessThanOrEqualTo(previous);
      previous = duration;
    }
    assertThat(previous).isGreaterThan(100 * MS);
  }

  @Test
  void ordersAnEdgesTracesByTheGapLostOnIt() throws Exception {
    JsonArray found = get("/api/search?order=gap&edge=webapp,auth&limit=12").getJsonArray("traces");
    assertThat(found).hasSize(12);
    // Every third trace lost 100 ms between webapp and auth: those ten come first.
    for (int i = 0; i < 10; i++) {
      assertThat(found.getJsonObject(i).getLong("edgeGapNanos")).isEqualTo(100 * MS);
    }
    assertThat(found.getJsonObject(10).getLong("edgeGapNanos")).isEqualTo(MS);
    assertThat(raw("/api/search?order=gap").statusCode()).isEqualTo(400);
  }

  @Test
  void badTraceQlIs400WithThePosition() throws Exception {
    HttpResponse<String> answer = raw("/api/search?q=" + encode("{ duration > }"));
    assertThat(answer.statusCode()).isEqualTo(400);
    JsonObject error = new JsonObject(answer.body());
    assertThat(error.getString("error")).isNotBlank();
    assertThat(error.getInteger("position")).isEqualTo(13);
  }

  @Test
  void traceByIdHasEverySpanAndUnknownIs404() throws Exception {
    JsonObject trace = get("/api/traces/" + traceId(3));
    assertThat(trace.getJsonArray("spans")).hasSize(5);
    JsonObject root = trace.getJsonArray("spans").getJsonObject(0);
    assertThat(root.getString("kind")).isEqualTo("server");
    assertThat(root.getString("parentSpanId")).isEmpty();
    assertThat(raw("/api/traces/" + "ab".repeat(16)).statusCode()).isEqualTo(404);
    assertThat(raw("/api/traces/xyz").statusCode()).isEqualTo(400);
  }

  @Test
  void sharedResourcesListEachResourceOnceAndSpansPointAtIt() throws Exception {
    JsonObject inline = get("/api/traces/" + traceId(3));
    JsonObject shared = get("/api/traces/" + traceId(3) + "?resources=shared");
    JsonArray resources = shared.getJsonArray("resources");
    assertThat(resources).hasSize(2);
    JsonArray spans = shared.getJsonArray("spans");
    for (int i = 0; i < spans.size(); i++) {
      JsonObject span = spans.getJsonObject(i);
      assertThat(span.containsKey("resource")).isFalse();
      JsonObject resource = resources.getJsonObject(span.getInteger("resourceIndex"));
      assertThat(resource)
          .isEqualTo(inline.getJsonArray("spans").getJsonObject(i).getJsonObject("resource"));
    }
  }

  @Test
  void servicesOperationsAttributesAndValuesForAutocomplete() throws Exception {
    assertThat(get("/api/services").getJsonArray("services").getList())
        .containsExactly("auth", "webapp");
    assertThat(get("/api/services/webapp/operations").getJsonArray("operations").getList())
        .contains("GET /products", "ValidateToken", "SELECT products");
    assertThat(get("/api/attributes").getJsonArray("attributes").getList())
        .contains("resource.service.name", "span.http.request.method");
    assertThat(
            get("/api/attributes/resource.service.name/values?prefix=we")
                .getJsonArray("values")
                .getList())
        .containsExactly("webapp");
  }

  @Test
  void analysisNamesTheGapAndTheSlowestHop() throws Exception {
    JsonObject analysis = get("/api/traces/" + traceId(3) + "/analysis");
    JsonObject hop = analysis.getJsonArray("hops").getJsonObject(0);
    assertThat(hop.getString("callerService")).isEqualTo("webapp");
    assertThat(hop.getString("calleeService")).isEqualTo("auth");
    assertThat(hop.getLong("outboundGapNanos")).isEqualTo(100 * MS);
    assertThat(analysis.getJsonArray("findings").getString(0)).contains("webapp", "auth", "100");
    assertThat(analysis.getJsonArray("peers")).hasSize(2);
    long pathTotal = 0;
    for (Object segment : analysis.getJsonArray("criticalPath")) {
      pathTotal += ((JsonObject) segment).getLong("durationNanos");
    }
    assertThat(pathTotal).isEqualTo(analysis.getLong("durationNanos"));
  }

  @Test
  void graphEdgesCarryRateErrorsAndGapPercentiles() throws Exception {
    JsonObject graph = get("/api/graph");
    JsonObject edge = null;
    for (Object candidate : graph.getJsonArray("edges")) {
      JsonObject e = (JsonObject) candidate;
      if (e.getString("caller").equals("webapp") && e.getString("callee").equals("auth")) {
        edge = e;
      }
    }
    assertThat(edge).isNotNull();
    assertThat(edge.getLong("requests")).isEqualTo(30);
    assertThat(edge.getLong("errors")).isEqualTo(3);
    assertThat(edge.getLong("gapP99Nanos")).isBetween(95 * MS, 105 * MS);
    assertThat(edge.getLong("gapP50Nanos")).isLessThan(5 * MS);
    // 30 calls 100 ms apart are 10 a second, whatever the window (15 minutes by default, where
    // an average over the window read 0.03/s).
    assertThat(edge.getDouble("ratePerSecond")).isCloseTo(10.0, within(1e-6));
    long first = Long.parseLong(edge.getString("firstCallUnixNano"));
    long last = Long.parseLong(edge.getString("lastCallUnixNano"));
    assertThat(last - first).isEqualTo(29 * 100 * MS);
    assertThat(graph.getBoolean("capped")).isFalse();
    assertThat(graph.getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getString("kind")))
        .contains("service", "peer");
  }

  /**
   * The map of every trace comes from the store's per-block digests; a filter that keeps every
   * trace reads the traces themselves. Both give the same map, from the head and from blocks.
   */
  @Test
  void theMapFromDigestsIsTheMapOfTheTraces() throws Exception {
    long minute = base / 60_000_000_000L * 60;
    String window = "start=" + minute + "&end=" + (minute + 600);
    String everyTrace = "q=" + encode("{ duration >= 0ms }") + "&" + window;
    assertThat(server.store()).isInstanceOf(EmbeddedTraceStore.class);
    for (String where : List.of("head", "blocks")) {
      JsonObject digested = get("/api/graph?" + window);
      JsonObject scanned = get("/api/graph?" + everyTrace);
      assertThat(digested.getString("from")).as(where).isEqualTo("digests");
      assertThat(scanned.getString("from")).as(where).isEqualTo("traces");
      assertThat(digested.getJsonArray("edges"))
          .as(where)
          .hasSize(scanned.getJsonArray("edges").size());
      assertThat(digested.getJsonArray("edges")).as(where).isEqualTo(scanned.getJsonArray("edges"));
      assertThat(digested.getJsonArray("nodes")).as(where).isEqualTo(scanned.getJsonArray("nodes"));
      ((EmbeddedTraceStore) server.store()).flush();
    }
  }

  /** RED from the digests counts what the spans sent count, from the head and from blocks. */
  @Test
  void redSeriesFromDigestsCountEveryRequestSent() throws Exception {
    long minute = base / 60_000_000_000L * 60;
    long start = minute * 1_000_000_000L;
    long end = start + 600 * 1_000_000_000L;
    RedMetrics sent = RedMetrics.create();
    traces.forEach(trace -> trace.forEach(sent::add));
    List<RedPoint> expected =
        sent.series("webapp", "", start, end + 1, 2 * RedMetrics.MINUTE_NANOS);
    assertThat(expected.stream().mapToLong(RedPoint::count).sum()).isEqualTo(30);
    for (String where : List.of("head", "blocks")) {
      JsonObject red =
          get("/api/metrics/red?service=webapp&step=2&start=" + minute + "&end=" + (minute + 600));
      assertThat(red.getString("from")).as(where).isEqualTo("digests");
      JsonArray points = red.getJsonArray("points");
      assertThat(points).as(where).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        JsonObject point = points.getJsonObject(i);
        RedPoint want = expected.get(i);
        assertThat(point.getString("startTimeUnixNano"))
            .isEqualTo(Long.toString(want.startNanos()));
        assertThat(point.getLong("count")).as(where).isEqualTo(want.count());
        assertThat(point.getLong("errors")).as(where).isEqualTo(want.errorCount());
        assertThat(point.getJsonObject("duration").getLong("p99Nanos"))
            .as(where)
            .isEqualTo(want.duration().p99Nanos());
      }
      ((EmbeddedTraceStore) server.store()).flush();
    }
  }

  @Test
  void compareShowsTheGapThatGrew() throws Exception {
    JsonObject diff = get("/api/compare?a=" + traceId(1) + "&b=" + traceId(3));
    assertThat(diff.getLong("durationDeltaNanos")).isEqualTo(99 * MS);
    assertThat(diff.getJsonArray("gapDifferences").getJsonObject(0).getLong("outboundDeltaNanos"))
        .isEqualTo(99 * MS);
  }

  private String traceId(int index) {
    return traces.get(index).get(0).traceId().toHex();
  }

  private JsonObject get(String path) throws Exception {
    HttpResponse<String> answer = raw(path);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  private HttpResponse<String> raw(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
