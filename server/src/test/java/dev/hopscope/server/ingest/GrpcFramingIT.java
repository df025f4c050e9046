package dev.hopscope.server.ingest;

import static dev.hopscope.server.ingest.RawGrpc.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.store.testing.Await;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed gRPC framing, spoken as raw HTTP/2 to OTLP/gRPC: the call gets a gRPC status
 * naming the problem within seconds (not at the client's deadline), is counted by reason, holds no
 * in-flight bytes afterwards, and a real OTLP exporter on another connection is served while the
 * bad stream is open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcFramingIT {
  private static final int MAX_MESSAGE = 64 * 1024;
  private static final int MAX_INFLATED = 256 * 1024;
  private static final Duration PROMPTLY = Duration.ofSeconds(5);
  private static final byte[] REQUEST = Requests.protobuf(span -> span);

  @TempDir static Path dataDir;

  private HopscopeServer server;
  private RawGrpc raw;
  private SdkTracerProvider tracing;

  @BeforeAll
  void start() {
    IngestLimits limits =
        IngestLimits.defaults().toBuilder()
            .maxCompressedBytes(MAX_MESSAGE)
            .maxDecompressedBytes(MAX_INFLATED)
            .build();
    server = HopscopeServer.start(ServerConfig.forTests(dataDir).withLimits(limits));
    raw = new RawGrpc(server.otlpGrpcPort());
    // The OpenTelemetry SDK's own OTLP/gRPC exporter, on its own (OkHttp) connection.
    tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                SimpleSpanProcessor.create(
                    OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
                        .build()))
            .build();
  }

  @AfterAll
  void stop() throws Exception {
    tracing.shutdown().join(10, TimeUnit.SECONDS);
    raw.close();
    server.close();
  }

  /** A malformed call: its headers and body, whether it ends its stream, and the due answer. */
  record Bad(
      String name,
      Map<String, String> headers,
      List<byte[]> chunks,
      boolean ends,
      GrpcStatus status,
      String reason,
      List<String> says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badCalls() {
    int n = REQUEST.length;
    byte[] cutShort = frame(0, n + 10, REQUEST);
    return Stream.of(
        new Bad(
            "message shorter than its length prefix",
            Map.of(),
            List.of(Arrays.copyOf(cutShort, 9), Arrays.copyOfRange(cutShort, 9, cutShort.length)),
            true,
            GrpcStatus.INTERNAL,
            "grpc_truncated_message",
            List.of("announces " + (n + 10) + " bytes", "after " + n)),
        new Bad(
            "stream ends inside the 5-byte prefix",
            Map.of(),
            List.of(new byte[] {0, 0, 0}),
            true,
            GrpcStatus.INTERNAL,
            "grpc_truncated_message",
            List.of("3 bytes into the 5-byte")),
        new Bad(
            "length prefix shorter than the message",
            Map.of(),
            List.of(frame(0, n - 3, REQUEST)),
            true,
            GrpcStatus.INTERNAL,
            "grpc_trailing_bytes",
            List.of("announces " + (n - 3) + " bytes", "exactly one")),
        new Bad(
            "two messages in one unary call",
            Map.of(),
            List.of(frame(REQUEST), frame(REQUEST)),
            true,
            GrpcStatus.INTERNAL,
            "grpc_trailing_bytes",
            List.of("exactly one")),
        new Bad(
            "protobuf sent without the gRPC prefix",
            Map.of(),
            List.of(REQUEST),
            true,
            GrpcStatus.INTERNAL,
            "grpc_invalid_flags",
            List.of("flags byte 0x0a", "gRPC client")),
        new Bad(
            "compressed flag without grpc-encoding",
            Map.of(),
            List.of(frame(1, Requests.gzip(REQUEST).length, Requests.gzip(REQUEST))),
            true,
            GrpcStatus.INTERNAL,
            "grpc_compressed_without_encoding",
            List.of("flags byte 1", "grpc-encoding: gzip")),
        new Bad(
            "compressed flag with grpc-encoding identity",
            Map.of("grpc-encoding", "identity"),
            List.of(frame(1, Requests.gzip(REQUEST).length, Requests.gzip(REQUEST))),
            true,
            GrpcStatus.INTERNAL,
            "grpc_compressed_without_encoding",
            List.of("identity or missing")),
        new Bad(
            "unsupported grpc-encoding",
            Map.of("grpc-encoding", "br"),
            List.of(frame(1, n, REQUEST)),
            false,
            GrpcStatus.UNIMPLEMENTED,
            "grpc_unsupported_encoding",
            List.of("\"br\"", "gzip, deflate or zstd")),
        new Bad(
            "message over the size limit (answered before its body)",
            Map.of(),
            List.of(frame(0, MAX_MESSAGE + 1, new byte[1024])),
            false,
            GrpcStatus.RESOURCE_EXHAUSTED,
            "body_too_large",
            List.of(
                (MAX_MESSAGE + 1) + " bytes",
                "limit of " + MAX_MESSAGE,
                "limits.maxCompressedBytes")),
        new Bad(
            "gzip message that inflates past the limit",
            Map.of("grpc-encoding", "gzip"),
            List.of(
                frame(
                    1,
                    Requests.gzip(new byte[MAX_INFLATED + 1]).length,
                    Requests.gzip(new byte[MAX_INFLATED + 1]))),
            true,
            GrpcStatus.RESOURCE_EXHAUSTED,
            "decompressed_too_large",
            List.of(String.valueOf(MAX_INFLATED), "limits.maxDecompressedBytes")),
        new Bad(
            "empty body",
            Map.of(),
            List.of(),
            true,
            GrpcStatus.INTERNAL,
            "grpc_missing_message",
            List.of("no gRPC message")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCalls")
  void isAnsweredPromptlyCountedAndHarmsNoOtherClient(Bad bad) throws Exception {
    double before = rejected(bad.reason());
    RawGrpc.Call call = raw.open(bad.headers());
    try {
      for (byte[] chunk : bad.chunks()) {
        call.write(chunk);
      }
      exportOnAnotherConnectionSucceeds();
      if (bad.ends()) {
        call.end();
      }
      RawGrpc.Answer answer = call.answer(PROMPTLY);

      assertThat(answer.httpStatus()).isEqualTo(200);
      assertThat(answer.trailersOnly()).as("a status with no message").isTrue();
      assertThat(answer.grpcStatus()).as(answer.grpcMessage()).isEqualTo(bad.status().toString());
      for (String part : bad.says()) {
        assertThat(answer.grpcMessage()).as("the answer names %s", part).contains(part);
      }
      assertThat(answer.headers().get("grpc-accept-encoding")).isEqualTo("gzip,deflate,zstd");
    } finally {
      call.reset();
    }
    assertThat(rejected(bad.reason())).as("counted by reason").isEqualTo(before + 1);
    Await.until(
        "no request bytes in flight", PROMPTLY, () -> ServerMetricsText.inflightBytes(server) == 0);
  }

  @Test
  void aWellFormedCallInOddlySplitDataFramesIsAcceptedWithAMessageAndOkTrailers() throws Exception {
    String traceHex = String.format("%032x", 0xF00DL);
    byte[] framed = frame(Requests.protobuf(s -> s.setTraceId(Requests.bytes(traceHex))));
    RawGrpc.Call call = raw.open(Map.of());
    int[] cuts = {0, 1, 4, 6, framed.length / 2, framed.length};
    for (int i = 1; i < cuts.length; i++) {
      call.write(Arrays.copyOfRange(framed, cuts[i - 1], cuts[i]));
    }
    call.end();
    RawGrpc.Answer answer = call.answer(PROMPTLY);

    assertThat(answer.trailersOnly()).isFalse();
    assertThat(answer.grpcStatus()).isEqualTo("0");
    assertThat(answer.body()[0]).as("an uncompressed response message").isZero();
    ExportTraceServiceResponse response =
        ExportTraceServiceResponse.parseFrom(
            Arrays.copyOfRange(
                answer.body(), UnaryMessageReader.PREFIX_BYTES, answer.body().length));
    assertThat(response.getPartialSuccess().getRejectedSpans()).isZero();
    assertThat(server.store().trace(Tenants.DEFAULT, TraceId.fromHex(traceHex))).isPresent();
  }

  @Test
  void anEmptyMessageIsAValidExportOfNothing() throws Exception {
    RawGrpc.Call call = raw.open(Map.of());
    call.write(frame(new byte[0]));
    call.end();
    assertThat(call.answer(PROMPTLY).grpcStatus()).isEqualTo("0");
  }

  @Test
  void halfAFrameThenAResetHoldsNothingAndTheConnectionServesTheNextCall() throws Exception {
    int declared = 40_000;
    RawGrpc.Call half = raw.open(Map.of());
    half.write(frame(0, declared, new byte[10_000]));
    // The message's declared bytes are held in the budget while its body arrives ...
    Await.until(
        "the half message held in flight",
        PROMPTLY,
        () -> ServerMetricsText.inflightBytes(server) == declared);
    exportOnAnotherConnectionSucceeds();
    half.reset();
    // ... and given back when the client gives up on it.
    Await.until(
        "no request bytes in flight", PROMPTLY, () -> ServerMetricsText.inflightBytes(server) == 0);

    RawGrpc.Call next = raw.open(Map.of());
    next.write(frame(REQUEST));
    next.end();
    assertThat(next.answer(PROMPTLY).grpcStatus()).isEqualTo("0");
  }

  @Test
  void halfAFrameThenAClosedConnectionHoldsNothing() throws Exception {
    int declared = 30_000;
    try (RawGrpc dropping = new RawGrpc(server.otlpGrpcPort())) {
      dropping.open(Map.of()).write(frame(0, declared, new byte[5_000]));
      Await.until(
          "the half message held in flight",
          PROMPTLY,
          () -> ServerMetricsText.inflightBytes(server) == declared);
    }
    Await.until(
        "no request bytes in flight", PROMPTLY, () -> ServerMetricsText.inflightBytes(server) == 0);
    exportOnAnotherConnectionSucceeds();
  }

  /** A span through the SDK's exporter is acknowledged and readable. */
  private void exportOnAnotherConnectionSucceeds() {
    Span span = tracing.get("dev.hopscope.it").spanBuilder("healthy").startSpan();
    span.end();
    assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
        .as("the exporter got an OK answer")
        .isTrue();
    TraceId traceId = TraceId.fromHex(span.getSpanContext().getTraceId());
    assertThat(server.store().trace(Tenants.DEFAULT, traceId)).isPresent();
  }

  private double rejected(String reason) throws Exception {
    Matcher matcher =
        Pattern.compile(
                "hopscope_rejected_requests_total\\{protocol=\"otlp_grpc\",reason=\""
                    + reason
                    + "\"\\} (\\S+)")
            .matcher(ServerMetricsText.scrape(server));
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
