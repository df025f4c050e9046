package dev.hopscope.testkit;

import dev.hopscope.process.ChildServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers a child server with a 512 MB heap and a small in-flight budget about four times the load
 * it can take, then drops the load: the server must stay up and healthy, shed the excess with 429
 * and Retry-After, keep the latency of what it accepts bounded, take a normal request again within
 * seconds, and keep every span it acknowledged.
 */
public final class OverloadTrial {
  /**
   * The outcome.
   *
   * @param capacityRequestsPerSecond accepted requests per second measured before the overload
   * @param offeredRequestsPerSecond what the overload phase sent per second
   * @param recoveryMillis from the end of the overload to the first normal request answered 200
   */
  public record Report(
      double capacityRequestsPerSecond,
      double offeredRequestsPerSecond,
      long sent,
      long throttled,
      long retryAfterSeen,
      long acceptedP50Micros,
      long acceptedP99Micros,
      long peakHeapBytes,
      boolean aliveAndHealthy,
      long recoveryMillis,
      long acknowledgedSpans,
      long lostSpans) {}

  /**
   * Requests of 50 spans, about 11.5 KB of JSON: the in-flight budget holds five of them, so the
   * four threads that measure capacity fit and the sixteen of the overload do not.
   */
  private static final int SPANS_PER_REQUEST = 50;

  private static final long INFLIGHT_BYTES = 64 << 10;
  private static final int THREADS = 16;

  private final Path jar;
  private final Path workDirectory;
  private final long seed;

  public OverloadTrial(Path jar, Path workDirectory, long seed) {
    this.jar = jar;
    this.workDirectory = workDirectory;
    this.seed = seed;
  }

  public Report run(Duration overload, PrintWriter out) throws IOException, InterruptedException {
    Random random = new Random(seed);
    AckLedger ledger = new AckLedger();
    try (ChildServer server =
            ChildServer.start(
                jar,
                workDirectory.resolve("data"),
                List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
                List.of(),
                Map.of("HOPSCOPE_LIMITS_MAX_INFLIGHT_BYTES", Long.toString(INFLIGHT_BYTES)));
        HttpClient client = HttpClient.newHttpClient()) {
      double capacity = measureCapacity(server, ledger, random.nextLong());
      double offered = 4 * capacity;
      out.printf(
          "capacity %.0f requests/s (%d spans each); offering %.0f/s for %d s%n",
          capacity, SPANS_PER_REQUEST, offered, overload.toSeconds());
      out.flush();
      long peakHeap = 0;
      SpanLoad load =
          SpanLoad.start(
              server.otlpHttp(),
              ledger,
              THREADS,
              SPANS_PER_REQUEST,
              offered / THREADS,
              random.nextLong());
      long start = System.nanoTime();
      long end = start + overload.toNanos();
      try {
        while (System.nanoTime() < end && server.isAlive()) {
          peakHeap = Math.max(peakHeap, HeapGauge.heapUsedBytes(client, server.api()));
          // The heap is sampled once a second while the load runs.
          LockSupport.parkNanos(Math.min(1_000_000_000L, end - System.nanoTime()));
        }
      } finally {
        load.close();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      boolean healthy = server.isAlive() && server.health(client) == 200;
      long recovery = recoveryMillis(client, server, ledger, random);
      long[] accepted = load.drainAcceptedLatencies();
      AckVerifier.Result check = AckVerifier.verify(server.api(), ledger.traces());
      return new Report(
          capacity,
          load.sent() / seconds,
          load.sent(),
          load.throttled(),
          load.retryAfterSeen(),
          SpanLoad.percentile(accepted, 50),
          SpanLoad.percentile(accepted, 99),
          peakHeap,
          healthy,
          recovery,
          check.checkedSpans(),
          check.lostSpans());
    }
  }

  /** Accepted requests per second of a closed loop of four threads over five seconds. */
  private static double measureCapacity(ChildServer server, AckLedger ledger, long seed) {
    int before = ledger.traces().size();
    long start = System.nanoTime();
    SpanLoad load = SpanLoad.start(server.otlpHttp(), ledger, 4, SPANS_PER_REQUEST, 0, seed);
    long end = start + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(end - System.nanoTime());
    }
    load.close();
    load.drainAcceptedLatencies();
    return (ledger.traces().size() - before) / ((System.nanoTime() - start) / 1e9);
  }

  /** Milliseconds until one normal export is answered 200, polling for at most 30 s. */
  private static long recoveryMillis(
      HttpClient client, ChildServer server, AckLedger ledger, Random random)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      AckLedger.Trace trace = AckLedger.Trace.random(random, 5);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.otlpHttp() + "/v1/traces"))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(10))
              .POST(
                  HttpRequest.BodyPublishers.ofString(trace.toOtlpJson(System.currentTimeMillis())))
              .build();
      if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
        ledger.acknowledge(trace);
        return (System.nanoTime() - start) / 1_000_000;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return -1;
  }
}
