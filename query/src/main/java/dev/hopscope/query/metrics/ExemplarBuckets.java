package dev.hopscope.query.metrics;

/**
 * Spreads a series' exemplars over its time range, as Tempo does: the range is cut into {@code
 * limit / 2} buckets of at most two exemplars each, and the series keeps at most {@code limit}. So
 * a burst at the start of the range cannot take every exemplar.
 */
final class ExemplarBuckets {
  private static final int PER_BUCKET = 2;

  private final int limit;
  private final int[] counts;
  private final long startMs;
  private final long widthMs;
  private int total;

  ExemplarBuckets(MetricsRequest request) {
    this.limit = request.instant() ? 0 : request.exemplars();
    int buckets = Math.max(1, limit / PER_BUCKET);
    this.counts = new int[buckets];
    this.startMs = request.startNanos() / 1_000_000;
    long endMs = request.endNanos() / 1_000_000;
    this.widthMs = Math.max(1, (endMs - startMs) / buckets);
  }

  /** True, and counted, when an exemplar starting at {@code timestampMs} may be kept. */
  boolean admit(long timestampMs) {
    if (total >= limit || timestampMs < startMs) {
      return false;
    }
    int bucket = (int) Math.min(counts.length - 1, (timestampMs - startMs) / widthMs);
    if (counts[bucket] >= PER_BUCKET) {
      return false;
    }
    counts[bucket]++;
    total++;
    return true;
  }
}
