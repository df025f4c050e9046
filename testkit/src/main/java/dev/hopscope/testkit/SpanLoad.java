package dev.hopscope.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * OTLP/HTTP load from a few threads: each request is one new trace of a fixed number of spans, in
 * OTLP JSON. Every trace answered 200 goes into the {@link AckLedger}; 429 and 503 are counted,
 * with whether they carried Retry-After; failures (a killed server) are counted. With a rate, each
 * thread parks until its next scheduled send; without one it sends as fast as it is answered.
 */
public final class SpanLoad implements AutoCloseable {
  private final String endpoint;
  private final AckLedger ledger;
  private final int spansPerRequest;
  private final double requestsPerSecondPerThread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retryAfterSeen = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final Object latencyLock = new Object();
  private long[] latencies = new long[4096];
  private int latencyCount;
  private final HttpClient client;

  private SpanLoad(
      String otlpHttp, AckLedger ledger, int spansPerRequest, double requestsPerSecondPerThread) {
    this.endpoint = otlpHttp + "/v1/traces";
    this.ledger = ledger;
    this.spansPerRequest = spansPerRequest;
    this.requestsPerSecondPerThread = requestsPerSecondPerThread;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /**
   * Starts {@code threads} senders.
   *
   * @param requestsPerSecondPerThread 0 for as fast as answered
   */
  public static SpanLoad start(
      String otlpHttp,
      AckLedger ledger,
      int threads,
      int spansPerRequest,
      double requestsPerSecondPerThread,
      long seed) {
    SpanLoad load = new SpanLoad(otlpHttp, ledger, spansPerRequest, requestsPerSecondPerThread);
    for (int i = 0; i < threads; i++) {
      Random random = new Random(seed * 31 + i);
      Sender sender = load.new Sender(random);
      load.threads.add(Thread.ofPlatform().name("span-load-" + i).start(sender));
    }
    return load;
  }

  private final class Sender implements Runnable {
    private final Random random;

    Sender(Random random) {
      this.random = random;
    }

    @Override
    public void run() {
      long intervalNanos =
          requestsPerSecondPerThread > 0 ? (long) (1e9 / requestsPerSecondPerThread) : 0;
      long next = System.nanoTime();
      while (running.get()) {
        if (intervalNanos > 0) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
            continue;
          }
          next += intervalNanos;
        }
        sendOne();
      }
    }

    private void sendOne() {
      AckLedger.Trace trace = AckLedger.Trace.random(random, spansPerRequest);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(endpoint))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(trace.toOtlpJson(System.currentTimeMillis())))
              .build();
      long start = System.nanoTime();
      sent.incrementAndGet();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        failed.incrementAndGet();
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.set(false);
        return;
      }
      int status = response.statusCode();
      if (status == 200) {
        ledger.acknowledge(trace);
        record((System.nanoTime() - start) / 1000);
        return;
      }
      if (status == 429) {
        throttled.incrementAndGet();
      } else if (status == 503) {
        unavailable.incrementAndGet();
      } else {
        failed.incrementAndGet();
        return;
      }
      // Counted, not obeyed: the schedule defines the offered load, and an overload test must
      // keep offering it.
      if (response.headers().firstValue("Retry-After").isPresent()) {
        retryAfterSeen.incrementAndGet();
      }
    }

    private void record(long latencyMicros) {
      synchronized (latencyLock) {
        if (latencyCount == latencies.length) {
          latencies = Arrays.copyOf(latencies, latencyCount * 2);
        }
        latencies[latencyCount++] = latencyMicros;
      }
    }
  }

  /** Stops sending and waits for the senders; a request in flight finishes or fails first. */
  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    client.close();
  }

  public long sent() {
    return sent.get();
  }

  public long throttled() {
    return throttled.get();
  }

  public long unavailable() {
    return unavailable.get();
  }

  public long failed() {
    return failed.get();
  }

  public long retryAfterSeen() {
    return retryAfterSeen.get();
  }

  /**
   * Latencies in microseconds of the requests answered 200 since the last call, sorted; the sampler
   * of a long run calls it once per window.
   */
  public long[] drainAcceptedLatencies() {
    long[] window;
    synchronized (latencyLock) {
      window = Arrays.copyOf(latencies, latencyCount);
      latencyCount = 0;
    }
    Arrays.sort(window);
    return window;
  }

  /** The {@code percentile} (0..100) of sorted values, 0 when there are none. */
  public static long percentile(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static String hex(long value) {
    return HexFormat.of().toHexDigits(value);
  }
}
