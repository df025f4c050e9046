package dev.hopscope.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for the Hopscope server's OTLP/HTTP receiver, only for tests while the real one is
 * being written: accepts {@code POST /v1/traces} protobuf on loopback and keeps every span.
 */
final class OtlpTestReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<ReceivedSpan> spans = new ArrayList<>();

  private OtlpTestReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpTestReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OtlpTestReceiver receiver = new OtlpTestReceiver(server);
    server.createContext("/v1/traces", receiver::export);
    server.start();
    return receiver;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Waits until the spans received so far satisfy {@code condition}; returns them. */
  synchronized List<ReceivedSpan> await(Predicate<List<ReceivedSpan>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(spans)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("spans did not arrive within " + timeout + "; have " + spans);
      }
      wait(Math.max(1, left / 1_000_000)); // woken by each export
    }
    return List.copyOf(spans);
  }

  synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  private void export(HttpExchange exchange) throws IOException {
    ExportTraceServiceRequest request;
    try (InputStream body = body(exchange)) {
      request = ExportTraceServiceRequest.parseFrom(body);
    }
    List<ReceivedSpan> received = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          received.add(ReceivedSpan.of(resource, span));
        }
      }
    }
    synchronized (this) {
      spans.addAll(received);
      notifyAll();
    }
    byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response);
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream body = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
  }

  static Map<String, String> attributes(List<KeyValue> keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      AnyValue value = keyValue.getValue();
      map.put(
          keyValue.getKey(),
          switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
          });
    }
    return map;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** One received span, with its resource, ids in lower-case hex. */
  record ReceivedSpan(
      Map<String, String> resource,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span.SpanKind kind,
      long startNanos,
      long endNanos,
      Map<String, String> attributes,
      Status.StatusCode status) {
    static ReceivedSpan of(Map<String, String> resource, Span span) {
      HexFormat hex = HexFormat.of();
      return new ReceivedSpan(
          resource,
          hex.formatHex(span.getTraceId().toByteArray()),
          hex.formatHex(span.getSpanId().toByteArray()),
          hex.formatHex(span.getParentSpanId().toByteArray()),
          span.getName(),
          span.getKind(),
          span.getStartTimeUnixNano(),
          span.getEndTimeUnixNano(),
          OtlpTestReceiver.attributes(span.getAttributesList()),
          span.getStatus().getCode());
    }

    double durationMillis() {
      return (endNanos - startNanos) / 1e6;
    }

    String service() {
      return resource.get("service.name");
    }

    @Override
    public String toString() {
      return service() + ":" + name + "(" + spanId + "<-" + parentSpanId + ")";
    }
  }
}
