package dev.hopscope.bench.jmh;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.server.api.ServiceGraphDigester;
import dev.hopscope.store.digest.TraceDigester;
import java.util.ArrayList;
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

/**
 * What the service-graph digest adds to writing a block: the same 10,000 sorted spans as {@link
 * BlockBenchmark}, each trace's run viewed as spans and digested as the block writer does, then the
 * digest encoded. Compare its spans per second with {@code BlockBenchmark.encode}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GraphDigestBenchmark {
  SpanBatch sorted;
  final TraceDigester digester = new ServiceGraphDigester();
  byte[] lastDigest = new byte[0];

  @Setup
  public void setup() {
    sorted = Data.sortedForBlock(Data.batch(BlockBenchmark.SPANS));
  }

  @Benchmark
  public int digest(Counters counters) {
    TraceDigester.Digest digest = digester.start();
    List<Span> run = new ArrayList<>();
    for (int row = 0; row < sorted.size(); row++) {
      if (!run.isEmpty()
          && (run.get(0).traceId().high() != sorted.traceIdHigh(row)
              || run.get(0).traceId().low() != sorted.traceIdLow(row))) {
        digest.add(run);
        run.clear();
      }
      run.add(sorted.spanView(row)); // as the block writer hands spans to its digest
    }
    digest.add(run);
    byte[] bytes = digest.finish();
    lastDigest = bytes;
    counters.count(sorted.size(), bytes.length);
    return bytes.length;
  }
}
