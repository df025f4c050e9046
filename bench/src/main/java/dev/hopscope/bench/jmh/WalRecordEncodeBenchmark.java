package dev.hopscope.bench.jmh;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.embedded.internal.wal.WalRecordCodec;
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

/** Encoding a 500-span batch into a WAL record, the CPU part of every durable write. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WalRecordEncodeBenchmark {
  public static final int SPANS = 500;

  SpanBatch batch;

  @Setup
  public void setup() {
    batch = Data.batch(SPANS);
  }

  @Benchmark
  public byte[] encodeRecord(Counters counters) {
    byte[] encoded = WalRecordCodec.encode(batch);
    counters.count(SPANS, encoded.length);
    return encoded;
  }
}
