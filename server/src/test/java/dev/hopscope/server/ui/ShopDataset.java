package dev.hopscope.server.ui;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The shop from the docs — webapp → auth → h2 database — as a fixed set of traces sent with the
 * real OpenTelemetry SDK over OTLP/HTTP protobuf. Ids come from a seeded generator; only the base
 * time follows the wall clock so the traces fall into the UI's default "last hour".
 */
final class ShopDataset {
  static final int TRACES = 12;
  static final int SKEWED = 3;
  static final int RETRY = 7;

  /** What was sent, for assertions: trace ids in send order. */
  final List<String> traceIds = new ArrayList<>();

  private ShopDataset() {}

  static ShopDataset send(int otlpHttpPort, long baseNanos) {
    ShopDataset dataset = new ShopDataset();
    IdGenerator ids = new SeededIds(20261201L);
    Collector collected = new Collector();
    try (SdkTracerProvider webapp = provider("webapp", "web-1", collected, ids);
        SdkTracerProvider auth = provider("auth", "auth-1", collected, ids)) {
      Tracer web = webapp.get("dev.hopscope.ui-test");
      Tracer authTracer = auth.get("dev.hopscope.ui-test");
      Random random = new Random(42);
      SpanContext previousRoot = null;
      for (int i = 0; i < TRACES; i++) {
        long start = baseNanos + i * 30_000_000_000L;
        long outboundGap = ms(5 + random.nextInt(110));
        long query = ms(10 + random.nextInt(60));
        boolean error = i % 5 == 4;
        Span root =
            web.spanBuilder("GET /products")
                .setSpanKind(SpanKind.SERVER)
                .setNoParent()
                .setStartTimestamp(start, TimeUnit.NANOSECONDS)
                .setAttribute("http.request.method", "GET")
                .setAttribute("http.route", "/products")
                .setAttribute("user.tier", i % 3 == 0 ? "gold" : "standard")
                .startSpan();
        if (previousRoot != null) {
          root.addLink(
              previousRoot, Attributes.of(AttributeKey.stringKey("link.reason"), "retry of"));
        }
        long clientStart = start + ms(2);
        Span client =
            web.spanBuilder("POST /validate")
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Context.root().with(root))
                .setStartTimestamp(clientStart, TimeUnit.NANOSECONDS)
                .setAttribute("server.address", "auth")
                .setAttribute("http.request.method", "POST")
                .startSpan();
        // Trace SKEWED has auth's clock behind: its server span starts 30 ms before its client.
        long skew = i == SKEWED ? -(outboundGap + ms(30)) : 0;
        long serverStart = clientStart + outboundGap + skew;
        Span server =
            authTracer
                .spanBuilder("ValidateToken")
                .setSpanKind(SpanKind.SERVER)
                .setParent(Context.root().with(client))
                .setStartTimestamp(serverStart, TimeUnit.NANOSECONDS)
                .setAttribute("http.route", "/validate")
                .startSpan();
        long cursor = serverStart + ms(1);
        int queries = i == RETRY ? 2 : 1;
        for (int q = 0; q < queries; q++) {
          Span db =
              authTracer
                  .spanBuilder(q == 0 ? "SELECT shop.products" : "retry SELECT shop.products")
                  .setSpanKind(SpanKind.CLIENT)
                  .setParent(Context.root().with(server))
                  .setStartTimestamp(cursor, TimeUnit.NANOSECONDS)
                  .setAttribute("db.system", "h2")
                  .setAttribute("db.namespace", "shop")
                  .setAttribute("db.statement", "SELECT * FROM products WHERE id = ?")
                  .startSpan();
          cursor += query * (i == RETRY ? 4 : 1);
          db.end(cursor, TimeUnit.NANOSECONDS);
          cursor += ms(1);
        }
        if (error) {
          server.addEvent(
              "exception",
              Attributes.of(AttributeKey.stringKey("exception.message"), "token expired"),
              cursor,
              TimeUnit.NANOSECONDS);
          server.setStatus(StatusCode.ERROR, "token expired");
        }
        server.end(cursor, TimeUnit.NANOSECONDS);
        long clientEnd = cursor - skew + ms(2 + random.nextInt(5));
        client.end(clientEnd, TimeUnit.NANOSECONDS);
        root.end(clientEnd + ms(3), TimeUnit.NANOSECONDS);
        previousRoot = root.getSpanContext();
        dataset.traceIds.add(root.getSpanContext().getTraceId());
      }
    }
    // One export of everything, so the server has acknowledged every span before tests start.
    try (OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + otlpHttpPort + "/v1/traces")
            .build()) {
      CompletableResultCode result = exporter.export(collected.spans).join(30, TimeUnit.SECONDS);
      if (!result.isSuccess()) {
        throw new IllegalStateException("the server did not accept the shop dataset");
      }
    }
    return dataset;
  }

  private static long ms(long millis) {
    return millis * 1_000_000L;
  }

  private static SdkTracerProvider provider(
      String service, String host, SpanExporter exporter, IdGenerator ids) {
    Resource resource =
        Resource.create(
            Attributes.builder().put("service.name", service).put("host.name", host).build());
    return SdkTracerProvider.builder()
        .setResource(resource)
        .setIdGenerator(ids)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  /** Keeps what the SDK recorded until it is sent in one request. */
  private static final class Collector implements SpanExporter {
    final List<SpanData> spans = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Deterministic ids shared by both providers, so every run sends the same traces. */
  private static final class SeededIds implements IdGenerator {
    private final Random random;

    SeededIds(long seed) {
      this.random = new Random(seed);
    }

    @Override
    public synchronized String generateSpanId() {
      return hex(8);
    }

    @Override
    public synchronized String generateTraceId() {
      return hex(16);
    }

    private String hex(int bytes) {
      byte[] value = new byte[bytes];
      do {
        random.nextBytes(value);
      } while (value[0] == 0);
      return HexFormat.of().formatHex(value);
    }
  }
}
