package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.MS;
import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hopscope.server.api.compat.JaegerModel.Operation;
import dev.hopscope.server.api.compat.JaegerV3Model.ErrorDetails;
import dev.hopscope.server.api.compat.JaegerV3Model.GatewayError;
import dev.hopscope.server.api.compat.JaegerV3Model.Operations;
import dev.hopscope.server.api.compat.JaegerV3Model.Result;
import dev.hopscope.server.api.compat.JaegerV3Model.ServiceSummary;
import dev.hopscope.server.api.compat.JaegerV3Model.Services;
import dev.hopscope.server.api.compat.JaegerV3Model.Summaries;
import dev.hopscope.server.api.compat.JaegerV3Model.TraceSummary;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jaeger's v3 API as Jaeger UI 2.x's search page decodes it, under both base paths: answers go
 * through {@link JaegerDecoder} into {@link JaegerV3Model}, OTLP traces through protobuf JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerV3ApiIT {
  @TempDir static Path dataDir;

  private CompatFixture shop;
  private String window;

  @BeforeAll
  void load() throws Exception {
    shop = new CompatFixture(dataDir);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // RFC 3339 with millis and Z, as the UI formats them.
    window =
        "query.startTimeMin="
            + encode(now.minusSeconds(3600).plusMillis(1).toString())
            + "&query.startTimeMax="
            + encode(now.plusMillis(1).toString());
  }

  @AfterAll
  void stop() {
    shop.close();
  }

  @Test
  void servicesAndOperationsWithLowerCaseKinds() throws Exception {
    for (String base : new String[] {"/api/v3", "/jaeger/api/v3"}) {
      assertThat(decode(base + "/services", Services.class).services())
          .containsExactly("auth", "webapp");
    }
    List<Operation> operations = operations("/api/v3/operations?service=webapp");
    assertThat(operations).hasSize(3);
    assertThat(operations)
        .extracting(Operation::spanKind)
        .allMatch(k -> k.matches("server|client"));
    assertThat(operations("/api/v3/operations?service=webapp&span_kind=server"))
        .containsExactly(new Operation("GET /products", "server"));
    // Without a service Jaeger lists every service's operations.
    assertThat(operations("/api/v3/operations")).hasSize(5);
  }

  private List<Operation> operations(String path) throws Exception {
    return decode(path, Operations.class).operations();
  }

  private <T> T decode(String path, Class<T> type) throws Exception {
    return JaegerDecoder.decode(shop.jsonText(path), type);
  }

  private List<TraceSummary> summaries(String path) throws Exception {
    return decode(path, Summaries.class).summaries();
  }

  @Test
  void traceSummariesWithDecimalStringTimesAndCounts() throws Exception {
    List<TraceSummary> summaries =
        summaries(
            "/api/v3/trace-summaries?query.serviceName=auth&query.operationName=ValidateToken&"
                + window
                + "&query.attributes="
                + encode("{\"error\":\"true\"}")
                + "&query.searchDepth=20");
    assertThat(summaries).hasSize(3);
    TraceSummary summary = summaries.get(0);
    assertThat(summary.traceId()).isEqualTo(shop.traceId(20)).matches("[0-9a-f]{32}");
    assertThat(summary.rootServiceName()).isEqualTo("webapp");
    assertThat(summary.rootOperationName()).isEqualTo("GET /products");
    long start = shop.base + 20 * 100 * CompatFixture.MS;
    assertThat(summary.minStartTimeUnixNano()).isEqualTo(Long.toString(start));
    assertThat(Long.parseLong(summary.maxEndTimeUnixNano())).isEqualTo(start + 33 * MS);
    assertThat(summary.spanCount()).isEqualTo(5);
    assertThat(summary.errorSpanCount()).isEqualTo(2);
    assertThat(summary.orphanSpanCount()).isZero();
    assertThat(summary.services())
        .containsExactly(new ServiceSummary("auth", 2, 1), new ServiceSummary("webapp", 3, 1));
  }

  @Test
  void snakeCaseParametersDurationsAndDepth() throws Exception {
    String snake =
        window.replace("startTimeMin", "start_time_min").replace("startTimeMax", "start_time_max");
    String base = "/jaeger/api/v3/trace-summaries?query.service_name=webapp&" + snake;
    assertThat(summaries(base)).hasSize(20);
    assertThat(summaries(base + "&query.search_depth=50")).hasSize(30);
    // Every third trace has a 100 ms gap, so its ValidateToken client span lasts > 100 ms.
    assertThat(summaries(base + "&query.duration_min=100ms&query.search_depth=50")).hasSize(10);
    assertThat(summaries(base + "&query.durationMin=1.2s&query.operationName=ValidateToken"))
        .isEmpty();
  }

  @Test
  void tracesAsOtlpJsonInResult() throws Exception {
    JsonNode one = decode("/api/v3/traces/" + shop.traceId(4), Result.class).result();
    assertThat(spans(one)).hasSize(5);
    assertThat(one.get("resourceSpans")).hasSize(2);
    // OTLP JSON: hex ids and decimal-string times, which a protobuf decoder alone cannot tell.
    JsonNode span = one.at("/resourceSpans/0/scopeSpans/0/spans/0");
    assertThat(span.get("traceId").textValue()).isEqualTo(shop.traceId(4));
    assertThat(span.get("startTimeUnixNano").isTextual()).isTrue();

    JsonNode found =
        decode(
                "/jaeger/api/v3/traces?query.service_name=auth&"
                    + window
                    + "&query.attributes="
                    + encode("{\"error\":\"true\"}"),
                Result.class)
            .result();
    assertThat(spans(found)).hasSize(15);
  }

  /** Spans of OTLP JSON, decoded strictly: a key OTLP does not declare fails. */
  private static List<Span> spans(JsonNode result) throws Exception {
    List<Span> spans = new ArrayList<>();
    TracesData data = TempoDecoder.decode(result.toString(), TracesData.getDefaultInstance());
    data.getResourceSpansList()
        .forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
    return spans;
  }

  @Test
  void errorsAsGrpcGatewayErrors() throws Exception {
    assertError("/api/v3/traces/" + "ab".repeat(16), 404, "not found");
    assertError("/api/v3/traces/zz", 400, "trace id");
    assertError("/api/v3/capabilities", 404, "no API");
    assertError("/jaeger/api/v3/capabilities", 404, "no API");
    assertError("/api/v3/trace-summaries?query.service_name=auth", 400, "start_time_min");
    Instant now = Instant.now();
    assertError(
        "/api/v3/trace-summaries?query.start_time_min="
            + encode(now.toString())
            + "&query.start_time_max="
            + encode(now.minusSeconds(1).toString()),
        400,
        "before");
    String instant = encode(now.toString());
    assertError(
        "/api/v3/trace-summaries?query.start_time_min="
            + instant
            + "&query.start_time_max="
            + instant,
        400,
        "before");
    assertError(
        "/api/v3/trace-summaries?query.start_time_min=yesterday&query.start_time_max=now",
        400,
        "RFC 3339");
    assertError("/api/v3/trace-summaries?" + window + "&query.duration_min=5", 400, "duration");
    assertError("/api/v3/traces?query.service_name=nobody&" + window, 404, "No traces found");
  }

  private void assertError(String path, int status, String mentions) throws Exception {
    HttpResponse<String> answer = shop.get(path);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    ErrorDetails error = JaegerDecoder.decode(answer.body(), GatewayError.class).error();
    assertThat(error.httpCode()).isEqualTo(status);
    assertThat(error.message()).contains(mentions);
  }
}
