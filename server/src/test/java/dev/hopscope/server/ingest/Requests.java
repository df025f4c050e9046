package dev.hopscope.server.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/** Builds OTLP request bodies for ingest tests with the reference protobuf classes. */
final class Requests {
  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String SPAN_ID = "eee19b7ec3c1b174";

  /** Now (at class load), so that the data is inside every retention window. */
  static final long START = System.currentTimeMillis() * 1_000_000L;

  private Requests() {}

  static Span.Builder validSpan() {
    return Span.newBuilder()
        .setTraceId(bytes(TRACE_ID))
        .setSpanId(bytes(SPAN_ID))
        .setName("GET /products")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(START)
        .setEndTimeUnixNano(START + 5_000_000);
  }

  /** One resource ("webapp") with the given spans. */
  static byte[] protobuf(Span.Builder... spans) {
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
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("webapp"))))
                .addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  static byte[] protobuf(UnaryOperator<Span.Builder> change) {
    return protobuf(change.apply(validSpan()));
  }

  static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  /** A minimal valid OTLP JSON request whose span JSON is {@code spanFields}. */
  static String json(String spanFields) {
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
        + "\"value\":{\"stringValue\":\"webapp\"}}]},\"scopeSpans\":[{\"spans\":[{"
        + spanFields
        + "}]}]}]}";
  }

  static String validJsonSpanFields() {
    return "\"traceId\":\""
        + TRACE_ID
        + "\",\"spanId\":\""
        + SPAN_ID
        + "\",\"name\":\"GET /products\",\"kind\":2,\"startTimeUnixNano\":\""
        + START
        + "\",\"endTimeUnixNano\":\""
        + (START + 5_000_000)
        + "\"";
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code size} zero bytes, gzipped: a tiny body that inflates enormously. */
  static byte[] zipBomb(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      for (int written = 0; written < size; written += zeros.length) {
        gzip.write(zeros);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
