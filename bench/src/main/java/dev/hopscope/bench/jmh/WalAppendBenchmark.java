package dev.hopscope.bench.jmh;

import dev.hopscope.store.embedded.internal.wal.WalRecordCodec;
import dev.hopscope.store.embedded.internal.wal.WalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One writer thread appending 500-span records and waiting for each to be durable: with {@code
 * fsync} every append waits for its own {@code FileChannel.force} (no group to share it with), so
 * this is the single-client floor; with {@code none} it is the write cost (encoding the record is
 * {@link WalRecordEncodeBenchmark}). The WAL directory is emptied after every iteration so the disk
 * does not fill.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WalAppendBenchmark {
  public static final int SPANS = 500;

  /**
   * The WAL hands each record's attachment to its listener; this benchmark's listener ignores it.
   */
  private static final Object NO_ATTACHMENT = new Object();

  @Param({"none", "fsync"})
  public String sync;

  dev.hopscope.model.SpanBatch batch;
  byte[] record;
  Path directory;
  WalWriter writer;

  @Setup(Level.Trial)
  public void data() {
    batch = Data.batch(SPANS);
    record = WalRecordCodec.encode(batch);
  }

  @Setup(Level.Iteration)
  public void open() throws IOException {
    directory = Files.createTempDirectory("hopscope-jmh-wal-");
    writer = new WalWriter(directory, 1, sync.equals("fsync"), (segment, attachment) -> {}, "jmh");
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    writer.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Benchmark
  public Long append(Counters counters) {
    Long position = writer.append(record, SPANS, NO_ATTACHMENT).join();
    counters.count(SPANS, record.length);
    return position;
  }
}
