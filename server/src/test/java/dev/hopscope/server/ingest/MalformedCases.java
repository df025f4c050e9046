package dev.hopscope.server.ingest;

import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The malformed inputs of {@link MalformedInputIT}: data, one case per way a request can be bad.
 */
final class MalformedCases {
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";
  static final int MAX_COMPRESSED = 256 * 1024;
  static final int MAX_SPANS = 100;

  private MalformedCases() {}

  /** Where a case is sent. */
  enum Target {
    OTLP,
    ZIPKIN
  }

  /**
   * @param status expected HTTP status; 200 means "partial success": the span was dropped
   * @param messageParts text the answer must contain: the field, the value or limit, the fix
   * @param reason the metrics reason label counted
   */
  record Case(
      String name,
      Target target,
      String contentType,
      String encoding,
      String tenant,
      byte[] body,
      int status,
      List<String> messageParts,
      String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case otlp(
      String name, String contentType, byte[] body, int status, String reason, String... parts) {
    return new Case(
        name, Target.OTLP, contentType, null, null, body, status, List.of(parts), reason);
  }

  static Stream<Case> cases() {
    byte[] valid = Requests.protobuf(span -> span);
    List<Case> cases = new ArrayList<>();
    cases.add(
        otlp(
            "truncated protobuf",
            PROTOBUF,
            java.util.Arrays.copyOf(valid, valid.length - 7),
            400,
            "malformed_protobuf",
            "past the end",
            "ExportTraceServiceRequest"));
    cases.add(
        otlp(
            "wrong wire type",
            PROTOBUF,
            new byte[] {0x08, 0x01},
            400,
            "malformed_protobuf",
            "wire type"));
    cases.add(
        otlp(
            "15-byte trace id",
            PROTOBUF,
            Requests.protobuf(s -> s.setTraceId(Requests.bytes("5b8efff798038103d269b633813fc6"))),
            200,
            "invalid_trace_id",
            "trace_id",
            "15",
            "16 bytes"));
    cases.add(
        otlp(
            "all-zero trace id",
            PROTOBUF,
            Requests.protobuf(s -> s.setTraceId(Requests.bytes("0".repeat(32)))),
            200,
            "invalid_trace_id",
            "trace_id",
            "zero"));
    cases.add(
        otlp(
            "zero span id",
            PROTOBUF,
            Requests.protobuf(s -> s.setSpanId(Requests.bytes("0000000000000000"))),
            200,
            "invalid_span_id",
            "span_id",
            "zero"));
    cases.add(
        otlp(
            "7-byte parent span id",
            PROTOBUF,
            Requests.protobuf(s -> s.setParentSpanId(Requests.bytes("00112233445566"))),
            200,
            "invalid_parent_span_id",
            "parent_span_id",
            "7"));
    cases.add(
        otlp(
            "end before start",
            PROTOBUF,
            Requests.protobuf(s -> s.setEndTimeUnixNano(Requests.START - 1)),
            200,
            "end_before_start",
            "end",
            "start"));
    cases.add(
        otlp(
            "missing start time",
            PROTOBUF,
            Requests.protobuf(s -> s.clearStartTimeUnixNano()),
            200,
            "missing_timestamp",
            "start_time_unix_nano",
            "missing"));
    cases.add(
        otlp(
            "unknown span kind",
            PROTOBUF,
            Requests.protobuf(s -> s.setKindValue(9)),
            200,
            "unknown_enum",
            "kind",
            "9"));
    cases.add(
        otlp(
            "unknown status code",
            PROTOBUF,
            Requests.protobuf(
                s ->
                    s.setStatus(
                        io.opentelemetry.proto.trace.v1.Status.newBuilder().setCodeValue(7))),
            200,
            "unknown_enum",
            "7"));
    cases.add(
        otlp(
            "too many attributes",
            PROTOBUF,
            Requests.protobuf(
                s -> {
                  IntStream.range(0, 17)
                      .forEach(i -> s.addAttributes(Requests.attribute("k" + i, "v")));
                  return s;
                }),
            200,
            "too_many_attributes",
            "17",
            "16"));
    cases.add(
        otlp(
            "attribute value too long",
            PROTOBUF,
            Requests.protobuf(s -> s.addAttributes(Requests.attribute("big", "x".repeat(1025)))),
            200,
            "attribute_value_too_long",
            "big",
            "1024"));
    cases.add(
        otlp(
            "too many events",
            PROTOBUF,
            Requests.protobuf(
                s -> {
                  IntStream.range(0, 9)
                      .forEach(
                          i ->
                              s.addEvents(
                                  Span.Event.newBuilder()
                                      .setName("e")
                                      .setTimeUnixNano(Requests.START)));
                  return s;
                }),
            200,
            "too_many_events",
            "9",
            "8"));
    cases.add(
        otlp(
            "too many links",
            PROTOBUF,
            Requests.protobuf(
                s -> {
                  IntStream.range(0, 9)
                      .forEach(
                          i ->
                              s.addLinks(
                                  Span.Link.newBuilder()
                                      .setTraceId(Requests.bytes(Requests.TRACE_ID))
                                      .setSpanId(Requests.bytes(Requests.SPAN_ID))));
                  return s;
                }),
            200,
            "too_many_links",
            "9",
            "8"));
    cases.add(
        otlp(
            "link with a short trace id",
            PROTOBUF,
            Requests.protobuf(
                s ->
                    s.addLinks(
                        Span.Link.newBuilder()
                            .setTraceId(Requests.bytes("abcd"))
                            .setSpanId(Requests.bytes(Requests.SPAN_ID)))),
            200,
            "invalid_link",
            "link"));
    byte[] badUtf8 = Requests.protobuf(s -> s.setName("NAME"));
    replace(
        badUtf8,
        "NAME".getBytes(StandardCharsets.US_ASCII),
        new byte[] {'N', (byte) 0xC3, (byte) 0x28, 'E'});
    cases.add(
        otlp(
            "invalid UTF-8 in a name",
            PROTOBUF,
            badUtf8,
            200,
            "invalid_utf8",
            "name",
            "UTF-8",
            "4ec32845"));
    Span.Builder[] tooMany = new Span.Builder[MAX_SPANS + 1];
    for (int i = 0; i < tooMany.length; i++) {
      tooMany[i] = Requests.validSpan();
    }
    cases.add(
        otlp(
            "too many spans",
            PROTOBUF,
            Requests.protobuf(tooMany),
            400,
            "too_many_spans",
            "100",
            "maxSpansPerRequest"));
    cases.add(
        otlp(
            "invalid JSON",
            JSON,
            "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8),
            400,
            "malformed_json",
            "JSON"));
    cases.add(
        otlp(
            "JSON with a number for a trace id",
            JSON,
            Requests.json(
                    Requests.validJsonSpanFields()
                        .replace("\"traceId\":\"" + Requests.TRACE_ID + "\"", "\"traceId\":12"))
                .getBytes(StandardCharsets.UTF_8),
            400,
            "malformed_json",
            "traceId"));
    cases.add(
        otlp(
            "JSON trace id of 30 hex characters",
            JSON,
            Requests.json(
                    Requests.validJsonSpanFields()
                        .replace(Requests.TRACE_ID, Requests.TRACE_ID.substring(2)))
                .getBytes(StandardCharsets.UTF_8),
            200,
            "invalid_trace_id",
            "trace"));
    cases.add(
        otlp(
            "JSON unknown kind name",
            JSON,
            Requests.json(
                    Requests.validJsonSpanFields()
                        .replace("\"kind\":2", "\"kind\":\"SPAN_KIND_SIDEWAYS\""))
                .getBytes(StandardCharsets.UTF_8),
            200,
            "unknown_enum",
            "SPAN_KIND_SIDEWAYS"));
    cases.add(
        new Case(
            "zip bomb",
            Target.OTLP,
            PROTOBUF,
            "gzip",
            null,
            Requests.zipBomb(64 << 20),
            413,
            List.of("1048576"),
            "decompressed_too_large"));
    cases.add(
        new Case(
            "corrupt gzip",
            Target.OTLP,
            PROTOBUF,
            "gzip",
            null,
            new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3},
            400,
            List.of("gzip"),
            "corrupt_compression"));
    cases.add(
        new Case(
            "unsupported content encoding",
            Target.OTLP,
            PROTOBUF,
            "br",
            null,
            valid,
            400,
            List.of("br", "gzip"),
            "unsupported_encoding"));
    cases.add(
        otlp(
            "oversized body",
            PROTOBUF,
            new byte[MAX_COMPRESSED + 1],
            413,
            "body_too_large",
            String.valueOf(MAX_COMPRESSED),
            "limits.maxCompressedBytes"));
    cases.add(
        otlp(
            "wrong content type",
            "text/plain",
            valid,
            415,
            "unsupported_content_type",
            "application/x-protobuf",
            "application/json"));
    cases.add(
        new Case(
            "invalid tenant",
            Target.OTLP,
            PROTOBUF,
            null,
            "../etc",
            valid,
            400,
            List.of("X-Scope-OrgID", "../etc"),
            "invalid_tenant"));
    cases.add(
        new Case(
            "Zipkin invalid JSON",
            Target.ZIPKIN,
            JSON,
            null,
            null,
            "[{".getBytes(StandardCharsets.UTF_8),
            400,
            List.of("JSON"),
            "malformed_json"));
    cases.add(
        new Case(
            "Zipkin object instead of a list",
            Target.ZIPKIN,
            JSON,
            null,
            null,
            "{\"traceId\":\"1\"}".getBytes(StandardCharsets.UTF_8),
            400,
            List.of("array"),
            "malformed_json"));
    cases.add(
        new Case(
            "Zipkin trace id not hex",
            Target.ZIPKIN,
            JSON,
            null,
            null,
            ("[{\"traceId\":\"zz8efff798038103\",\"id\":\"eee19b7ec3c1b174\",\"name\":\"get\",\"timestamp\":"
                    + Requests.START / 1000
                    + ",\"duration\":5}]")
                .getBytes(StandardCharsets.UTF_8),
            400,
            List.of("traceId", "zz8efff798038103", "nothing of this request was stored"),
            "invalid_trace_id"));
    return cases.stream();
  }

  private static void replace(byte[] haystack, byte[] needle, byte[] replacement) {
    String hex = HexFormat.of().formatHex(haystack);
    int at = hex.indexOf(HexFormat.of().formatHex(needle)) / 2;
    System.arraycopy(replacement, 0, haystack, at, replacement.length);
  }
}
