package dev.hopscope.demo.load;

import dev.hopscope.demo.time.NanoClock;
import java.time.Duration;

/**
 * Open-loop pacing: send {@code i} is due at {@code start + i / rate}, whatever happened to the
 * sends before it, so a slow shop gets the same offered load as a fast one (a closed loop would
 * back off and hide the slowness). Bounded by a duration and a request count, whichever comes
 * first.
 */
public final class Pacer {
  private final double ratePerSecond;
  private final Duration duration;
  private final long maxRequests;
  private final NanoClock clock;

  public Pacer(double ratePerSecond, Duration duration, long maxRequests, NanoClock clock) {
    if (!(ratePerSecond > 0) || ratePerSecond > 10_000) {
      throw new IllegalArgumentException(
          "rate must be between 0 and 10000 requests per second, got " + ratePerSecond);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (maxRequests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, got " + maxRequests);
    }
    this.ratePerSecond = ratePerSecond;
    this.duration = duration;
    this.maxRequests = maxRequests;
    this.clock = clock;
  }

  /** Calls {@code send} with 0, 1, 2, … each at its due time; returns how many were sent. */
  public long run(Send send) throws InterruptedException {
    long start = clock.nanoTime();
    long durationNanos = duration.toNanos();
    long sent = 0;
    while (sent < maxRequests) {
      // Computed from the start, not from the previous send, so rounding never accumulates.
      long offset = Math.round(sent * 1e9 / ratePerSecond);
      if (offset >= durationNanos) {
        break;
      }
      clock.parkUntil(start + offset);
      send.send(sent);
      sent++;
    }
    return sent;
  }

  /** One scheduled send. */
  @FunctionalInterface
  public interface Send {
    void send(long index) throws InterruptedException;
  }
}
