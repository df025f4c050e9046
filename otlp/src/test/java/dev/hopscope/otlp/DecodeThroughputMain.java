package dev.hopscope.otlp;

import com.google.protobuf.util.JsonFormat;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * A rough, JMH-free measure of decode throughput, run by hand (not a test): our decoder against
 * protobuf-java on the same bytes, single thread. JMH numbers belong to the bench module; this is
 * the quick check while working on the decoder.
 *
 * <pre>
 * ./mvnw -q -pl otlp dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp otlp/target/classes:otlp/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.hopscope.otlp.DecodeThroughputMain
 * </pre>
 */
public final class DecodeThroughputMain {
  private static final int SPANS_PER_REQUEST = 1_000;
  private static final long WARMUP_NANOS = 4_000_000_000L;
  private static final long ROUND_NANOS = 1_000_000_000L;
  private static final int ROUNDS = 8;

  private DecodeThroughputMain() {}

  public static void main(String[] args) throws Exception {
    List<Span> spans = httpServerSpans(new Random(42));
    byte[] protobuf = OtlpProtobufEncoder.encode(SpanBatch.of(spans));
    byte[] json = OtlpJsonEncoder.encode(spans).getBytes(StandardCharsets.UTF_8);
    // JsonFormat reads protobuf's JSON mapping, whose ids are base64 rather than OTLP's hex.
    byte[] protobufJson =
        OtlpJsonPropertyTest.convertIds(
                new String(json, StandardCharsets.UTF_8), OtlpJsonPropertyTest::hexToBase64)
            .getBytes(StandardCharsets.UTF_8);
    IngestLimits limits = IngestLimits.defaults();
    System.out.printf(
        "request: %d spans, protobuf %d bytes, JSON %d bytes%n",
        SPANS_PER_REQUEST, protobuf.length, json.length);

    Map<String, Measured> decoders = new LinkedHashMap<>();
    decoders.put("ours, protobuf -> SpanBatch", new Measured(protobuf, b -> decode(b, limits)));
    decoders.put(
        "protobuf-java parseFrom (object tree only)",
        new Measured(protobuf, b -> parse(b).getResourceSpansCount()));
    decoders.put(
        "protobuf-java parseFrom + map to SpanBatch",
        new Measured(
            protobuf, b -> SpanBatch.of(ReferenceMapper.map(parse(b), limits).spans()).size()));
    decoders.put(
        "ours, OTLP JSON -> SpanBatch",
        new Measured(json, b -> OtlpJsonDecoder.decode(b, limits).accepted().size()));
    decoders.put(
        "JsonFormat.parser() (object tree only)",
        new Measured(protobufJson, b -> parseJson(b).getResourceSpansCount()));
    decoders.values().forEach(decoder -> run(decoder, WARMUP_NANOS));
    // The machine is shared: time is this thread's CPU time, rounds interleave the decoders, and
    // the best round of each counts, the one least disturbed by other processes (caches, GC).
    Map<String, Double> best = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      decoders.forEach((name, decoder) -> best.merge(name, run(decoder, ROUND_NANOS), Math::max));
    }
    best.forEach(
        (name, requestsPerSecond) ->
            System.out.printf(
                "%-45s %,12.0f spans/s %8.1f MB/s (per CPU-second)%n",
                name,
                requestsPerSecond * SPANS_PER_REQUEST,
                requestsPerSecond * decoders.get(name).body().length / 1e6));
  }

  private record Measured(byte[] body, ToIntFunction<byte[]> decode) {}

  private static ExportTraceServiceRequest parseJson(byte[] body) {
    try {
      ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
      JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), out);
      return out.build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int decode(byte[] body, IngestLimits limits) {
    DecodeResult result = OtlpProtobufDecoder.decode(body, limits);
    if (result.rejectedSpans() != 0) {
      throw new IllegalStateException(result.errorMessage());
    }
    return result.accepted().size();
  }

  /** One service's request worth of HTTP server spans, as an OTel SDK batch exporter sends. */
  private static List<Span> httpServerSpans(Random random) {
    Resource resource =
        Resource.of(
            Attributes.builder()
                .put("service.name", "webapp")
                .put("service.version", "1.4.2")
                .put("deployment.environment.name", "production")
                .put("host.name", "web-7f9c6d-x2k4q")
                .put("telemetry.sdk.language", "java")
                .put("telemetry.sdk.name", "opentelemetry")
                .put("telemetry.sdk.version", "1.68.0")
                .build());
    InstrumentationScope scope = InstrumentationScope.of("io.opentelemetry.okhttp-3.0", "2.31.1");
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
      long start = 1_700_000_000_000_000_000L + random.nextInt(1 << 30);
      int id = random.nextInt(5000);
      Span.Builder span =
          Span.builder(
                  new TraceId(random.nextLong() | 1, random.nextLong()),
                  new SpanId(random.nextLong() | 1))
              .parentSpanId(random.nextBoolean() ? new SpanId(random.nextLong() | 1) : null)
              .name("GET /api/products/{id}")
              .kind(SpanKind.SERVER)
              .startNanos(start)
              .endNanos(start + random.nextInt(50_000_000))
              .flags(1)
              .resource(resource)
              .scope(scope)
              .attributes(
                  Attributes.builder()
                      .put("http.request.method", "GET")
                      .put("http.route", "/api/products/{id}")
                      .put("url.path", "/api/products/" + id)
                      .put("url.scheme", "https")
                      .put("http.response.status_code", random.nextInt(20) == 0 ? 500L : 200L)
                      .put("server.address", "shop.example")
                      .put("server.port", 8080L)
                      .put("network.protocol.version", "1.1")
                      .put(
                          "client.address", "10.0." + random.nextInt(4) + "." + random.nextInt(250))
                      .put(
                          "user_agent.original",
                          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)")
                      .build());
      if (random.nextInt(20) == 0) {
        span.status(Status.error("upstream timeout"))
            .events(
                List.of(
                    new Event(
                        start + 1000,
                        "exception",
                        Attributes.builder()
                            .put("exception.type", "java.net.SocketTimeoutException")
                            .put("exception.message", "Read timed out")
                            .build(),
                        0)));
      }
      spans.add(span.build());
    }
    return spans;
  }

  private static ExportTraceServiceRequest parse(byte[] body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Requests decoded per CPU-second of this thread over about {@code nanos} of wall time. */
  private static double run(Measured measured, long nanos) {
    byte[] body = measured.body();
    ToIntFunction<byte[]> decode = measured.decode();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long requests = 0;
    long sink = 0;
    long cpuStart = threads.getCurrentThreadCpuTime();
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      sink += decode.applyAsInt(body);
      requests++;
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    if (sink == Long.MIN_VALUE) { // never true, but the JIT cannot know: the work stays
      System.out.println(sink);
    }
    return requests / (cpu / 1e9);
  }
}
