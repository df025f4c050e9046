package dev.hopscope.demo.load;

import dev.hopscope.demo.cli.Args;
import dev.hopscope.demo.process.ParentWatch;
import dev.hopscope.demo.time.NanoClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Drives the shop like its users would: paced requests from seeded users with their tokens, at most
 * {@code --concurrency} in flight, a progress line each second, and a hard end after {@code
 * --duration} or {@code --requests}. Untraced on purpose: it is the outside world, so each request
 * starts a new trace at the web app.
 *
 * <p>Flags: {@code --target http://127.0.0.1:P} (required), {@code --rate 10} per second, {@code
 * --duration 60s}, {@code --concurrency 8}, {@code --requests N}, {@code --seed 7}.
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
    long requests = args.getInt("requests", Integer.MAX_VALUE);
    Pacer pacer = new Pacer(rate, duration, requests, NanoClock.system());
    long planned = Math.min(requests, (long) Math.ceil(rate * duration.toMillis() / 1000.0));
    RequestMix mix = new RequestMix(target, args.getInt("seed", 7));
    LoadStats stats = new LoadStats();
    HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    Semaphore inFlight = new Semaphore(concurrency);

    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
    progress.scheduleAtFixedRate(
        () -> System.out.println(stats.line(planned)), 1, 1, TimeUnit.SECONDS);
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
                    send(http, request, stats);
                  } finally {
                    inFlight.release();
                  }
                });
          });
    } finally {
      progress.shutdownNow();
    }
    System.out.println(stats.line(planned).replace("load:", "load done:"));
  }

  private static void send(HttpClient http, RequestMix.ShopRequest request, LoadStats stats) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(REQUEST_TIMEOUT)
            .header("X-User-Tier", request.tier());
    if (request.token() != null) {
      builder.header("Authorization", "Bearer " + request.token());
    }
    long start = System.nanoTime();
    try {
      HttpResponse<Void> response =
          http.send(builder.GET().build(), HttpResponse.BodyHandlers.discarding());
      stats.finished(response.statusCode(), System.nanoTime() - start);
    } catch (IOException e) {
      stats.finished(0, System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
