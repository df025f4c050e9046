package dev.hopscope.bench.jmh;

import dev.hopscope.store.embedded.internal.block.BloomFilter;
import java.util.SplittableRandom;
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

/** The block trace-id bloom filter sized for 100,000 traces: a present and an absent id. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BloomLookupBenchmark {
  public static final int TRACES = 100_000;

  BloomFilter filter;
  long[] present;
  long[] absent;
  int next;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(7);
    filter = BloomFilter.forTraceIds(TRACES);
    present = new long[TRACES * 2];
    absent = new long[TRACES * 2];
    for (int i = 0; i < present.length; i++) {
      present[i] = random.nextLong();
      absent[i] = random.nextLong();
    }
    for (int i = 0; i < TRACES; i++) {
      filter.add(present[2 * i], present[2 * i + 1]);
    }
  }

  @Benchmark
  public boolean presentId() {
    int i = next++ % TRACES;
    return filter.mightContain(present[2 * i], present[2 * i + 1]);
  }

  @Benchmark
  public boolean absentId() {
    int i = next++ % TRACES;
    return filter.mightContain(absent[2 * i], absent[2 * i + 1]);
  }
}
