package dev.hopscope.bench.jmh;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockWriter;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 10,000-span block (rows sorted by trace id and start, zstd level 3, row groups of 4,096):
 * encoding it to a file, including the footer and the final force, and decoding every row back to
 * spans from an open block. {@code cut} writes a block as a head cut does: from 20 request batches
 * of 500 spans, rows in block order, so neighbouring rows come from different batches, at zstd
 * level {@code cutLevel} (the store cuts at 1 and compacts at 3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlockBenchmark {
  public static final int SPANS = 10_000;

  /** The zstd level of {@code cut}'s block; the other benchmarks write level 3. */
  @Param({"1", "3"})
  public int cutLevel;

  SpanBatch sorted;
  long traces;
  List<SpanBatch> requests;
  // The requests' rows in block order: (batch index << 32 | row).
  long[] cutOrder;
  Path directory;
  Block block;
  long blockBytes;
  int written;

  @Setup
  public void setup() throws IOException {
    sorted = Data.sortedForBlock(Data.batch(SPANS));
    traces = Data.traces(sorted).size();
    directory = Files.createTempDirectory("hopscope-jmh-block-");
    Path file = directory.resolve("decode.block");
    write(file);
    block = Block.open(file);
    blockBytes = Files.size(file);
    requests = Data.requests(20, 500);
    cutOrder = blockOrder(requests);
  }

  private static long[] blockOrder(List<SpanBatch> batches) {
    List<long[]> keyed = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      SpanBatch batch = batches.get(b);
      for (int row = 0; row < batch.size(); row++) {
        keyed.add(
            new long[] {
              batch.traceIdHigh(row),
              batch.traceIdLow(row),
              batch.startNanos(row),
              (long) b << 32 | row
            });
      }
    }
    keyed.sort(
        Comparator.<long[], Long>comparing(k -> k[0], Long::compareUnsigned)
            .thenComparing(k -> k[1], Long::compareUnsigned)
            .thenComparingLong(k -> k[2]));
    return keyed.stream().mapToLong(k -> k[3]).toArray();
  }

  @TearDown
  public void tearDown() throws IOException {
    Data.deleteFlatDirectory(directory);
  }

  private void write(Path file) throws IOException {
    try (BlockWriter writer = new BlockWriter(file, traces, 3, 4096)) {
      for (int row = 0; row < sorted.size(); row++) {
        writer.add(sorted, row);
      }
      writer.finish();
    }
  }

  @Benchmark
  public long encode(Counters counters) throws IOException {
    Path file = directory.resolve("encode-" + (written++) + ".block");
    write(file);
    long size = Files.size(file);
    Files.delete(file);
    counters.count(SPANS, size);
    return size;
  }

  @Benchmark
  public long cut(Counters counters) throws IOException {
    Path file = directory.resolve("cut-" + (written++) + ".block");
    try (BlockWriter writer = new BlockWriter(file, traces, cutLevel, 4096)) {
      for (long ref : cutOrder) {
        writer.add(requests.get((int) (ref >>> 32)), (int) ref);
      }
      writer.finish();
    }
    long size = Files.size(file);
    Files.delete(file);
    counters.count(cutOrder.length, size);
    return size;
  }

  @Benchmark
  public int decode(Counters counters) {
    int spans = 0;
    for (int g = 0; g < block.rowGroupCount(); g++) {
      RowGroup group = block.rowGroup(g);
      List<Span> rows = group.spans(0, group.rowCount());
      spans += rows.size();
    }
    counters.count(spans, blockBytes);
    return spans;
  }
}
