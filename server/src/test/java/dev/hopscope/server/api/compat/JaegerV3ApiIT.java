package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.assertKeys;
import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Jaeger's v3 API as Jaeger UI 2.x's search page decodes it, under both base paths. */
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
      JsonObject services = shop.json(base + "/services");
      assertKeys(services, "services");
      assertThat(services.getJsonArray("services").stream().toList())
          .containsExactly("auth", "webapp");
    }
    JsonArray operations =
        shop.json("/api/v3/operations?service=webapp").getJsonArray("operations");
    assertThat(operations).hasSize(3);
    for (Object item : operations) {
      JsonObject operation = (JsonObject) item;
      assertKeys(operation, "name", "spanKind");
      assertThat(operation.getString("spanKind")).isIn("server", "client");
    }
    assertThat(
            shop.json("/api/v3/operations?service=webapp&span_kind=server")
                .getJsonArray("operations"))
        .containsExactly(new JsonObject().put("name", "GET /products").put("spanKind", "server"));
    // Without a service Jaeger lists every service's operations.
    assertThat(shop.json("/api/v3/operations").getJsonArray("operations")).hasSize(5);
  }

  @Test
  void traceSummariesWithDecimalStringTimesAndCounts() throws Exception {
    JsonObject answer =
        shop.json(
            "/api/v3/trace-summaries?query.serviceName=auth&query.operationName=ValidateToken&"
                + window
                + "&query.attributes="
                + encode("{\"error\":\"true\"}")
                + "&query.searchDepth=20");
    assertKeys(answer, "summaries");
    JsonArray summaries = answer.getJsonArray("summaries");
    assertThat(summaries).hasSize(3);
    JsonObject summary = summaries.getJsonObject(0);
    assertKeys(
        summary,
        "traceId",
        "rootServiceName",
        "rootOperationName",
        "minStartTimeUnixNano",
        "maxEndTimeUnixNano",
        "spanCount",
        "errorSpanCount",
        "orphanSpanCount",
        "services");
    assertThat(summary.getString("traceId")).isEqualTo(shop.traceId(20)).matches("[0-9a-f]{32}");
    assertThat(summary.getString("rootServiceName")).isEqualTo("webapp");
    assertThat(summary.getString("rootOperationName")).isEqualTo("GET /products");
    assertThat(summary.getValue("minStartTimeUnixNano"))
        .isEqualTo(Long.toString(shop.base + 20 * 100 * CompatFixture.MS));
    assertThat(summary.getValue("maxEndTimeUnixNano")).isInstanceOf(String.class);
    assertThat(summary.getInteger("spanCount")).isEqualTo(5);
    assertThat(summary.getInteger("errorSpanCount")).isEqualTo(2);
    assertThat(summary.getInteger("orphanSpanCount")).isZero();
    JsonObject auth = summary.getJsonArray("services").getJsonObject(0);
    assertKeys(auth, "name", "spanCount", "errorSpanCount");
    assertThat(auth.getString("name")).isEqualTo("auth");
    assertThat(auth.getInteger("errorSpanCount")).isEqualTo(1);
  }

  @Test
  void snakeCaseParametersDurationsAndDepth() throws Exception {
    String snake =
        window.replace("startTimeMin", "start_time_min").replace("startTimeMax", "start_time_max");
    String base = "/jaeger/api/v3/trace-summaries?query.service_name=webapp&" + snake;
    assertThat(shop.json(base).getJsonArray("summaries")).hasSize(20);
    assertThat(shop.json(base + "&query.search_depth=50").getJsonArray("summaries")).hasSize(30);
    // Every third trace has a 100 ms gap, so its ValidateToken client span lasts > 100 ms.
    assertThat(
            shop.json(base + "&query.duration_min=100ms&query.search_depth=50")
                .getJsonArray("summaries"))
        .hasSize(10);
    assertThat(
            shop.json(base + "&query.durationMin=1.2s&query.operationName=ValidateToken")
                .getJsonArray("summaries"))
        .isEmpty();
  }

  @Test
  void tracesAsOtlpJsonInResult() throws Exception {
    JsonObject one = shop.json("/api/v3/traces/" + shop.traceId(4));
    assertKeys(one, "result");
    JsonArray resourceSpans = one.getJsonObject("result").getJsonArray("resourceSpans");
    assertThat(resourceSpans).hasSize(2);
    JsonObject span =
        resourceSpans
            .getJsonObject(0)
            .getJsonArray("scopeSpans")
            .getJsonObject(0)
            .getJsonArray("spans")
            .getJsonObject(0);
    assertThat(span.getString("traceId")).isEqualTo(shop.traceId(4));
    assertThat(span.getValue("startTimeUnixNano")).isInstanceOf(String.class);

    JsonObject found =
        shop.json(
            "/jaeger/api/v3/traces?query.service_name=auth&"
                + window
                + "&query.attributes="
                + encode("{\"error\":\"true\"}"));
    int spans = 0;
    for (Object rs : found.getJsonObject("result").getJsonArray("resourceSpans")) {
      for (Object ss : ((JsonObject) rs).getJsonArray("scopeSpans")) {
        spans += ((JsonObject) ss).getJsonArray("spans").size();
      }
    }
    assertThat(spans).isEqualTo(15);
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
    JsonObject body = new JsonObject(answer.body());
    assertKeys(body, "error");
    assertKeys(body.getJsonObject("error"), "httpCode", "message");
    assertThat(body.getJsonObject("error").getInteger("httpCode")).isEqualTo(status);
    assertThat(body.getJsonObject("error").getString("message")).contains(mentions);
  }
}
