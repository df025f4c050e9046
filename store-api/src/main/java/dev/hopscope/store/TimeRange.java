package dev.hopscope.store;

/** A half-open window [startNanos, endNanos) in epoch nanoseconds. */
public record TimeRange(long startNanos, long endNanos) {
  public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

  public TimeRange {
    if (endNanos < startNanos) {
      throw new IllegalArgumentException(
          "time range end " + endNanos + " is before its start " + startNanos + "; swap them");
    }
  }

  /** True when [start, end] of a span or block overlaps this window. */
  public boolean overlaps(long start, long end) {
    return start < endNanos && end >= startNanos;
  }

  public boolean contains(long nanos) {
    return nanos >= startNanos && nanos < endNanos;
  }
}
