package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import dev.hopscope.server.config.TenantLimits;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-tenant spans/s, bytes per trace and search windows, against a real server: each refusal names
 * the tenant, the limit and the fix, is counted by reason, and other tenants are unaffected.
 */
class TenantLimitsIT {
  private static final Duration WEEK = Duration.ofDays(7);
  private static final long TRACE_LIMIT = 3_500; // three spans with a 1,000-character attribute

  @TempDir Path dir;
  private HopscopeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    ServerConfig config = ServerConfig.forTests(dir, Map.of(Setting.MAX_SEARCH_WINDOW, "1h"));
    TenantLimits limits =
        config
            .tenantLimits()
            .withOverride(
                "spans", new TenantLimits.Limits(0, 0, 10, 10, 0, Duration.ofHours(1), WEEK, 0))
            .withOverride(
                "big",
                new TenantLimits.Limits(0, 0, 0, 0, TRACE_LIMIT, Duration.ofHours(1), WEEK, 0))
            .withOverride(
                "wide", new TenantLimits.Limits(0, 0, 0, 0, 0, Duration.ofDays(30), WEEK, 0));
    server = HopscopeServer.start(config.withTenantLimits(limits));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aTenantOverItsSpansPerSecondGets429NamingItsLimitAndOthersDoNot() throws Exception {
    assertThat(otlp("spans", spans("0a", 10, 10)).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> refused = otlp("spans", spans("0b", 5, 10));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(new String(refused.body(), StandardCharsets.UTF_8))
        .contains("tenant \"spans\"", "limit of 10 spans/s", "limits.tenantSpansPerSecond")
        .contains("overrides.spans.limits", "send less");
    assertThat(otlp("other", spans("0c", 50, 10)).statusCode()).isEqualTo(200);
    assertThat(scrape())
        .contains(
            "hopscope_rejected_requests_total{protocol=\"otlp_http_protobuf\","
                + "reason=\"tenant_span_rate_limited\"} 1.0");
  }

  @Test
  void aTraceAtItsTenantsByteLimitKeepsWhatItHasAndItsFurtherSpansAreRefused() throws Exception {
    // Five spans of trace 1d, one of trace 2d: three of 1d fit, two are refused (partial success).
    Span.Builder[] spans = concat(spans("1d", 5, 1_000), spans("2d", 1, 1_000));
    HttpResponse<byte[]> answer = otlp("big", spans);
    assertThat(answer.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse partial = ExportTraceServiceResponse.parseFrom(answer.body());
    assertThat(partial.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
    assertThat(partial.getPartialSuccess().getErrorMessage())
        .contains("trace " + traceHex("1d"), "limit of " + TRACE_LIMIT + " bytes per trace")
        .contains("limits.maxBytesPerTrace", "overrides.big.limits.maxBytesPerTrace")
        .contains("spans accepted before are kept");
    assertThat(trace("big", "1d").spans()).hasSize(3);
    assertThat(trace("big", "2d").spans()).hasSize(1);
    // A later span of the full trace is refused too; the trace keeps its three.
    assertThat(
            ExportTraceServiceResponse.parseFrom(otlp("big", spans("1d", 1, 1_000)).body())
                .getPartialSuccess()
                .getRejectedSpans())
        .isEqualTo(1);
    assertThat(trace("big", "1d").spans()).hasSize(3);
    // Another tenant's trace of the same size is whole.
    otlp("other", spans("1d", 5, 1_000));
    assertThat(trace("other", "1d").spans()).hasSize(5);
    assertThat(scrape())
        .contains(
            "hopscope_rejected_spans_total{protocol=\"otlp_http_protobuf\","
                + "reason=\"trace_too_large\"} 3.0");
  }

  @Test
  void zipkinHasNoPartialSuccessSoATraceTooLargeRefusesTheRequestWhole() throws Exception {
    StringBuilder json = new StringBuilder("[");
    for (int i = 1; i <= 4; i++) {
      json.append(i > 1 ? "," : "")
          .append("{\"traceId\":\"")
          .append(traceHex("3d"))
          .append("\",\"id\":\"000000000000000")
          .append(i)
          .append("\",\"name\":\"get\",\"timestamp\":")
          .append(Requests.START / 1000)
          .append(",\"duration\":1000,\"localEndpoint\":{\"serviceName\":\"webapp\"},")
          .append("\"tags\":{\"pad\":\"")
          .append("z".repeat(1_000))
          .append("\"}}");
    }
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans"))
                .header("Content-Type", "application/json")
                .header("X-Scope-OrgID", "big")
                .POST(HttpRequest.BodyPublishers.ofString(json.append("]").toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body())
        .contains("nothing of this request was kept", "trace " + traceHex("3d"))
        .contains("limits.maxBytesPerTrace");
    assertThat(server.store().trace("big", TraceId.fromHex(traceHex("3d")))).isEmpty();
    // Nothing was counted to the trace either: a request that fits is accepted.
    assertThat(otlp("big", spans("3d", 3, 1_000)).statusCode()).isEqualTo(200);
    assertThat(trace("big", "3d").spans()).hasSize(3);
  }

  @Test
  void aSearchLongerThanItsTenantsWindowIsRefusedOnEverySearchApi() throws Exception {
    long end = System.currentTimeMillis() / 1000;
    long start = end - 2 * 3600;
    String q = URLEncoder.encode("{ }", StandardCharsets.UTF_8);
    String rate = URLEncoder.encode("{ } | rate()", StandardCharsets.UTF_8);
    String[] searches = {
      "/api/search?q=" + q + "&start=" + start + "&end=" + end,
      "/tempo/api/search?q=" + q + "&start=" + start + "&end=" + end,
      "/jaeger/api/traces?service=webapp&start=" + start * 1_000_000 + "&end=" + end * 1_000_000,
      "/api/v3/traces?query.service_name=webapp&query.start_time_min="
          + java.time.Instant.ofEpochSecond(start)
          + "&query.start_time_max="
          + java.time.Instant.ofEpochSecond(end),
      "/tempo/api/metrics/query_range?q=" + rate + "&start=" + start + "&end=" + end,
    };
    for (String search : searches) {
      HttpResponse<String> narrow = get("narrow", search);
      assertThat(narrow.statusCode()).as(search).isEqualTo(400);
      assertThat(narrow.body().replace("\\\"", "\""))
          .as(search)
          .containsPattern("the search covers (2h|121m), longer than")
          .contains("tenant \"narrow\"'s limit of 1h", "limits.maxSearchWindow")
          .contains("narrow the time range");
      // Jaeger v3 answers an empty result 404; what matters is that the window was allowed.
      HttpResponse<String> wide = get("wide", search);
      assertThat(wide.statusCode()).as("wide: " + search).isIn(200, 404);
      assertThat(wide.body()).doesNotContain("maxSearchWindow");
    }
    assertThat(
            get("narrow", "/api/search?q=" + q + "&start=" + (end - 600) + "&end=" + end)
                .statusCode())
        .isEqualTo(200);
    assertThat(scrape())
        .contains(
            "hopscope_rejected_queries_total{reason=\"search_window_too_long\"} "
                + searches.length
                + ".0");
  }

  private Trace trace(String tenant, String id) {
    return server.store().trace(tenant, TraceId.fromHex(traceHex(id))).orElseThrow();
  }

  /** A trace id ending in {@code suffix}. */
  private static String traceHex(String suffix) {
    return "5b8efff798038103d269b633813fc6" + suffix;
  }

  /** {@code count} spans of trace {@code suffix}, each with a {@code pad}-character attribute. */
  private static Span.Builder[] spans(String suffix, int count, int pad) {
    Span.Builder[] spans = new Span.Builder[count];
    for (int i = 0; i < count; i++) {
      spans[i] =
          Requests.validSpan()
              .setTraceId(Requests.bytes(traceHex(suffix)))
              .setSpanId(Requests.bytes(String.format("%016x", 0x100 + i)))
              .addAttributes(Requests.attribute("pad0", "y".repeat(pad)));
    }
    return spans;
  }

  private static Span.Builder[] concat(Span.Builder[] a, Span.Builder[] b) {
    Span.Builder[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private HttpResponse<byte[]> otlp(String tenant, Span.Builder... spans) throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .header("X-Scope-OrgID", tenant)
            .POST(HttpRequest.BodyPublishers.ofByteArray(Requests.protobuf(spans)))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> get(String tenant, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("X-Scope-OrgID", tenant)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String scrape() {
    return new String(server.metrics().scrape(), StandardCharsets.UTF_8);
  }
}
