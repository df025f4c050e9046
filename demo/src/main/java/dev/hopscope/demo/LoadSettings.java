package dev.hopscope.demo;

import java.time.Duration;

/**
 * How hard and how long the load generator drives the shop. It first sends {@code warmup} untraced
 * requests (see {@code load.WarmUp}), then stops by itself after {@code duration} or {@code
 * requests}, whichever comes first.
 */
public record LoadSettings(
    double rate, Duration duration, int concurrency, long requests, long seed, int warmup) {
  /** Untraced requests the load generator sends before the load counts, unless told otherwise. */
  public static final int DEFAULT_WARMUP = 200;

  public static final LoadSettings DEFAULT =
      new LoadSettings(10, Duration.ofMinutes(10), 8, Integer.MAX_VALUE, 7, DEFAULT_WARMUP);

  public LoadSettings {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + rate);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, got " + requests);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup must be 0 (none) or more, got " + warmup);
    }
  }

  public LoadSettings withRate(double newRate) {
    return new LoadSettings(newRate, duration, concurrency, requests, seed, warmup);
  }

  public LoadSettings withDuration(Duration newDuration) {
    return new LoadSettings(rate, newDuration, concurrency, requests, seed, warmup);
  }

  public LoadSettings withConcurrency(int newConcurrency) {
    return new LoadSettings(rate, duration, newConcurrency, requests, seed, warmup);
  }

  public LoadSettings withRequests(long newRequests) {
    return new LoadSettings(rate, duration, concurrency, newRequests, seed, warmup);
  }

  /** Untraced requests before the load counts; 0 for none. */
  public LoadSettings withWarmup(int newWarmup) {
    return new LoadSettings(rate, duration, concurrency, requests, seed, newWarmup);
  }

  String[] toArgs() {
    return new String[] {
      "--rate", Double.toString(rate),
      "--duration", duration.toMillis() + "ms",
      "--concurrency", Integer.toString(concurrency),
      "--requests", Long.toString(Math.min(requests, Integer.MAX_VALUE)),
      "--seed", Long.toString(seed),
      "--warmup", Integer.toString(warmup)
    };
  }
}
