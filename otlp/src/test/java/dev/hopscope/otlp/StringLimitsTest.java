package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 25: every string a span carries is held to {@code limits.maxAttributeValueLength} on every
 * protocol, counted in UTF-8 bytes, with one message that names the field, the limit and the fix.
 * For each field: a value of exactly the limit is accepted, one byte more rejects the span.
 */
class StringLimitsTest {
  private static final int LIMIT = 64;
  private static final IngestLimits LIMITS =
      IngestLimits.defaults().toBuilder().maxAttributeValueLength(LIMIT).build();
  private static final String TRACE = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN = "eee19b7ec3c1b174";

  /** One string field: how to put a value there, and the words its rejection must contain. */
  record Field(String name, Function<String, DecodeResult> decode, String named) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Field> fields() {
    return Stream.of(
        protobuf("name", "name", (s, v) -> s.setName(v)),
        protobuf("status message", "status.message", (s, v) -> s.setStatus(status(v))),
        protobuf("trace state", "trace_state", (s, v) -> s.setTraceState(v)),
        protobuf(
            "event name",
            "events[0].name",
            (s, v) -> s.addEvents(Span.Event.newBuilder().setName(v))),
        protobuf(
            "link trace state",
            "links[0].trace_state",
            (s, v) ->
                s.addLinks(
                    Span.Link.newBuilder()
                        .setTraceId(bytes(TRACE))
                        .setSpanId(bytes(SPAN))
                        .setTraceState(v))),
        protobuf("attribute key", "attribute key", (s, v) -> s.addAttributes(kv(v, "x"))),
        protobuf(
            "attribute value", "attribute 'k' string value", (s, v) -> s.addAttributes(kv("k", v))),
        protobuf(
            "nested key",
            "attribute key",
            (s, v) ->
                s.addAttributes(
                    KeyValue.newBuilder()
                        .setKey("map")
                        .setValue(
                            AnyValue.newBuilder()
                                .setKvlistValue(KeyValueList.newBuilder().addValues(kv(v, "x")))))),
        new Field(
            "protobuf service name",
            v ->
                OtlpProtobufDecoder.decode(request(Span.newBuilder(), v, "").toByteArray(), LIMITS),
            "attribute 'service.name' string value"),
        new Field(
            "protobuf scope name",
            v ->
                OtlpProtobufDecoder.decode(
                    request(Span.newBuilder(), "svc", v).toByteArray(), LIMITS),
            "scope.name"),
        json("name", "name", v -> "\"name\":" + jsonString(v)),
        json(
            "status message",
            "status.message",
            v -> "\"status\":{\"message\":" + jsonString(v) + "}"),
        json("trace state", "traceState", v -> "\"traceState\":" + jsonString(v)),
        json("event name", "events[0].name", v -> "\"events\":[{\"name\":" + jsonString(v) + "}]"),
        json(
            "attribute key",
            ".key",
            v ->
                "\"attributes\":[{\"key\":"
                    + jsonString(v)
                    + ",\"value\":{\"stringValue\":\"x\"}}]"),
        json(
            "attribute value",
            "attribute 'k' string value",
            v ->
                "\"attributes\":[{\"key\":\"k\",\"value\":{\"stringValue\":"
                    + jsonString(v)
                    + "}}]"),
        zipkin("name", "name", v -> "\"name\":" + jsonString(v)),
        zipkin(
            "local service name",
            "localEndpoint.serviceName",
            v -> "\"localEndpoint\":{\"serviceName\":" + jsonString(v) + "}"),
        zipkin(
            "remote service name",
            "remoteEndpoint.serviceName",
            v -> "\"remoteEndpoint\":{\"serviceName\":" + jsonString(v) + "}"),
        zipkin(
            "remote ipv6",
            "remoteEndpoint.ipv6",
            v -> "\"remoteEndpoint\":{\"ipv6\":" + jsonString(v) + "}"),
        zipkin(
            "annotation value",
            "annotations[0].value",
            v -> "\"annotations\":[{\"timestamp\":2,\"value\":" + jsonString(v) + "}]"),
        zipkin(
            "tag key", "(stored as attribute key)", v -> "\"tags\":{" + jsonString(v) + ":\"x\"}"),
        zipkin("tag value", "tags.'k'", v -> "\"tags\":{\"k\":" + jsonString(v) + "}"),
        zipkin("error message", "tags.'error'", v -> "\"tags\":{\"error\":" + jsonString(v) + "}"),
        zipkin(
            "scope name",
            "tags.'otel.scope.name'",
            v -> "\"tags\":{\"otel.scope.name\":" + jsonString(v) + "}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void aStringOfTheLimitIsAcceptedAndOneByteMoreIsRejectedWithTheSameMessage(Field field) {
    // "é" is two UTF-8 bytes: the limit counts bytes, not characters.
    String atLimit = "é".repeat(LIMIT / 2);
    String overLimit = "x" + atLimit;

    DecodeResult accepted = field.decode().apply(atLimit);
    DecodeResult rejected = field.decode().apply(overLimit);

    assertThat(accepted.rejectedSpans()).as(accepted.errorMessage()).isZero();
    assertThat(accepted.accepted().size()).isEqualTo(1);
    assertThat(rejected.accepted().size()).isZero();
    assertThat(rejected.rejectedByReason())
        .containsExactly(java.util.Map.entry(RejectReason.ATTRIBUTE_VALUE_TOO_LONG, 1));
    assertThat(rejected.errorMessage())
        .contains(field.named())
        .contains(" is " + (LIMIT + 1) + " bytes, over the limit of " + LIMIT)
        .contains("raise limits.maxAttributeValueLength");
  }

  private interface SpanEdit {
    void apply(Span.Builder span, String value);
  }

  private static Field protobuf(String name, String named, SpanEdit edit) {
    return new Field(
        "protobuf " + name,
        v -> {
          Span.Builder span = Span.newBuilder();
          edit.apply(span, v);
          return OtlpProtobufDecoder.decode(request(span, "svc", "").toByteArray(), LIMITS);
        },
        named);
  }

  private static ExportTraceServiceRequest request(
      Span.Builder span, String service, String scope) {
    span.setTraceId(bytes(TRACE))
        .setSpanId(bytes(SPAN))
        .setStartTimeUnixNano(1)
        .setEndTimeUnixNano(2);
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", service)))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(scope))
                        .addSpans(span)))
        .build();
  }

  private static Field json(String name, String named, Function<String, String> field) {
    return new Field(
        "OTLP JSON " + name,
        v ->
            OtlpJsonDecoder.decode(
                ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
                        + TRACE
                        + "\",\"spanId\":\""
                        + SPAN
                        + "\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\","
                        + field.apply(v)
                        + "}]}]}]}")
                    .getBytes(StandardCharsets.UTF_8),
                LIMITS),
        named);
  }

  private static Field zipkin(String name, String named, Function<String, String> field) {
    return new Field(
        "Zipkin " + name,
        v ->
            ZipkinJsonDecoder.decode(
                ("[{\"traceId\":\""
                        + TRACE
                        + "\",\"id\":\""
                        + SPAN
                        + "\",\"timestamp\":1,"
                        + field.apply(v)
                        + "}]")
                    .getBytes(StandardCharsets.UTF_8),
                LIMITS),
        named);
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static Status status(String message) {
    return Status.newBuilder().setMessage(message).build();
  }

  private static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  /** A JSON string of text that needs no escapes: the values here are repeated letters. */
  private static String jsonString(String text) {
    return "\"" + text + "\"";
  }
}
