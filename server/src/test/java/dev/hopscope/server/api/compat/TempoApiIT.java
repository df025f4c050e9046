package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.MS;
import static dev.hopscope.server.api.compat.CompatFixture.assertKeys;
import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tempo's API as Grafana's Tempo data source decodes it: strict protobuf JSON for search (no
 * unknown keys, integers never as floats), protobuf {@code TraceByIDResponse} for traces, scoped
 * tags and typed tag values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempoApiIT {
  private static final Set<String> METRIC_KEYS =
      Set.of(
          "inspectedTraces",
          "inspectedBytes",
          "totalBlocks",
          "completedJobs",
          "totalJobs",
          "totalBlockBytes",
          "inspectedSpans");

  @TempDir static Path dataDir;

  private CompatFixture shop;
  private String window;

  @BeforeAll
  void load() throws Exception {
    shop = new CompatFixture(dataDir);
    long now = System.currentTimeMillis() / 1000;
    window = "&start=" + (now - 3600) + "&end=" + now;
  }

  @AfterAll
  void stop() {
    shop.close();
  }

  @Test
  void echoAndBuildInfoForSaveAndTest() throws Exception {
    HttpResponse<String> echo = shop.get("/tempo/api/echo");
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(echo.body()).isEqualTo("echo");
    assertThat(shop.json("/tempo/api/status/buildinfo").getString("version")).startsWith("2.");
  }

  @Test
  void traceQlSearchDecodesStrictly() throws Exception {
    // '+' is a space in query strings, as Grafana encodes them.
    JsonObject answer = shop.json("/tempo/api/search?q=%7B+status+%3D+error+%7D" + window);
    assertKeys(answer, "traces", "metrics");
    assertThat(METRIC_KEYS).containsAll(answer.getJsonObject("metrics").fieldNames());
    assertThat(answer.getJsonObject("metrics").getValue("inspectedTraces"))
        .isInstanceOf(Integer.class);
    JsonArray traces = answer.getJsonArray("traces");
    assertThat(traces).hasSize(3);
    JsonObject trace = traces.getJsonObject(0);
    assertKeys(
        trace,
        "traceID",
        "rootServiceName",
        "rootTraceName",
        "startTimeUnixNano",
        "durationMs",
        "spanSet",
        "spanSets");
    assertThat(shop.traceId(20)).endsWith(trace.getString("traceID"));
    assertThat(trace.getString("traceID")).doesNotStartWith("0");
    assertThat(trace.getString("rootServiceName")).isEqualTo("webapp");
    assertThat(trace.getString("rootTraceName")).isEqualTo("GET /products");
    assertThat(trace.getValue("startTimeUnixNano"))
        .isEqualTo(Long.toString(shop.base + 20 * 100 * MS));
    assertThat(trace.getValue("durationMs")).isEqualTo(33);
    JsonObject spanSet = trace.getJsonArray("spanSets").getJsonObject(0);
    assertThat(trace.getJsonObject("spanSet")).isEqualTo(spanSet);
    assertKeys(spanSet, "spans", "matched");
    assertThat(spanSet.getInteger("matched")).isEqualTo(2);
    JsonObject span = spanSet.getJsonArray("spans").getJsonObject(0);
    assertKeys(span, "spanID", "name", "startTimeUnixNano", "durationNanos", "attributes");
    assertThat(span.getString("spanID")).matches("[0-9a-f]{16}");
    assertThat(span.getValue("durationNanos")).isInstanceOf(String.class);
    JsonObject service = span.getJsonArray("attributes").getJsonObject(0);
    assertKeys(service, "key", "value");
    assertThat(service.getJsonObject("value").getString("stringValue")).isEqualTo("webapp");
  }

  @Test
  void theTenantHeaderSelectsTheData() throws Exception {
    String search = "/tempo/api/search?q=" + encode("{ }") + window;
    HttpResponse<String> other = shop.getAsTenant(search, "team-b");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(other.body()).getJsonArray("traces")).isEmpty();
    HttpResponse<String> own = shop.getAsTenant(search, "single-tenant");
    assertThat(new JsonObject(own.body()).getJsonArray("traces")).hasSize(20);
    assertThat(shop.getAsTenant("/tempo/api/v2/traces/" + shop.traceId(1), "team-b").statusCode())
        .isEqualTo(404);
  }

  @Test
  void defaultsAreTwentyTracesAndThreeSpansPerSpanset() throws Exception {
    JsonArray traces =
        shop.json("/tempo/api/search?q=" + encode("{ }") + window).getJsonArray("traces");
    assertThat(traces).hasSize(20);
    JsonObject spanSet = traces.getJsonObject(0).getJsonArray("spanSets").getJsonObject(0);
    assertThat(spanSet.getInteger("matched")).isEqualTo(5);
    assertThat(spanSet.getJsonArray("spans")).hasSize(3);
    JsonObject more =
        shop.json("/tempo/api/search?q=" + encode("{ }") + "&limit=50&spss=10" + window);
    assertThat(more.getJsonArray("traces")).hasSize(30);
    assertThat(
            more.getJsonArray("traces")
                .getJsonObject(0)
                .getJsonArray("spanSets")
                .getJsonObject(0)
                .getJsonArray("spans"))
        .hasSize(5);
  }

  @Test
  void legacyTagSearchWithTraceDurations() throws Exception {
    String tags = encode("service.name=auth user.tier=gold");
    JsonArray slow =
        shop.json("/tempo/api/search?tags=" + tags + "&minDuration=100ms&limit=50" + window)
            .getJsonArray("traces");
    assertThat(slow).hasSize(10);
    JsonArray fast =
        shop.json("/tempo/api/search?tags=" + tags + "&maxDuration=100ms&limit=50" + window)
            .getJsonArray("traces");
    assertThat(fast).hasSize(20);
  }

  @Test
  void badQueriesArePlainText400s() throws Exception {
    HttpResponse<String> bad = shop.get("/tempo/api/search?q=" + encode("{ duration > }"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(bad.body()).contains("TraceQL");
    assertThat(shop.get("/tempo/api/search?minDuration=soon").statusCode()).isEqualTo(400);
    assertThat(shop.get("/tempo/api/metrics/query_range").statusCode()).isEqualTo(404);
    assertThat(shop.get("/tempo/api/search?tags=" + encode("a=\"open")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void traceByIdAsProtobufWithEveryMessagePresent() throws Exception {
    String id = shop.traceId(5);
    HttpResponse<byte[]> answer =
        shop.getBytes("/tempo/api/v2/traces/" + id, "application/protobuf");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type")).hasValue("application/protobuf");
    // TraceByIDResponse: 1 trace, 3 status, 4 message; tempopb.Trace has the OTLP field 1.
    CodedInputStream input = CodedInputStream.newInstance(answer.body());
    ByteString trace = null;
    for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
      assertThat(tag >>> 3).isIn(1, 3, 4);
      if (tag >>> 3 == 1) {
        trace = input.readBytes();
      } else {
        input.skipField(tag);
      }
    }
    assertThat(trace).isNotNull();
    List<Span> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : TracesData.parseFrom(trace).getResourceSpansList()) {
      assertThat(resourceSpans.hasResource()).isTrue();
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        assertThat(scopeSpans.hasScope()).isTrue();
        spans.addAll(scopeSpans.getSpansList());
      }
    }
    assertThat(spans).hasSize(5).allMatch(Span::hasStatus);
    assertThat(spans).filteredOn(s -> s.getParentSpanId().isEmpty()).hasSize(1);
    assertThat(spans.get(0).getTraceId().size()).isEqualTo(16);

    HttpResponse<byte[]> v1 = shop.getBytes("/tempo/api/traces/" + id, "application/protobuf");
    assertThat(TracesData.parseFrom(v1.body()).getResourceSpansCount()).isEqualTo(2);
  }

  @Test
  void traceByIdAsJsonWithLenientIds() throws Exception {
    String id = shop.traceId(6);
    JsonObject v1 = shop.json("/tempo/api/traces/" + id.toUpperCase());
    assertKeys(v1, "batches");
    assertThat(v1.getJsonArray("batches")).hasSize(2);
    JsonObject v2 = shop.json("/tempo/api/v2/traces/" + TempoSearchJson.withoutLeadingZeros(id));
    assertKeys(v2, "trace");
    assertThat(v2.getJsonObject("trace").getJsonArray("resourceSpans")).hasSize(2);
    HttpResponse<String> missing = shop.get("/tempo/api/v2/traces/" + "ab".repeat(16));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(
            shop.getBytes("/tempo/api/traces/" + "ab".repeat(16), "application/protobuf")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void scopedTagNamesWithoutPrefixes() throws Exception {
    JsonObject answer = shop.json("/tempo/api/v2/search/tags?limit=5000" + window);
    assertKeys(answer, "scopes");
    List<String> names = new ArrayList<>();
    for (Object item : answer.getJsonArray("scopes")) {
      JsonObject scope = (JsonObject) item;
      assertKeys(scope, "name", "tags");
      names.add(scope.getString("name"));
      if (scope.getString("name").equals("resource")) {
        assertThat(scope.getJsonArray("tags").stream().toList())
            .contains("service.name", "host.name");
      }
      if (scope.getString("name").equals("span")) {
        assertThat(scope.getJsonArray("tags").stream().toList())
            .contains("http.route", "db.system");
      }
    }
    assertThat(names).containsExactly("resource", "span", "intrinsic");
    assertThat(
            shop.json("/tempo/api/search/tags" + "?x=1" + window).getJsonArray("tagNames").stream()
                .toList())
        .contains("service.name", "http.route");
  }

  @Test
  void typedTagValuesFilteredByTheQueryTypedSoFar() throws Exception {
    JsonArray services =
        shop.json("/tempo/api/v2/search/tag/resource.service.name/values?limit=5000" + window)
            .getJsonArray("tagValues");
    assertThat(services)
        .containsExactly(
            new JsonObject().put("type", "string").put("value", "auth"),
            new JsonObject().put("type", "string").put("value", "webapp"));
    JsonArray codes =
        shop.json("/tempo/api/v2/search/tag/span.http.response.status_code/values?" + window)
            .getJsonArray("tagValues");
    assertThat(codes)
        .containsExactly(
            new JsonObject().put("type", "int").put("value", "200"),
            new JsonObject().put("type", "int").put("value", "401"));
    assertThat(
            shop.json("/tempo/api/v2/search/tag/.host.name/values?" + window)
                .getJsonArray("tagValues"))
        .containsExactly(
            new JsonObject().put("type", "string").put("value", "host-a"),
            new JsonObject().put("type", "string").put("value", "host-b"));
    assertThat(shop.json("/tempo/api/v2/search/tag/status/values").getJsonArray("tagValues"))
        .contains(new JsonObject().put("type", "keyword").put("value", "error"));
    // A half-typed query keeps its complete matchers and never fails.
    String q = encode("{ resource.service.name = \"auth\" && name = ");
    JsonArray hosts =
        shop.json(
                "/tempo/api/v2/search/tag/resource.host.name/values?q="
                    + q
                    + "&tag=resource.host.name"
                    + window)
            .getJsonArray("tagValues");
    assertThat(hosts)
        .containsExactly(new JsonObject().put("type", "string").put("value", "host-b"));
    assertThat(
            shop
                .json("/tempo/api/search/tag/name/values?" + window.substring(1))
                .getJsonArray("tagValues")
                .stream()
                .toList())
        .contains("GET /products", "ValidateToken");
  }
}
