package dev.hopscope.server.auth;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down whoever keeps presenting bad tokens: after a few (5 by default) failed attempts from
 * one source address within {@link #WINDOW}, each further refusal to that address is answered
 * later, the delay doubling up to {@link #MAX_DELAY}. A token has 256 random bits, so guessing one
 * is hopeless anyway; this keeps a scanner or a misconfigured client from costing CPU and log
 * volume, and makes a leaked-but-revoked token's retries visible in metrics rather than in load.
 * Only refusals are delayed: a client sharing the address (NAT) that presents a good token is
 * served at once.
 */
public final class FailureThrottle {
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final Duration FIRST_DELAY = Duration.ofMillis(100);
  static final Duration MAX_DELAY = Duration.ofSeconds(5);
  // Bounds memory under a spray from many addresses; past it, expired entries are dropped first.
  static final int MAX_ADDRESSES = 10_000;

  private final int freeFailures;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Failures> byAddress = new ConcurrentHashMap<>();

  private record Failures(int count, long windowStart) {}

  public FailureThrottle(int freeFailures, LongSupplier nanos) {
    this.freeFailures = freeFailures;
    this.nanos = nanos;
  }

  /** Records a failure and returns how long to wait before answering it. */
  public Duration failed(String address) {
    long now = nanos.getAsLong();
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.values().removeIf(f -> now - f.windowStart() > WINDOW.toNanos());
      if (byAddress.size() >= MAX_ADDRESSES) {
        byAddress.clear(); // a spray from this many addresses is no brute force on one token
      }
    }
    Failures failures =
        byAddress.compute(
            address,
            (key, old) ->
                old == null || now - old.windowStart() > WINDOW.toNanos()
                    ? new Failures(1, now)
                    : new Failures(old.count() + 1, old.windowStart()));
    int over = failures.count() - freeFailures;
    if (over <= 0) {
      return Duration.ZERO;
    }
    long millis = FIRST_DELAY.toMillis() << Math.min(over - 1, 16);
    return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
  }
}
