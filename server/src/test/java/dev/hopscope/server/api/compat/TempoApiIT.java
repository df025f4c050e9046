package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.MS;
import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.hopscope.server.api.compat.tempopb.SearchResponse;
import dev.hopscope.server.api.compat.tempopb.SearchTagValuesResponse;
import dev.hopscope.server.api.compat.tempopb.SearchTagValuesV2Response;
import dev.hopscope.server.api.compat.tempopb.SearchTagsResponse;
import dev.hopscope.server.api.compat.tempopb.SearchTagsV2Response;
import dev.hopscope.server.api.compat.tempopb.SearchTagsV2Scope;
import dev.hopscope.server.api.compat.tempopb.Span;
import dev.hopscope.server.api.compat.tempopb.SpanSet;
import dev.hopscope.server.api.compat.tempopb.TagValue;
import dev.hopscope.server.api.compat.tempopb.Trace;
import dev.hopscope.server.api.compat.tempopb.TraceByIDResponse;
import dev.hopscope.server.api.compat.tempopb.TraceSearchMetadata;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tempo's API as Grafana's Tempo data source decodes it: every JSON answer goes through {@link
 * TempoDecoder} into Tempo's message shapes (unknown keys and mistyped values fail), traces by id
 * through the binary {@code TraceByIDResponse} ({@link TempoTraces}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempoApiIT {
  /** The scopes Tempo lists; Grafana's editor knows no others. */
  private static final Set<String> SCOPES =
      Set.of("resource", "span", "event", "link", "instrumentation", "intrinsic");

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

  private <M extends Message> M decode(String path, M prototype) throws Exception {
    return TempoDecoder.decode(shop.jsonText(path), prototype);
  }

  private SearchResponse search(String path) throws Exception {
    return decode(path, SearchResponse.getDefaultInstance());
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
    String path = "/tempo/api/search?q=%7B+status+%3D+error+%7D" + window;
    SearchResponse answer = search(path);
    // Only SearchMetrics' keys decode; a count the search did not inspect would read as zero.
    assertThat(answer.hasMetrics()).isTrue();
    assertThat(answer.getMetrics().getInspectedTraces()).isPositive();
    assertThat(answer.getTracesList()).hasSize(3);
    TraceSearchMetadata trace = answer.getTraces(0);
    assertThat(shop.traceId(20)).endsWith(trace.getTraceID());
    assertThat(trace.getTraceID()).doesNotStartWith("0");
    assertThat(trace.getRootServiceName()).isEqualTo("webapp");
    assertThat(trace.getRootTraceName()).isEqualTo("GET /products");
    assertThat(trace.getStartTimeUnixNano()).isEqualTo(shop.base + 20 * 100 * MS);
    assertThat(trace.getDurationMs()).isEqualTo(33);
    // Older Grafana releases read the deprecated spanSet, newer ones spanSets.
    assertThat(trace.hasSpanSet()).isTrue();
    assertThat(trace.getSpanSet()).isEqualTo(trace.getSpanSets(0));
    SpanSet spanSet = trace.getSpanSets(0);
    assertThat(spanSet.getMatched()).isEqualTo(2);
    Span span = spanSet.getSpans(0);
    assertThat(span.getSpanID()).matches("[0-9a-f]{16}");
    assertThat(span.getName()).isNotEmpty();
    assertThat(span.getDurationNanos()).isPositive();
    assertThat(span.getAttributes(0).getKey()).isEqualTo("service.name");
    assertThat(span.getAttributes(0).getValue().getStringValue()).isEqualTo("webapp");

    // Nanosecond times exceed 2^53: as JSON numbers the browser would round them.
    JsonObject raw = new JsonObject(shop.jsonText(path)).getJsonArray("traces").getJsonObject(0);
    assertThat(raw.getValue("startTimeUnixNano")).isInstanceOf(String.class);
    JsonObject rawSpan = raw.getJsonObject("spanSet").getJsonArray("spans").getJsonObject(0);
    assertThat(rawSpan.getValue("startTimeUnixNano")).isInstanceOf(String.class);
  }

  @Test
  void theTenantHeaderSelectsTheData() throws Exception {
    String search = "/tempo/api/search?q=" + encode("{ }") + window;
    HttpResponse<String> other = shop.getAsTenant(search, "team-b");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(
            TempoDecoder.decode(other.body(), SearchResponse.getDefaultInstance()).getTracesList())
        .isEmpty();
    HttpResponse<String> own = shop.getAsTenant(search, "single-tenant");
    assertThat(TempoDecoder.decode(own.body(), SearchResponse.getDefaultInstance()).getTracesList())
        .hasSize(20);
    assertThat(shop.getAsTenant("/tempo/api/v2/traces/" + shop.traceId(1), "team-b").statusCode())
        .isEqualTo(404);
  }

  @Test
  void defaultsAreTwentyTracesAndThreeSpansPerSpanset() throws Exception {
    SearchResponse first = search("/tempo/api/search?q=" + encode("{ }") + window);
    assertThat(first.getTracesList()).hasSize(20);
    SpanSet spanSet = first.getTraces(0).getSpanSets(0);
    assertThat(spanSet.getMatched()).isEqualTo(5);
    assertThat(spanSet.getSpansList()).hasSize(3);
    SearchResponse more =
        search("/tempo/api/search?q=" + encode("{ }") + "&limit=50&spss=10" + window);
    assertThat(more.getTracesList()).hasSize(30);
    assertThat(more.getTraces(0).getSpanSets(0).getSpansList()).hasSize(5);
  }

  @Test
  void legacyTagSearchWithTraceDurations() throws Exception {
    String tags = encode("service.name=auth user.tier=gold");
    String search = "/tempo/api/search?tags=" + tags + "&limit=50" + window;
    assertThat(search(search + "&minDuration=100ms").getTracesList()).hasSize(10);
    assertThat(search(search + "&maxDuration=100ms").getTracesList()).hasSize(20);
  }

  @Test
  void badQueriesArePlainText400s() throws Exception {
    HttpResponse<String> bad = shop.get("/tempo/api/search?q=" + encode("{ duration > }"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(bad.body()).contains("TraceQL");
    assertThat(shop.get("/tempo/api/search?minDuration=soon").statusCode()).isEqualTo(400);
    HttpResponse<String> noQuery = shop.get("/tempo/api/metrics/query_range");
    assertThat(noQuery.statusCode()).isEqualTo(400);
    assertThat(noQuery.body()).contains("parameter q is required");
    assertThat(shop.get("/tempo/api/overrides").statusCode()).isEqualTo(404);
    assertThat(shop.get("/tempo/api/search?tags=" + encode("a=\"open")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void traceByIdAsProtobufWithEveryMessagePresent() throws Exception {
    String id = shop.traceId(5);
    HttpResponse<byte[]> answer = shop.getBytes("/tempo/api/v2/traces/" + id, TempoApi.PROTOBUF);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type")).hasValue("application/protobuf");
    List<io.opentelemetry.proto.trace.v1.Span> spans = TempoTraces.spans(answer.body());
    assertThat(spans).hasSize(5);
    assertThat(spans).filteredOn(s -> s.getParentSpanId().isEmpty()).hasSize(1);
    assertThat(HexFormat.of().formatHex(spans.get(0).getTraceId().toByteArray())).isEqualTo(id);

    // Grafana strips leading zeros and users paste upper case; both name the same trace.
    String zeros =
        IntStream.range(0, 30)
            .mapToObj(shop::traceId)
            .filter(t -> t.startsWith("0"))
            .findFirst()
            .orElse(id);
    for (String lenient : List.of(id.toUpperCase(), TempoSearchJson.withoutLeadingZeros(zeros))) {
      HttpResponse<byte[]> same =
          shop.getBytes("/tempo/api/v2/traces/" + lenient, TempoApi.PROTOBUF);
      assertThat(same.statusCode()).as(lenient).isEqualTo(200);
      assertThat(TempoTraces.spans(same.body())).hasSize(5);
    }
    String unknown = "/tempo/api/v2/traces/" + "ab".repeat(16);
    assertThat(shop.getBytes(unknown, TempoApi.PROTOBUF).statusCode()).isEqualTo(404);

    // v1 answers the bare tempopb.Trace.
    HttpResponse<byte[]> v1 = shop.getBytes("/tempo/api/traces/" + id, TempoApi.PROTOBUF);
    Trace trace = Trace.parseFrom(v1.body());
    assertThat(trace.getUnknownFields().asMap()).isEmpty();
    assertThat(trace.getResourceSpansList()).hasSize(2);
    assertThat(TempoTraces.spans(trace)).hasSize(5);
    String unknownV1 = "/tempo/api/traces/" + "ab".repeat(16);
    assertThat(shop.getBytes(unknownV1, TempoApi.PROTOBUF).statusCode()).isEqualTo(404);
  }

  @Test
  void traceByIdAsJsonWithLenientIds() throws Exception {
    String id = shop.traceId(6);
    JsonObject v1 = shop.json("/tempo/api/traces/" + id.toUpperCase());
    assertThat(v1.fieldNames()).containsExactly("batches");
    assertThat(v1.getJsonArray("batches")).hasSize(2);
    TraceByIDResponse v2 =
        decode(
            "/tempo/api/v2/traces/" + TempoSearchJson.withoutLeadingZeros(id),
            TraceByIDResponse.getDefaultInstance());
    assertThat(v2.getTrace().getResourceSpansList()).hasSize(2);
    // Ids are protobuf bytes, so base64 in JSON as Tempo writes them: they decode to the very id.
    var spans =
        v2.getTrace().getResourceSpansList().stream()
            .flatMap(r -> r.getScopeSpansList().stream())
            .flatMap(s -> s.getSpansList().stream())
            .toList();
    assertThat(spans).hasSize(5);
    assertThat(spans)
        .allSatisfy(
            span -> {
              assertThat(java.util.HexFormat.of().formatHex(span.getTraceId().toByteArray()))
                  .isEqualTo(id);
              assertThat(span.getSpanId().size()).isEqualTo(8);
            });
    assertThat(spans).filteredOn(span -> span.getParentSpanId().isEmpty()).hasSize(1);
    assertThat(shop.get("/tempo/api/v2/traces/" + "ab".repeat(16)).statusCode()).isEqualTo(404);
  }

  @Test
  void scopedTagNamesWithoutPrefixes() throws Exception {
    SearchTagsV2Response answer =
        decode(
            "/tempo/api/v2/search/tags?limit=5000" + window,
            SearchTagsV2Response.getDefaultInstance());
    List<String> names = answer.getScopesList().stream().map(SearchTagsV2Scope::getName).toList();
    assertThat(SCOPES).containsAll(names);
    assertThat(names).containsExactly("resource", "span", "intrinsic");
    assertThat(answer.getScopes(0).getTagsList()).contains("service.name", "host.name");
    assertThat(answer.getScopes(1).getTagsList()).contains("http.route", "db.system");
    assertThat(answer.getScopes(2).getTagsList()).contains("duration", "name", "status");
    SearchTagsResponse plain =
        decode("/tempo/api/search/tags?x=1" + window, SearchTagsResponse.getDefaultInstance());
    assertThat(plain.getTagNamesList()).contains("service.name", "http.route");
  }

  @Test
  void typedTagValuesFilteredByTheQueryTypedSoFar() throws Exception {
    assertThat(values("resource.service.name", "limit=5000" + window))
        .containsExactly(value("string", "auth"), value("string", "webapp"));
    assertThat(values("span.http.response.status_code", window.substring(1)))
        .containsExactly(value("int", "200"), value("int", "401"));
    assertThat(values(".host.name", window.substring(1)))
        .containsExactly(value("string", "host-a"), value("string", "host-b"));
    assertThat(values("status", "")).contains(value("keyword", "error"));
    // A half-typed query keeps its complete matchers and never fails.
    String q = encode("{ resource.service.name = \"auth\" && name = ");
    assertThat(values("resource.host.name", "q=" + q + "&tag=resource.host.name" + window))
        .containsExactly(value("string", "host-b"));
    SearchTagValuesResponse plain =
        decode(
            "/tempo/api/search/tag/name/values?" + window.substring(1),
            SearchTagValuesResponse.getDefaultInstance());
    assertThat(plain.getTagValuesList()).contains("GET /products", "ValidateToken");
  }

  private List<TagValue> values(String tag, String query) throws Exception {
    return decode(
            "/tempo/api/v2/search/tag/" + tag + "/values?" + query,
            SearchTagValuesV2Response.getDefaultInstance())
        .getTagValuesList();
  }

  private static TagValue value(String type, String value) {
    return TagValue.newBuilder().setType(type).setValue(value).build();
  }
}
