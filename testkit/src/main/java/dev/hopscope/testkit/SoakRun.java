package dev.hopscope.testkit;

import dev.hopscope.process.ChildServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A child server under a fixed, moderate OTLP/HTTP rate for a long time, sampled every interval:
 * heap in use (its own {@code /metrics}), p99 of the window's accepted requests, and the data
 * directory's size. What a healthy server shows is three flat lines; {@link SoakPlot} draws them.
 */
public final class SoakRun {
  /** One sample. */
  public record Sample(
      double elapsedSeconds, long heapBytes, long p99Micros, long requests, long diskBytes) {}

  private final Path jar;
  private final Path workDirectory;
  private final long seed;
  private final List<String> serveOptions;

  /**
   * @param serveOptions extra {@code serve} flags, e.g. {@code --retention 2m} to see the disk
   *     level off within a short run
   */
  public SoakRun(Path jar, Path workDirectory, long seed, List<String> serveOptions) {
    this.jar = jar;
    this.workDirectory = workDirectory;
    this.seed = seed;
    this.serveOptions = List.copyOf(serveOptions);
  }

  /**
   * @param requestsPerSecond offered rate, 20 spans per request
   */
  public List<Sample> run(
      Duration length, Duration interval, double requestsPerSecond, PrintWriter out)
      throws IOException, InterruptedException {
    Path data = workDirectory.resolve("data");
    List<Sample> samples = new ArrayList<>();
    AckLedger ledger = new AckLedger();
    try (ChildServer server =
            ChildServer.start(jar, data, List.of("-Xmx512m"), serveOptions, Map.of());
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
      SpanLoad load = SpanLoad.start(server.otlpHttp(), ledger, 2, 20, requestsPerSecond / 2, seed);
      long start = System.nanoTime();
      long end = start + length.toNanos();
      long next = start + interval.toNanos();
      try {
        while (next <= end && server.isAlive()) {
          // Park until the next sampling moment.
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
            continue;
          }
          long[] window = load.drainAcceptedLatencies();
          Sample sample =
              new Sample(
                  (System.nanoTime() - start) / 1e9,
                  HeapGauge.heapUsedBytes(client, server.api()),
                  SpanLoad.percentile(window, 99),
                  window.length,
                  sizeOf(data));
          samples.add(sample);
          out.printf(
              "%6.0f s  heap %5.1f MB  p99 %7.1f ms  %5d requests  disk %6.1f MB%n",
              sample.elapsedSeconds(),
              sample.heapBytes() / 1e6,
              sample.p99Micros() / 1e3,
              sample.requests(),
              sample.diskBytes() / 1e6);
          out.flush();
          next += interval.toNanos();
        }
      } finally {
        load.close();
      }
    }
    return samples;
  }

  private static long sizeOf(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (java.nio.file.NoSuchFileException e) {
                  // Deleted by compaction between the listing and the size.
                  return 0;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }
}
