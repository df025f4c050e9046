package dev.hopscope.analysis.sketch;

/**
 * A summary read from a {@link LatencySketch}; every value is within the sketch's relative error
 * ({@link LatencySketch#RELATIVE_ERROR}) of the exact one. All zero when {@code count == 0}.
 *
 * @param negativeCount values below zero that were counted as zero (residual clock skew)
 */
public record Percentiles(
    long count,
    long p50Nanos,
    long p90Nanos,
    long p99Nanos,
    long maxNanos,
    long meanNanos,
    long negativeCount) {
  public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0);
}
