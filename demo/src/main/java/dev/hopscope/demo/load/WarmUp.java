package dev.hopscope.demo.load;

import dev.hopscope.demo.LoadSettings;
import dev.hopscope.demo.time.NanoClock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests that warm the shop up before the load counts, and leave no trace. The first requests to
 * a fresh shop take 450-800 ms (class loading, the JIT, the agent instrumenting auth, connections
 * and pools being opened) against about 5 ms once warm. Traced, they would be the slowest traces
 * and the largest gaps of the demo's first hour, ahead of any fault the user injects.
 *
 * <p>Each carries a W3C {@code traceparent} with the sampled flag off. The shop runs its whole path
 * (auth, both databases, the same instrumentation), but records nothing: webapp's SDK samples
 * parent-based by default and the agent's default is {@code parentbased_always_on}, so both follow
 * the caller's "not sampled", and webapp passes it on to auth.
 */
final class WarmUp {
  /** Enough for class loading and the first JIT tiers on every path of the request mix. */
  static final int DEFAULT_REQUESTS = LoadSettings.DEFAULT_WARMUP;

  /** A shop that cannot answer must not hold the load back for long. */
  static final Duration TIME_LIMIT = Duration.ofSeconds(60);

  private final ShopClient shop;
  private final RequestMix mix;
  private final Random ids;
  private final NanoClock clock;
  private final AtomicInteger done = new AtomicInteger();

  WarmUp(ShopClient shop, RequestMix mix, long seed, NanoClock clock) {
    this.shop = shop;
    this.mix = mix;
    this.ids = new Random(seed);
    this.clock = clock;
  }

  /**
   * Sends {@code requests} requests, at most {@code concurrency} at a time and each as soon as a
   * slot frees (as fast as the shop answers), stopping early after {@link #TIME_LIMIT}; returns
   * once every sent request has been answered or has timed out.
   */
  void run(int requests, int concurrency) throws InterruptedException {
    long deadline = clock.nanoTime() + TIME_LIMIT.toNanos();
    Semaphore slots = new Semaphore(concurrency);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests && clock.nanoTime() - deadline < 0; i++) {
        RequestMix.ShopRequest request = mix.next();
        String traceparent = unsampledTraceparent();
        slots.acquire();
        threads.submit(
            () -> {
              try {
                shop.send(request, traceparent);
                done.incrementAndGet();
              } finally {
                slots.release();
              }
              return null;
            });
      }
    }
  }

  /** Requests answered (or timed out) so far; read by the status line while {@link #run} runs. */
  int done() {
    return done.get();
  }

  /** Version 00, random non-zero trace and parent ids, flags 00: not sampled. */
  String unsampledTraceparent() {
    return "00-" + nonZeroHex(16) + "-" + nonZeroHex(8) + "-00";
  }

  private String nonZeroHex(int bytes) {
    byte[] id = new byte[bytes];
    do {
      ids.nextBytes(id);
    } while (id[0] == 0); // a zero first byte cannot make the id all zeros then
    return HexFormat.of().formatHex(id);
  }
}
