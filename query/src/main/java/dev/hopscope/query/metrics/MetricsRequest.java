package dev.hopscope.query.metrics;

/**
 * The time grid of a metrics query, in unix nanoseconds. A range query's steps are right-closed
 * intervals {@code (start + i*step, start + (i+1)*step]}, each reported at its end; a span falls in
 * the step holding its start time. An instant query has one interval, {@code [start, end]},
 * reported at {@code end}.
 *
 * @param exemplars the most exemplars per series (0 for none; instant queries have none)
 */
public record MetricsRequest(
    long startNanos, long endNanos, long stepNanos, boolean instant, int exemplars) {
  /** The most steps one query may ask for, as Prometheus limits its range queries. */
  public static final int MAX_STEPS = 11_000;

  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;

  public MetricsRequest {
    if (stepNanos <= 0) {
      throw new IllegalArgumentException("step must be positive; send e.g. step=30s");
    }
    if (endNanos <= startNanos) {
      throw new IllegalArgumentException(
          "end must be after start; send start < end (unix seconds or nanoseconds)");
    }
    if (exemplars < 0) {
      throw new IllegalArgumentException("exemplars must be 0 or more; received " + exemplars);
    }
    long steps = instant ? 1 : (endNanos - startNanos) / stepNanos;
    if (steps > MAX_STEPS) {
      throw new IllegalArgumentException(
          "the range holds "
              + steps
              + " steps of "
              + stepNanos / 1e9
              + "s, more than the limit of "
              + MAX_STEPS
              + "; raise step or narrow the range");
    }
  }

  /**
   * A range query aligned as Tempo aligns it, so refreshing "the last hour" gives the same steps:
   * start rounded down and end rounded up to whole steps, then one more step before the start.
   */
  public static MetricsRequest range(long start, long end, long step, int exemplars) {
    if (step <= 0) {
      throw new IllegalArgumentException("step must be positive; send e.g. step=30s");
    }
    long alignedStart = start - Math.floorMod(start, step);
    long remainder = Math.floorMod(end, step);
    long alignedEnd = remainder == 0 ? end : end + (step - remainder);
    if (alignedStart > step) {
      alignedStart -= step;
    }
    return new MetricsRequest(alignedStart, alignedEnd, step, false, exemplars);
  }

  /** One value over {@code [start, end]}. */
  public static MetricsRequest instant(long start, long end) {
    return new MetricsRequest(start, end, Math.max(1, end - start), true, 0);
  }

  /**
   * Tempo's default step for a range: about 240 points, rounded down to a whole hour, 5 min, 1 min,
   * 15 s, 5 s or 1 s (to 50 ms multiples under a minute, never below 50 ms).
   */
  public static long defaultStep(long start, long end) {
    long delta = end - start;
    long baseline = delta / 240;
    if (delta < MINUTE) {
      long grain = 50_000_000L;
      return baseline > grain ? baseline / grain * grain : grain;
    }
    long[] grains = {60 * MINUTE, 5 * MINUTE, MINUTE, 15 * SECOND, 5 * SECOND, SECOND};
    for (long grain : grains) {
      if (baseline > grain) {
        return baseline / grain * grain;
      }
    }
    return SECOND;
  }

  /** How many values each series has. */
  public int intervals() {
    return instant ? 1 : (int) ((endNanos - startNanos) / stepNanos);
  }

  /** The interval holding {@code nanos}, or -1 when it is outside the query. */
  public int interval(long nanos) {
    if (instant) {
      return nanos >= startNanos && nanos <= endNanos ? 0 : -1;
    }
    if (nanos <= startNanos || nanos > endNanos) {
      return -1;
    }
    long offset = nanos - startNanos;
    // right-closed: a time exactly on a step's end belongs to that step
    return (int) ((offset - 1) / stepNanos);
  }

  /** When interval {@code i} is reported: its end. */
  public long timestampNanos(int i) {
    return instant ? endNanos : startNanos + (i + 1) * stepNanos;
  }
}
