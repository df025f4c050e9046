package dev.hopscope.bench;

import dev.hopscope.bench.e2e.BenchOptions;
import dev.hopscope.bench.e2e.BenchRun;
import java.util.Arrays;

/**
 * {@code java -jar bench/target/hopscope-bench.jar [options]} (or {@code ./hopscope bench}): the
 * end-to-end ingest and query benchmark. {@code --help} lists the options.
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  public static void main(String[] args) {
    System.exit(BenchRun.main(Arrays.asList(args), System.out, System.err));
  }

  /** For callers that want the options parsed the same way. */
  public static BenchOptions options(String... args) {
    return BenchOptions.parse(Arrays.asList(args));
  }
}
