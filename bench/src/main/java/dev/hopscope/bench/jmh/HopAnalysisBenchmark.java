package dev.hopscope.bench.jmh;

import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.bench.workload.Workload;
import dev.hopscope.model.Trace;
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

/** Full analysis (hops, peers, clock skew, critical path, findings) of one 10,000-span trace. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HopAnalysisBenchmark {
  public static final int SPANS = 10_000;

  Trace trace;

  @Setup
  public void setup() {
    trace = new Workload(Workload.DEFAULT_SEED).bigTrace(SPANS, Data.START_NANOS);
  }

  @Benchmark
  public TraceAnalysis analyze() {
    return TraceAnalyzer.analyze(trace);
  }
}
