package dev.hopscope.demo.load;

import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.cli.Terminal;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.time.NanoClock;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Drives the shop like its users would: first {@code --warmup} untraced requests ({@link WarmUp}),
 * then paced requests from seeded users with their tokens, at most {@code --concurrency} in flight,
 * and a hard end after {@code --duration} or {@code --requests} (both counted from the end of the
 * warm-up). Untraced itself on purpose: it is the outside world, so each request starts a new trace
 * at the web app. Progress goes to a {@link StatusLine}.
 *
 * <p>Flags: {@code --target http://127.0.0.1:P} (required), {@code --rate 10} per second, {@code
 * --duration 60s}, {@code --concurrency 8}, {@code --requests N}, {@code --seed 7}, {@code --warmup
 * 200} (0: none), {@code --terminal} (keep one status line; the default when standard input and
 * output are a terminal, and what the launcher passes when its own are).
 */
public final class LoadGenerator {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private LoadGenerator() {}

  public static void main(String[] argv) throws InterruptedException {
    Args args = Args.parse(argv);
    ParentWatch.apply("load", args);
    URI target = URI.create(args.require("target"));
    double rate = args.getDouble("rate", 10);
    Duration duration = args.getDuration("duration", Duration.ofSeconds(60));
    int concurrency = args.getInt("concurrency", 8);
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
    }
    int warmupRequests = args.getInt("warmup", WarmUp.DEFAULT_REQUESTS);
    if (warmupRequests < 0) {
      throw new IllegalArgumentException(
          "--warmup must be 0 (none) or more requests, got " + warmupRequests);
    }
    long requests = args.getInt("requests", Integer.MAX_VALUE);
    long seed = args.getInt("seed", 7);
    NanoClock clock = NanoClock.system();
    Pacer pacer = new Pacer(rate, duration, requests, clock);
    long planned = Math.min(requests, (long) Math.ceil(rate * duration.toMillis() / 1000.0));
    ShopClient shop = new ShopClient(REQUEST_TIMEOUT);
    StatusLine status =
        new StatusLine(System.out, args.has("terminal") || Terminal.interactive(), clock);
    LoadStats stats = new LoadStats();
    AtomicReference<Supplier<String>> current = new AtomicReference<>(() -> "load starting");
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(() -> status.update(current.get().get()), 1, 1, TimeUnit.SECONDS);
    try {
      if (warmupRequests > 0) {
        long start = clock.nanoTime();
        // Its own seeds, so the counted load is the same sequence with or without a warm-up.
        WarmUp warmUp = new WarmUp(shop, new RequestMix(target, seed + 1), seed + 2, clock);
        current.set(() -> "load warming the shop up: " + warmUp.done() + "/" + warmupRequests);
        warmUp.run(warmupRequests, concurrency);
        status.println(
            String.format(
                Locale.ROOT,
                "load: warmed the shop up with %d untraced requests in %.1f s",
                warmUp.done(),
                (clock.nanoTime() - start) / 1e9));
      }
      status.println(
          String.format(
              Locale.ROOT,
              "load: %s requests/s for %d s (%d requests), at most %d in flight",
              BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString(),
              duration.toSeconds(),
              planned,
              concurrency));
      long start = clock.nanoTime();
      current.set(() -> stats.status(clock.nanoTime() - start));
      runPaced(pacer, shop, new RequestMix(target, seed), stats, concurrency);
    } finally {
      ticker.shutdownNow();
      // No status may follow the summary: wait for a tick that is running right now.
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    }
    status.println(stats.line(planned).replace("load:", "load done:"));
  }

  private static void runPaced(
      Pacer pacer, ShopClient shop, RequestMix mix, LoadStats stats, int concurrency)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    try (ExecutorService requestThreads = Executors.newVirtualThreadPerTaskExecutor()) {
      pacer.run(
          index -> {
            RequestMix.ShopRequest request = mix.next();
            if (!inFlight.tryAcquire()) {
              // Every user slot is busy: the send goes out late rather than being dropped.
              stats.late();
              inFlight.acquire();
            }
            stats.sent();
            requestThreads.submit(
                () -> {
                  try {
                    long begin = System.nanoTime();
                    int code = shop.send(request, null);
                    stats.finished(code, System.nanoTime() - begin);
                  } finally {
                    inFlight.release();
                  }
                  return null;
                });
          });
    }
  }
}
