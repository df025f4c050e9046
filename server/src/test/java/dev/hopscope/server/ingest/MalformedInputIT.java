package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a request can be bad: each answer names the problem and the fix, is counted by reason
 * in /metrics, and valid data sent right after is still accepted and readable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT {
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final int MAX_COMPRESSED = 256 * 1024;
  private static final int MAX_SPANS = 100;

  @TempDir static Path dataDir;

  private HopscopeServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private int followUp;

  @BeforeAll
  void start() {
    IngestLimits limits =
        IngestLimits.defaults().toBuilder()
            .maxCompressedBytes(MAX_COMPRESSED)
            .maxDecompressedBytes(1 << 20)
            .maxSpansPerRequest(MAX_SPANS)
            .maxAttributesPerSpan(16)
            .maxAttributeValueLength(1024)
            .maxEventsPerSpan(8)
            .maxLinksPerSpan(8)
            .build();
    server = HopscopeServer.start(ServerConfig.forTests(dataDir).withLimits(limits));
  }

  @AfterAll
  void stop() {
    server.close();
  }

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
            202,
            List.of("traceId", "zz8efff798038103"),
            "invalid_trace_id"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithAPreciseAnswerAndNothingIsLost(Case bad) throws Exception {
    String protocolLabel = label(bad);
    double before = counted(protocolLabel, bad.reason());

    Answer answer = send(bad.target(), bad.contentType(), bad.encoding(), bad.tenant(), bad.body());

    assertThat(answer.status()).as(answer.body()).isEqualTo(bad.status());
    for (String part : bad.messageParts()) {
      assertThat(answer.body()).as("the answer names %s", part).containsIgnoringCase(part);
    }
    assertThat(counted(protocolLabel, bad.reason())).as("counted by reason").isGreaterThan(before);
    assertValidDataStillAccepted();
  }

  private void assertValidDataStillAccepted() throws Exception {
    String traceHex = String.format("%032x", 0xABC000L + ++followUp);
    byte[] body = Requests.protobuf(s -> s.setTraceId(Requests.bytes(traceHex)));
    Answer answer = send(Target.OTLP, PROTOBUF, null, null, body);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(server.store().trace(Tenants.DEFAULT, TraceId.fromHex(traceHex))).isPresent();
  }

  /** A status and the answer's message as text. */
  record Answer(int status, String body) {}

  private static String label(Case bad) {
    if (bad.target() == Target.ZIPKIN) {
      return "zipkin_json";
    }
    return JSON.equals(bad.contentType()) ? "otlp_http_json" : "otlp_http_protobuf";
  }

  private Answer send(
      Target target, String contentType, String encoding, String tenant, byte[] body)
      throws IOException, InterruptedException {
    String url =
        target == Target.OTLP
            ? "http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"
            : "http://127.0.0.1:" + server.zipkinPort() + "/api/v2/spans";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    HttpResponse<byte[]> raw = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    String text =
        contentType.equals(PROTOBUF) && raw.statusCode() != 415 && raw.statusCode() != 413
            ? protobufText(raw)
            : new String(raw.body(), StandardCharsets.UTF_8);
    return new Answer(raw.statusCode(), text);
  }

  /** Protobuf answers carry their message as a UTF-8 string field: decode it for assertions. */
  private static String protobufText(HttpResponse<byte[]> raw) throws IOException {
    if (raw.statusCode() == 200) {
      var response =
          io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.parseFrom(
              raw.body());
      return response.getPartialSuccess().getErrorMessage()
          + " rejected="
          + response.getPartialSuccess().getRejectedSpans();
    }
    // google.rpc.Status: field 2 is the message.
    var in = com.google.protobuf.CodedInputStream.newInstance(raw.body());
    String message = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == (2 << 3 | 2)) {
        message = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    return message;
  }

  private double counted(String protocol, String reason) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double total = 0;
    Pattern line =
        Pattern.compile(
            "hopscope_rejected_(?:spans|requests)_total\\{protocol=\""
                + protocol
                + "\",reason=\""
                + reason
                + "\"\\} (\\S+)");
    Matcher matcher = line.matcher(metrics);
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  private static void replace(byte[] haystack, byte[] needle, byte[] replacement) {
    String hex = HexFormat.of().formatHex(haystack);
    int at = hex.indexOf(HexFormat.of().formatHex(needle)) / 2;
    System.arraycopy(replacement, 0, haystack, at, replacement.length);
  }
}
