package dev.hopscope.server.ingest;

import static dev.hopscope.server.ingest.MalformedCases.JSON;
import static dev.hopscope.server.ingest.MalformedCases.MAX_COMPRESSED;
import static dev.hopscope.server.ingest.MalformedCases.MAX_SPANS;
import static dev.hopscope.server.ingest.MalformedCases.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.hopscope.server.ingest.MalformedCases#cases")
  void isRefusedWithAPreciseAnswerAndNothingIsLost(MalformedCases.Case bad) throws Exception {
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
    Answer answer = send(MalformedCases.Target.OTLP, PROTOBUF, null, null, body);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(server.store().trace(Tenants.DEFAULT, TraceId.fromHex(traceHex))).isPresent();
  }

  /** A status and the answer's message as text. */
  record Answer(int status, String body) {}

  private static String label(MalformedCases.Case bad) {
    if (bad.target() == MalformedCases.Target.ZIPKIN) {
      return "zipkin_json";
    }
    return JSON.equals(bad.contentType()) ? "otlp_http_json" : "otlp_http_protobuf";
  }

  private Answer send(
      MalformedCases.Target target, String contentType, String encoding, String tenant, byte[] body)
      throws IOException, InterruptedException {
    String url =
        target == MalformedCases.Target.OTLP
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
}
