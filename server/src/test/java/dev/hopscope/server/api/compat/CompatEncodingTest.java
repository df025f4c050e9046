package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import dev.hopscope.query.traceql.TraceQlQuery;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The encoders and query translations of the compatibility APIs, without a server. */
class CompatEncodingTest {
  private static final long MS = 1_000_000L;
  private static final TraceId TRACE = new TraceId(0x0af7651916cd43ddL, 0x8448eb211c80319cL);

  /** Every value type, an event, a link, a status message and a span with unset status. */
  private static List<Span> spans() {
    Resource resource =
        Resource.of(
            Attributes.builder().put("service.name", "auth").put("host.name", "h1").build());
    Attributes attributes =
        Attributes.builder()
            .put("s", "text")
            .put("l", -5L)
            .put("d", 2.5)
            .put("b", true)
            .put("bytes", new AttributeValue.BytesValue("hi".getBytes(StandardCharsets.UTF_8)))
            .put(
                "array",
                new AttributeValue.ArrayValue(
                    List.of(AttributeValue.of(1L), AttributeValue.of("x"))))
            .build();
    Span root =
        Span.builder(TRACE, new SpanId(1))
            .name("GET /")
            .kind(SpanKind.SERVER)
            .startNanos(1_000 * MS)
            .endNanos(1_010 * MS)
            .attributes(attributes)
            .events(
                List.of(
                    new Event(
                        1_002 * MS,
                        "exception",
                        Attributes.builder().put("exception.type", "IOError").build(),
                        0)))
            .links(List.of(Link.of(new TraceId(0, 7), new SpanId(9))))
            .status(Status.error("boom"))
            .flags(1)
            .resource(resource)
            .scope(InstrumentationScope.of("lib", "1.2"))
            .build();
    Span child =
        Span.builder(TRACE, new SpanId(2))
            .parentSpanId(new SpanId(1))
            .name("work")
            .startNanos(1_001 * MS)
            .endNanos(1_003 * MS)
            .resource(resource)
            .scope(InstrumentationScope.EMPTY)
            .build();
    return List.of(root, child);
  }

  @Test
  void tempoProtobufEqualsOtlpWithEveryStatusPresent() throws Exception {
    TracesData ours = TracesData.parseFrom(TempoProtobuf.trace(spans()));
    ExportTraceServiceRequest reference =
        ExportTraceServiceRequest.parseFrom(OtlpProtobufEncoder.encode(SpanBatch.of(spans())));
    assertThat(withStatus(ours.getResourceSpansList()))
        .isEqualTo(withStatus(reference.getResourceSpansList()));
    for (ResourceSpans resourceSpans : ours.getResourceSpansList()) {
      assertThat(resourceSpans.hasResource()).isTrue();
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        assertThat(scopeSpans.hasScope()).isTrue();
        assertThat(scopeSpans.getSpansList()).allMatch(span -> span.hasStatus());
      }
    }
  }

  /** Sets each span's status explicitly, so presence does not differ between the two. */
  private static List<ResourceSpans> withStatus(List<ResourceSpans> in) {
    return in.stream()
        .map(
            rs -> {
              ResourceSpans.Builder builder = rs.toBuilder();
              for (ScopeSpans.Builder ss : builder.getScopeSpansBuilderList()) {
                for (var span : ss.getSpansBuilderList()) {
                  span.setStatus(span.getStatus());
                }
              }
              return builder.build();
            })
        .toList();
  }

  @Test
  void jaegerModelHasLogsReferencesAndTypedTags() {
    JsonObject trace = JaegerJson.trace(new Trace(TRACE, spans()));
    assertThat(trace.getJsonObject("processes").fieldNames()).containsExactly("p1");
    JsonObject root = trace.getJsonArray("spans").getJsonObject(0);
    Map<String, JsonObject> tags = new HashMap<>();
    for (Object tag : root.getJsonArray("tags")) {
      tags.put(((JsonObject) tag).getString("key"), (JsonObject) tag);
    }
    assertThat(tags.get("l").getString("type")).isEqualTo("int64");
    assertThat(tags.get("d").getString("type")).isEqualTo("float64");
    assertThat(tags.get("b").getString("type")).isEqualTo("bool");
    assertThat(tags.get("bytes").getString("type")).isEqualTo("binary");
    assertThat(tags.get("bytes").getString("value")).isEqualTo("aGk=");
    assertThat(tags.get("array").getString("value")).isEqualTo("[1,\"x\"]");
    assertThat(tags.get("otel.scope.name").getString("value")).isEqualTo("lib");
    assertThat(tags.get("otel.status_description").getString("value")).isEqualTo("boom");

    JsonObject log = root.getJsonArray("logs").getJsonObject(0);
    assertThat(log.getLong("timestamp")).isEqualTo(1_002_000L);
    JsonArray fields = log.getJsonArray("fields");
    assertThat(fields.getJsonObject(0))
        .isEqualTo(
            new JsonObject().put("key", "event").put("type", "string").put("value", "exception"));
    assertThat(fields.getJsonObject(1).getString("key")).isEqualTo("exception.type");

    JsonObject link = root.getJsonArray("references").getJsonObject(0);
    assertThat(link.getString("refType")).isEqualTo("FOLLOWS_FROM");
    // A 64-bit trace id goes out as 16 digits, as Jaeger writes it.
    assertThat(link.getString("traceID")).isEqualTo("0000000000000007");

    JsonObject child = trace.getJsonArray("spans").getJsonObject(1);
    List<String> childTags =
        child.getJsonArray("tags").stream().map(t -> ((JsonObject) t).getString("key")).toList();
    // Unspecified kind and unset status add no tags.
    assertThat(childTags).doesNotContain("span.kind", "error", "otel.status_code");
  }

  @Test
  void halfTypedQueriesKeepTheirCompleteMatchers() {
    assertThat(TempoTags.completeMatchers("{ resource.service.name = \"auth\" && name = "))
        .isEqualTo("{ resource.service.name = \"auth\" }");
    assertThat(TempoTags.completeMatchers("{ .a = 1 && .b = 2 }"))
        .isEqualTo("{ .a = 1 && .b = 2 }");
    assertThat(TempoTags.completeMatchers("{ span.http")).isEqualTo("{}");
    assertThat(TempoTags.completeMatchers("")).isEqualTo("{}");
    assertThat(TempoTags.completeMatchers("}{ &&")).isEqualTo("{}");
  }

  @Test
  void annotationQueriesBecomeTraceQl() {
    List<String> conditions =
        ZipkinApi.annotationQuery("error and http.method=GET and cache.hit and error=timed out");
    assertThat(conditions).hasSize(4);
    assertThat(conditions.get(0)).isEqualTo("status = error");
    assertThat(conditions.get(2)).isEqualTo("(.cache.hit != nil || event:name = \"cache.hit\")");
    assertThat(conditions.get(3)).isEqualTo("status = error && statusMessage = \"timed out\"");
    assertThat(conditions.get(1)).contains(".http.method = \"GET\"");
    String query = "{ " + String.join(" && ", conditions) + " }";
    assertThat(TraceQlQuery.parse(query)).isNotNull();
    assertThatThrownBy(() -> ZipkinApi.annotationQuery("=x")).hasMessageContaining("has no key");
  }

  @Test
  void traceIdsResolveWithoutLeadingZerosAndInAnyCase() {
    assertThat(Params.traceId("7")).isEqualTo(new TraceId(0, 7));
    assertThat(Params.traceId(TRACE.toHex().toUpperCase())).isEqualTo(TRACE);
    assertThat(TempoSearchJson.withoutLeadingZeros("00000000000000000000000000000abc"))
        .isEqualTo("abc");
    assertThatThrownBy(() -> Params.traceId("0000")).hasMessageContaining("zeros");
    assertThatThrownBy(() -> Params.traceId("g1")).hasMessageContaining("hex");
  }
}
