package dev.hopscope.analysis.sketch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.PackedHistogram;

/**
 * A mergeable summary of durations in nanoseconds with a bounded relative error, for per-edge and
 * per-operation percentiles without keeping raw values. Backed by HdrHistogram's packed variant:
 * memory grows with the number of distinct buckets used, not with the range, and merging two
 * sketches gives exactly the sketch of the union. Not thread-safe: one writer, or copy first.
 */
public final class LatencySketch {
  /** Two significant decimal digits: every reported value is within 1% of an exact one. */
  public static final int SIGNIFICANT_DIGITS = 2;

  public static final double RELATIVE_ERROR = 0.01;

  private static final byte FORMAT_VERSION = 1;

  private final PackedHistogram histogram;
  private long negativeCount;

  private LatencySketch(PackedHistogram histogram, long negativeCount) {
    this.histogram = histogram;
    this.negativeCount = negativeCount;
  }

  public static LatencySketch create() {
    return new LatencySketch(new PackedHistogram(SIGNIFICANT_DIGITS), 0);
  }

  /**
   * Records one duration. A negative one (a gap that residual clock skew made negative) counts as
   * zero and is reported in {@link Percentiles#negativeCount()} rather than thrown away.
   */
  public void record(long nanos) {
    recordWithCount(nanos, 1);
  }

  public void recordWithCount(long nanos, long count) {
    if (count <= 0) {
      return;
    }
    if (nanos < 0) {
      negativeCount += count;
      nanos = 0;
    }
    histogram.recordValueWithCount(nanos, count);
  }

  public void merge(LatencySketch other) {
    histogram.add(other.histogram);
    negativeCount += other.negativeCount;
  }

  public LatencySketch copy() {
    return new LatencySketch(histogram.copy(), negativeCount);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at quantile {@code q} in [0, 1]; 0 when empty. */
  public long valueAtQuantile(double q) {
    if (q < 0 || q > 1 || Double.isNaN(q)) {
      throw new IllegalArgumentException("quantile " + q + " must be between 0 and 1");
    }
    return count() == 0 ? 0 : histogram.getValueAtPercentile(q * 100);
  }

  public Percentiles percentiles() {
    if (count() == 0) {
      return Percentiles.EMPTY;
    }
    return new Percentiles(
        count(),
        valueAtQuantile(0.5),
        valueAtQuantile(0.9),
        valueAtQuantile(0.99),
        histogram.getMaxValue(),
        Math.round(histogram.getMean()),
        negativeCount);
  }

  /** A compact, versioned encoding for persisting per-minute state. */
  public byte[] toBytes() {
    ByteBuffer body = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(body, 1);
    ByteBuffer out = ByteBuffer.allocate(1 + Long.BYTES + length);
    out.put(FORMAT_VERSION).putLong(negativeCount).put(body.array(), 0, length);
    return out.array();
  }

  public static LatencySketch fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length < 1 + Long.BYTES || in.get() != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "latency sketch bytes must start with format version "
              + FORMAT_VERSION
              + "; these were written by another version or are corrupt");
    }
    long negatives = in.getLong();
    try {
      // A fresh buffer, not a slice: HdrHistogram's decoder ignores a slice's array offset.
      ByteBuffer body = ByteBuffer.wrap(Arrays.copyOfRange(bytes, in.position(), bytes.length));
      PackedHistogram histogram = PackedHistogram.decodeFromCompressedByteBuffer(body, 2);
      return new LatencySketch(histogram, negatives);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("latency sketch bytes are corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatencySketch sketch
        && negativeCount == sketch.negativeCount
        && histogram.equals(sketch.histogram);
  }

  @Override
  public int hashCode() {
    return histogram.hashCode() * 31 + Long.hashCode(negativeCount);
  }
}
