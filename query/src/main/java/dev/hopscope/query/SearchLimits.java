package dev.hopscope.query;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How much work one search page may do. A page that reaches a limit ends early with the matches
 * found so far and a cursor to go on from, rather than failing.
 *
 * @param maxInspectedTraces candidates evaluated per page
 * @param timeout wall time per page, measured with {@code clock}
 */
public record SearchLimits(long maxInspectedTraces, Duration timeout, InstantSource clock) {
  /**
   * Aggregates over a window (service graph, RED, comparisons, attribution) read at most this many
   * traces, in every API that serves them, so that each answers the same question.
   */
  public static final int MAX_AGGREGATED_TRACES = 20_000;

  /** No limit: for tests and tools. */
  public static final SearchLimits NONE =
      new SearchLimits(Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE), InstantSource.system());

  public SearchLimits {
    if (maxInspectedTraces <= 0) {
      throw new IllegalArgumentException(
          "maxInspectedTraces must be positive; received " + maxInspectedTraces);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive; received " + timeout);
    }
    Objects.requireNonNull(clock, "clock");
  }
}
