package dev.hopscope.bench.jmh;

import dev.hopscope.otlp.DecodeResult;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.otlp.OtlpProtobufDecoder;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
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

/**
 * OTLP protobuf request (500 spans, 10 attributes each) to our columnar batch, side by side with
 * protobuf-java parsing the same bytes into its object tree (which still leaves the mapping to do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OtlpDecodeBenchmark {
  public static final int SPANS = 500;

  byte[] body;
  IngestLimits limits;

  @Setup
  public void setup() {
    body = OtlpProtobufEncoder.encode(Data.batch(SPANS));
    limits = IngestLimits.defaults();
  }

  @Benchmark
  public DecodeResult hopscopeDecode(Counters counters) {
    DecodeResult result = OtlpProtobufDecoder.decode(body, limits);
    counters.count(SPANS, body.length);
    return result;
  }

  @Benchmark
  public ExportTraceServiceRequest protobufJavaParse(Counters counters)
      throws com.google.protobuf.InvalidProtocolBufferException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
    counters.count(SPANS, body.length);
    return request;
  }
}
