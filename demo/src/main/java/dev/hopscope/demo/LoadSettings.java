package dev.hopscope.demo;

import java.time.Duration;

/**
 * How hard and how long the load generator drives the shop. It stops by itself after {@code
 * duration} or {@code requests}, whichever comes first.
 */
public record LoadSettings(
    double rate, Duration duration, int concurrency, long requests, long seed) {
  public static final LoadSettings DEFAULT =
      new LoadSettings(10, Duration.ofMinutes(10), 8, Integer.MAX_VALUE, 7);

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
  }

  public LoadSettings withRate(double newRate) {
    return new LoadSettings(newRate, duration, concurrency, requests, seed);
  }

  public LoadSettings withDuration(Duration newDuration) {
    return new LoadSettings(rate, newDuration, concurrency, requests, seed);
  }

  public LoadSettings withConcurrency(int newConcurrency) {
    return new LoadSettings(rate, duration, newConcurrency, requests, seed);
  }

  public LoadSettings withRequests(long newRequests) {
    return new LoadSettings(rate, duration, concurrency, newRequests, seed);
  }

  String[] toArgs() {
    return new String[] {
      "--rate", Double.toString(rate),
      "--duration", duration.toMillis() + "ms",
      "--concurrency", Integer.toString(concurrency),
      "--requests", Long.toString(Math.min(requests, Integer.MAX_VALUE)),
      "--seed", Long.toString(seed)
    };
  }
}
