package dev.hopscope.bench.jmh;

import dev.hopscope.model.Trace;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.query.traceql.TraceQlQuery;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TraceQL evaluation over 10,000 spans of materialised traces (the work left after the store's
 * pruning): an attribute filter, an intrinsic filter and a structural query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceQlFilterBenchmark {
  public static final int SPANS = 10_000;

  @Param({
    "{ resource.service.name = \"checkout\" && span.http.response.status_code >= 500 }",
    "{ duration > 100ms && kind = server }",
    "{ resource.service.name = \"frontend\" } >> { status = error }"
  })
  public String query;

  TraceQlEngine engine;
  TraceQlQuery parsed;
  List<Trace> traces;

  @Setup
  public void setup() {
    engine = TraceQlEngine.create();
    parsed = engine.parse(query);
    traces = Data.traces(Data.batch(SPANS));
  }

  @Benchmark
  public int evaluate(Counters counters) {
    int matches = 0;
    for (Trace trace : traces) {
      if (engine.evaluate(trace, parsed).isPresent()) {
        matches++;
      }
    }
    counters.count(SPANS, 0);
    return matches;
  }
}
