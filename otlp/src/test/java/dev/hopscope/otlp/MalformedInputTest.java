package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken inputs of every kind, each with the reason it is counted under, the words its message must
 * contain (field, value, rule, fix) and what is still accepted. A case either rejects spans
 * (accepted >= 0) or refuses the whole request (accepted == -1).
 */
class MalformedInputTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();
  private static final String VALID_SPAN_JSON =
      "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
          + "\"name\":\"ok\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}";

  record Case(
      String name,
      Supplier<DecodeResult> decode,
      RejectReason reason,
      int accepted,
      int rejected,
      String... messageParts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        refused(
            "truncated protobuf",
            proto(Arrays.copyOf(request(span()).toByteArray(), 30)),
            RejectReason.MALFORMED_PROTOBUF,
            "runs past the end",
            "at byte",
            "send a serialized"),
        refused(
            "wrong wire type for Span.trace_id",
            proto(withUnknown(1, UnknownFieldSet.Field.newBuilder().addVarint(7).build())),
            RejectReason.MALFORMED_PROTOBUF,
            "Span.trace_id (field 1) has wire type 0 (varint)"),
        refused(
            "varint longer than 10 bytes",
            proto(
                new byte[] {
                  10,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  (byte) 0x80,
                  1
                }),
            RejectReason.MALFORMED_PROTOBUF,
            "varint longer than 10 bytes"),
        refused(
            "end-group without a start",
            proto(new byte[] {(byte) 0x0C}),
            RejectReason.MALFORMED_PROTOBUF,
            "end-group"),
        refused(
            "field number zero",
            proto(new byte[] {0x02, 0x00}),
            RejectReason.MALFORMED_PROTOBUF,
            "invalid field tag"),
        rejected(
            "15-byte trace id",
            proto(span().setTraceId(bytes(15, 0xab))),
            RejectReason.INVALID_TRACE_ID,
            "spans[1]",
            "service 'auth'",
            "trace_id must be 16 bytes, received 15 (abababab",
            "send a 128-bit trace id"),
        rejected(
            "all-zero trace id",
            proto(span().setTraceId(bytes(16, 0))),
            RejectReason.INVALID_TRACE_ID,
            "trace_id is all zeros",
            "send a random 128-bit trace id"),
        rejected(
            "missing span id",
            proto(span().setSpanId(ByteString.EMPTY)),
            RejectReason.INVALID_SPAN_ID,
            "span_id must be 8 bytes, received 0 (empty)"),
        rejected(
            "zero span id",
            proto(span().setSpanId(bytes(8, 0))),
            RejectReason.INVALID_SPAN_ID,
            "span_id is all zeros",
            "random 64-bit span id"),
        rejected(
            "7-byte parent span id",
            proto(span().setParentSpanId(bytes(7, 1))),
            RejectReason.INVALID_PARENT_SPAN_ID,
            "parent_span_id must be empty (root span) or 8 bytes, received 7 (01010101010101)"),
        rejected(
            "end before start",
            proto(span().setStartTimeUnixNano(2000).setEndTimeUnixNano(1000)),
            RejectReason.END_BEFORE_START,
            "end_time_unix_nano 1000 is before start_time_unix_nano 2000",
            "end a span after it starts"),
        rejected(
            "invalid UTF-8 in the span name",
            proto(span().setUnknownFields(invalidUtf8(5, 'a', 0xC3, 'b'))),
            RejectReason.INVALID_UTF8,
            "name is not valid UTF-8 (bytes 61c362)",
            "send binary data as a bytes_value"),
        rejected(
            "UTF-8-encoded surrogate in an attribute value",
            proto(
                span()
                    .addAttributes(
                        kv(
                            "k",
                            AnyValue.newBuilder()
                                .setUnknownFields(invalidUtf8(1, 0xED, 0xA0, 0x80))
                                .build()))),
            RejectReason.INVALID_UTF8,
            "span attribute k is not valid UTF-8 (bytes eda080)"),
        new Case(
            "invalid UTF-8 in a resource attribute drops the resource's spans",
            () ->
                OtlpProtobufDecoder.decode(
                    ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(
                            ResourceSpans.newBuilder()
                                .setResource(
                                    Resource.newBuilder()
                                        .addAttributes(
                                            kv(
                                                "host.name",
                                                AnyValue.newBuilder()
                                                    .setUnknownFields(invalidUtf8(1, 0xFF))
                                                    .build())))
                                .addScopeSpans(
                                    ScopeSpans.newBuilder().addSpans(span()).addSpans(span())))
                        .build()
                        .toByteArray(),
                    LIMITS),
            RejectReason.INVALID_UTF8,
            0,
            2,
            "all 2 spans dropped because resourceSpans[0].resource attribute host.name is not valid UTF-8"),
        rejected(
            "unknown span kind",
            proto(span().setKindValue(9)),
            RejectReason.UNKNOWN_ENUM,
            "kind 9 is not a SpanKind",
            "use 0 (SPAN_KIND_UNSPECIFIED) to 5"),
        rejected(
            "unknown status code",
            proto(span().setStatus(Status.newBuilder().setCodeValue(7))),
            RejectReason.UNKNOWN_ENUM,
            "status.code 7 is not a StatusCode"),
        rejected(
            "too many attributes",
            proto(
                repeat(
                    span(),
                    129,
                    s -> s.addAttributes(kv("k", AnyValue.newBuilder().setIntValue(1).build())))),
            RejectReason.TOO_MANY_ATTRIBUTES,
            "has 129 attributes, over the limit of 128",
            "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT"),
        rejected(
            "attribute value too long",
            proto(
                span()
                    .addAttributes(
                        kv(
                            "http.body",
                            AnyValue.newBuilder()
                                .setStringValue("x".repeat(16 * 1024 + 1))
                                .build()))),
            RejectReason.ATTRIBUTE_VALUE_TOO_LONG,
            "attribute 'http.body' string value is 16385 bytes, over the limit of 16384",
            "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"),
        rejected(
            "attribute nested 40 levels deep",
            proto(span().addAttributes(kv("deep", nested(40)))),
            RejectReason.ATTRIBUTE_TOO_DEEP,
            "deeper than 32 levels",
            "flatten the value"),
        rejected(
            "too many events",
            proto(repeat(span(), 129, s -> s.addEvents(Span.Event.newBuilder().setName("e")))),
            RejectReason.TOO_MANY_EVENTS,
            "has 129 events, over the limit of 128",
            "OTEL_SPAN_EVENT_COUNT_LIMIT"),
        rejected(
            "too many links",
            proto(
                repeat(
                    span(),
                    129,
                    s ->
                        s.addLinks(
                            Span.Link.newBuilder()
                                .setTraceId(bytes(16, 3))
                                .setSpanId(bytes(8, 4))))),
            RejectReason.TOO_MANY_LINKS,
            "has 129 links, over the limit of 128",
            "OTEL_SPAN_LINK_COUNT_LIMIT"),
        rejected(
            "link with a 4-byte span id",
            proto(
                span()
                    .addLinks(
                        Span.Link.newBuilder().setTraceId(bytes(16, 3)).setSpanId(bytes(4, 4)))),
            RejectReason.INVALID_LINK,
            "links[0].span_id must be 8 non-zero bytes, received 4 (04040404)"),
        refused(
            "too many spans",
            () ->
                OtlpProtobufDecoder.decode(
                    request(span(), span(), span()).toByteArray(),
                    IngestLimits.builder().maxSpansPerRequest(2).build()),
            RejectReason.TOO_MANY_SPANS,
            "more than 2 spans (limits.maxSpansPerRequest)",
            "send smaller batches"),
        refused(
            "oversized decompressed body",
            () ->
                OtlpProtobufDecoder.decode(
                    new byte[2048], IngestLimits.builder().maxDecompressedBytes(1024).build()),
            RejectReason.DECOMPRESSED_TOO_LARGE,
            "more than 1024 bytes (limits.maxDecompressedBytes)"),
        refused(
            "oversized compressed body",
            () -> {
              Decompression.inflate(
                  new byte[5000], "gzip", IngestLimits.builder().maxCompressedBytes(4096).build());
              return null;
            },
            RejectReason.BODY_TOO_LARGE,
            "request body is 5000 bytes, over the limit of 4096 (limits.maxCompressedBytes)"),
        refused(
            "gzip bomb",
            () -> {
              Decompression.inflate(gzipZeros(64 << 20), "gzip", 16L << 20);
              return null;
            },
            RejectReason.DECOMPRESSED_TOO_LARGE,
            "inflates to more than 16777216 bytes"),
        refused(
            "corrupt gzip",
            () -> {
              Decompression.inflate(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}, "gzip", 1 << 20);
              return null;
            },
            RejectReason.CORRUPT_COMPRESSION,
            "not valid gzip data",
            "drop the Content-Encoding header"),
        refused(
            "unknown content encoding",
            () -> {
              Decompression.inflate(new byte[1], "br", 1 << 20);
              return null;
            },
            RejectReason.UNSUPPORTED_ENCODING,
            "Content-Encoding 'br' is not supported",
            "gzip, deflate or zstd"),
        refused(
            "invalid JSON",
            json("{\"resourceSpans\": [ {\"scopeSpans\": "),
            RejectReason.MALFORMED_JSON,
            "not valid JSON",
            "line 1"),
        refused(
            "JSON with a number for a string",
            json(
                otlpJson(
                    "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":5}")),
            RejectReason.MALFORMED_JSON,
            "resourceSpans[0].scopeSpans[0].spans[0].name must be a string, found VALUE_NUMBER_INT '5'"),
        refused(
            "JSON with a word for a time",
            json(otlpJson("{\"startTimeUnixNano\":\"soon\"}")),
            RejectReason.MALFORMED_JSON,
            "spans[0].startTimeUnixNano must be an integer",
            "'soon'"),
        refused(
            "JSON string with an unpaired surrogate",
            json(otlpJson("{\"name\":\"a\\ud800b\"}")),
            RejectReason.MALFORMED_JSON,
            "spans[0].name holds an unpaired UTF-16 surrogate (\\ud800)",
            "send valid Unicode text"),
        refused(
            "JSON array instead of a request object",
            json("[]"),
            RejectReason.MALFORMED_JSON,
            "the request must be an object"),
        refused(
            "JSON with invalid UTF-8",
            () ->
                OtlpJsonDecoder.decode(
                    new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, LIMITS),
            RejectReason.MALFORMED_JSON,
            "not valid JSON",
            "encoded as UTF-8"),
        new Case(
            "JSON trace id in base64",
            json(
                otlpJson(
                    "{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\",\"spanId\":\"eee19b7ec3c1b174\"}",
                    VALID_SPAN_JSON)),
            RejectReason.INVALID_TRACE_ID,
            1,
            1,
            "traceId 'W47/95gDgQPSabYzgT/GDA==' must be 32 hex characters (16 bytes), received 24 characters that are not all hex",
            "not base64"),
        new Case(
            "JSON unknown kind name",
            json(
                otlpJson(
                    "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"kind\":\"SPAN_KIND_BOGUS\"}",
                    VALID_SPAN_JSON)),
            RejectReason.UNKNOWN_ENUM,
            1,
            1,
            "kind 'SPAN_KIND_BOGUS' is not a SpanKind"),
        new Case(
            "Zipkin span with a non-hex trace id",
            zipkin(
                "[{\"traceId\":\"xyz\",\"id\":\"eee19b7ec3c1b174\",\"timestamp\":1},{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b174\",\"timestamp\":1}]"),
            RejectReason.INVALID_TRACE_ID,
            1,
            1,
            "span[0]",
            "traceId 'xyz' must be 32 hex characters (16 bytes) or 16 for a 64-bit id"),
        new Case(
            "Zipkin span id of 17 characters",
            zipkin(
                "[{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b1741\",\"timestamp\":1}]"),
            RejectReason.INVALID_SPAN_ID,
            0,
            1,
            "id 'eee19b7ec3c1b1741' must be 16 hex characters (8 bytes), received 17"),
        new Case(
            "Zipkin span without a timestamp",
            zipkin(
                "[{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b174\",\"localEndpoint\":{\"serviceName\":\"auth\"}}]"),
            RejectReason.MISSING_TIMESTAMP,
            0,
            1,
            "service 'auth'",
            "timestamp is missing",
            "epoch microseconds"),
        new Case(
            "Zipkin unknown kind",
            zipkin(
                "[{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b174\",\"timestamp\":1,\"kind\":\"SERVR\"}]"),
            RejectReason.UNKNOWN_ENUM,
            0,
            1,
            "kind 'SERVR' is not a Zipkin span kind"),
        refused(
            "Zipkin object instead of a list",
            zipkin("{\"traceId\":\"d269b633813fc60c\"}"),
            RejectReason.MALFORMED_JSON,
            "the request must be an array"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithReasonMessageAndCounts(Case testCase) {
    if (testCase.accepted() < 0) {
      assertThatThrownBy(testCase.decode()::get)
          .isInstanceOfSatisfying(
              MalformedRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(testCase.reason()))
          .message()
          .contains(testCase.messageParts());
      return;
    }
    DecodeResult result = testCase.decode().get();
    assertThat(result.accepted().size()).isEqualTo(testCase.accepted());
    assertThat(result.rejectedSpans()).isEqualTo(testCase.rejected());
    assertThat(result.rejectedByReason()).containsEntry(testCase.reason(), testCase.rejected());
    assertThat(result.errorMessage()).contains(testCase.messageParts());
  }

  @Test
  void summarisesManyRejectionsWithTheFirstMessagesAndCountsByReason() {
    Span.Builder[] spans = new Span.Builder[11];
    spans[0] = span();
    for (int i = 1; i < spans.length; i++) {
      spans[i] = span().setTraceId(bytes(15, i));
    }

    DecodeResult result =
        OtlpProtobufDecoder.decode(request(spans).toByteArray(), IngestLimits.defaults());

    assertThat(result.rejectedSpans()).isEqualTo(10);
    assertThat(result.errorMessage())
        .startsWith("10 spans rejected, 1 accepted. resourceSpans[0] (service 'auth')")
        .contains("spans[1]: trace_id must be 16 bytes", "spans[3]: trace_id")
        .doesNotContain("spans[4]")
        .endsWith("| and 7 more (by reason: invalid_trace_id=10)");
  }

  private static Case refused(
      String name, Supplier<DecodeResult> decode, RejectReason reason, String... parts) {
    return new Case(name, decode, reason, -1, 0, parts);
  }

  /** A request of one valid span and the broken one: the valid one must still be accepted. */
  private static Case rejected(
      String name, Supplier<DecodeResult> decode, RejectReason reason, String... parts) {
    return new Case(name, decode, reason, 1, 1, parts);
  }

  private static Supplier<DecodeResult> proto(Span.Builder broken) {
    return proto(request(span(), broken).toByteArray());
  }

  private static Supplier<DecodeResult> proto(byte[] body) {
    return () -> OtlpProtobufDecoder.decode(body, LIMITS);
  }

  private static Supplier<DecodeResult> json(String body) {
    return () -> OtlpJsonDecoder.decode(body.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  private static Supplier<DecodeResult> zipkin(String body) {
    return () -> ZipkinJsonDecoder.decode(body.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  private static String otlpJson(String... spans) {
    return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + String.join(",", spans) + "]}]}]}";
  }

  static Span.Builder span() {
    return Span.newBuilder()
        .setTraceId(bytes(16, 0x5b))
        .setSpanId(bytes(8, 0xee))
        .setName("GET /")
        .setStartTimeUnixNano(1000)
        .setEndTimeUnixNano(2000);
  }

  static ExportTraceServiceRequest request(Span.Builder... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span.Builder span : spans) {
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            kv(
                                "service.name",
                                AnyValue.newBuilder().setStringValue("auth").build())))
                .addScopeSpans(scope))
        .build();
  }

  private static byte[] withUnknown(int field, UnknownFieldSet.Field value) {
    return request(
            span().setUnknownFields(UnknownFieldSet.newBuilder().addField(field, value).build()))
        .toByteArray();
  }

  private static Span.Builder repeat(
      Span.Builder span, int times, UnaryOperator<Span.Builder> add) {
    for (int i = 0; i < times; i++) {
      add.apply(span);
    }
    return span;
  }

  private static AnyValue nested(int depth) {
    AnyValue value = AnyValue.newBuilder().setIntValue(1).build();
    for (int i = 0; i < depth; i++) {
      value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
    }
    return value;
  }

  /**
   * A string field holding bytes that are not UTF-8. protobuf-java's setters refuse such strings,
   * so they travel as an unknown field with the string's number, which serialises identically.
   */
  static UnknownFieldSet invalidUtf8(int field, int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return UnknownFieldSet.newBuilder()
        .addField(
            field,
            UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(raw)).build())
        .build();
  }

  static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static ByteString bytes(int length, int fill) {
    byte[] out = new byte[length];
    Arrays.fill(out, (byte) fill);
    return ByteString.copyFrom(out);
  }

  static byte[] gzipZeros(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 16];
      for (int written = 0; written < size; written += zeros.length) {
        gzip.write(zeros);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
