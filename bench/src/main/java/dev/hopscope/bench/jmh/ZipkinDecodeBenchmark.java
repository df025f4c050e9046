package dev.hopscope.bench.jmh;

import dev.hopscope.otlp.DecodeResult;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.otlp.ZipkinJsonDecoder;
import dev.hopscope.otlp.ZipkinJsonEncoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A Zipkin v2 JSON request (500 spans, 10 tags each, as zipkin-reporter sends them) to our columnar
 * batch in OpenTelemetry semantics, side by side with Zipkin's own {@code SpanBytesDecoder} reading
 * the same bytes into its span objects (what Zipkin's server does before storing them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ZipkinDecodeBenchmark {
  public static final int SPANS = 500;

  byte[] body;
  IngestLimits limits;

  @Setup
  public void setup() {
    body =
        ZipkinJsonEncoder.encode(Data.batch(SPANS).toSpans())
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    limits = IngestLimits.defaults();
    int decoded = SpanBytesDecoder.JSON_V2.decodeList(body).size();
    if (decoded != SPANS) {
      throw new IllegalStateException("Zipkin's decoder read " + decoded + " of " + SPANS);
    }
  }

  @Benchmark
  public DecodeResult hopscopeDecode(Counters counters) {
    DecodeResult result = ZipkinJsonDecoder.decode(body, limits);
    counters.count(SPANS, body.length);
    return result;
  }

  @Benchmark
  public List<Span> zipkinSpanBytesDecoder(Counters counters) {
    List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(body);
    counters.count(SPANS, body.length);
    return spans;
  }
}
