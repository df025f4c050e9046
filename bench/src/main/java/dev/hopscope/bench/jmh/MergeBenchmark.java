package dev.hopscope.bench.jmh;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.embedded.BlockFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compaction's merge: four blocks of about 10,000 spans each, written as head cuts write them from
 * 20 request batches of the load's workload, merged into one (zstd level 3, row groups of 1,024, no
 * digest) as the engine merges a run of small blocks. Spans counted are the rows written.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeBenchmark {
  private static final int INPUTS = 4;
  private static final int REQUESTS_PER_INPUT = 20;

  Path directory;
  List<Path> inputs;
  int written;

  @Setup
  public void setup() throws IOException {
    directory = Files.createTempDirectory("hopscope-jmh-merge-");
    List<SpanBatch> requests = Data.requests(INPUTS * REQUESTS_PER_INPUT, 500);
    inputs = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      Path file = directory.resolve("input-" + i + ".block");
      List<SpanBatch> part = requests.subList(i * REQUESTS_PER_INPUT, (i + 1) * REQUESTS_PER_INPUT);
      BlockFileWriter.write(file, part, 3, 1024);
      inputs.add(file);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    Data.deleteFlatDirectory(directory);
  }

  @Benchmark
  public long merge(Counters counters) throws IOException {
    Path file = directory.resolve("merged-" + (written++) + ".block");
    long rows = BlockFileWriter.merge(file, inputs, 3, 1024);
    long size = Files.size(file);
    Files.delete(file);
    counters.count(rows, size);
    return rows;
  }
}
