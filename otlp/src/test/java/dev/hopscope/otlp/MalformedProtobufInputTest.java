package dev.hopscope.otlp;

import static dev.hopscope.otlp.MalformedCase.LIMITS;
import static dev.hopscope.otlp.MalformedCase.bytes;
import static dev.hopscope.otlp.MalformedCase.gzipZeros;
import static dev.hopscope.otlp.MalformedCase.invalidUtf8;
import static dev.hopscope.otlp.MalformedCase.kv;
import static dev.hopscope.otlp.MalformedCase.nested;
import static dev.hopscope.otlp.MalformedCase.proto;
import static dev.hopscope.otlp.MalformedCase.refused;
import static dev.hopscope.otlp.MalformedCase.rejected;
import static dev.hopscope.otlp.MalformedCase.repeat;
import static dev.hopscope.otlp.MalformedCase.request;
import static dev.hopscope.otlp.MalformedCase.span;
import static dev.hopscope.otlp.MalformedCase.withUnknown;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken protobuf bodies, compressed bodies and limits: reason, message and counts for each. The
 * JSON and Zipkin table is {@link MalformedJsonInputTest}.
 */
class MalformedProtobufInputTest {
  private static final String VALID_SPAN_JSON =
      "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
          + "\"name\":\"ok\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}";

  static Stream<MalformedCase> cases() {
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
            "no start time",
            proto(span().setStartTimeUnixNano(0)),
            RejectReason.MISSING_TIMESTAMP,
            "start_time_unix_nano is missing (0)",
            "nanoseconds since the epoch"),
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
        new MalformedCase(
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
            "gzip, deflate or zstd"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithReasonMessageAndCounts(MalformedCase testCase) {
    testCase.verify();
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
}
