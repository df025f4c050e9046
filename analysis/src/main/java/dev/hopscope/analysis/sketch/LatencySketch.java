package dev.hopscope.analysis.sketch;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.PackedHistogram;

/**
 * A mergeable summary of durations in nanoseconds with a bounded relative error, for per-edge and
 * per-operation percentiles without keeping raw values. Values fall into HdrHistogram's buckets at
 * two significant digits, and every answer is what HdrHistogram answers over those buckets, so
 * merging two sketches gives exactly the sketch of the union.
 *
 * <p>The buckets in use are kept as two sorted arrays (bucket, count) rather than in a {@link
 * PackedHistogram}: recording into a packed histogram resizes its storage as buckets fill, which
 * cost three times the trace analysis when every hop of every block is digested. Reads walk the
 * buckets as HdrHistogram walks its counts ({@code LatencySketchPropertiesTest} checks every answer
 * against a histogram fed the same values). Not thread-safe: one writer, or copy first.
 */
public final class LatencySketch {
  /** Two significant decimal digits: every reported value is within 1% of an exact one. */
  public static final int SIGNIFICANT_DIGITS = 2;

  public static final double RELATIVE_ERROR = 0.01;

  /** Sorted buckets and counts, varint-coded. */
  private static final byte FORMAT_VERSION = 2;

  /** A deflated HdrHistogram, as builds before the bucket arrays wrote. */
  private static final byte DEFLATED_VERSION = 1;

  /** Bucket arithmetic only; never recorded into, so every sketch and thread may share it. */
  private static final PackedHistogram SHAPE = new PackedHistogram(SIGNIFICANT_DIGITS);

  /** The lowest value of each bucket in use, ascending. */
  private long[] buckets;

  private long[] counts;
  private int size;
  private long total;
  private long negativeCount;

  private LatencySketch(long[] buckets, long[] counts, int size, long negativeCount) {
    this.buckets = buckets;
    this.counts = counts;
    this.size = size;
    this.negativeCount = negativeCount;
    for (int i = 0; i < size; i++) {
      total += counts[i];
    }
  }

  public static LatencySketch create() {
    return new LatencySketch(new long[4], new long[4], 0, 0);
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
    long bucket = SHAPE.lowestEquivalentValue(nanos);
    int at = Arrays.binarySearch(buckets, 0, size, bucket);
    if (at >= 0) {
      counts[at] += count;
    } else {
      insert(-at - 1, bucket, count);
    }
    total += count;
  }

  private void insert(int at, long bucket, long count) {
    if (size == buckets.length) {
      buckets = Arrays.copyOf(buckets, Math.max(4, size * 2));
      counts = Arrays.copyOf(counts, Math.max(4, size * 2));
    }
    System.arraycopy(buckets, at, buckets, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    buckets[at] = bucket;
    counts[at] = count;
    size++;
  }

  /** Adds {@code other}'s values to this sketch; {@code other} is unchanged. */
  public void merge(LatencySketch other) {
    if (other.size == 0) {
      negativeCount += other.negativeCount;
      return;
    }
    long[] mergedBuckets = new long[size + other.size];
    long[] mergedCounts = new long[size + other.size];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < size || j < other.size) {
      if (j == other.size || (i < size && buckets[i] < other.buckets[j])) {
        mergedBuckets[n] = buckets[i];
        mergedCounts[n++] = counts[i++];
      } else if (i == size || other.buckets[j] < buckets[i]) {
        mergedBuckets[n] = other.buckets[j];
        mergedCounts[n++] = other.counts[j++];
      } else {
        mergedBuckets[n] = buckets[i];
        mergedCounts[n++] = counts[i++] + other.counts[j++];
      }
    }
    buckets = mergedBuckets;
    counts = mergedCounts;
    size = n;
    total += other.total;
    negativeCount += other.negativeCount;
  }

  public LatencySketch copy() {
    return new LatencySketch(
        Arrays.copyOf(buckets, Math.max(size, 4)),
        Arrays.copyOf(counts, Math.max(size, 4)),
        size,
        negativeCount);
  }

  public long count() {
    return total;
  }

  /** The value at quantile {@code q} in [0, 1]; 0 when empty. */
  public long valueAtQuantile(double q) {
    if (q < 0 || q > 1 || Double.isNaN(q)) {
      throw new IllegalArgumentException("quantile " + q + " must be between 0 and 1");
    }
    return total == 0 ? 0 : valueAtPercentile(q * 100);
  }

  public Percentiles percentiles() {
    if (total == 0) {
      return Percentiles.EMPTY;
    }
    long lastBucket = buckets[size - 1];
    return new Percentiles(
        total,
        valueAtPercentile(50),
        valueAtPercentile(90),
        valueAtPercentile(99),
        lastBucket == 0 ? 0 : SHAPE.highestEquivalentValue(lastBucket),
        Math.round(mean()),
        negativeCount);
  }

  /**
   * HdrHistogram's {@code getValueAtPercentile}, step for step over the buckets in use: the count
   * the percentile asks for (one ulp below, rounded up, at least one), then the highest value of
   * the bucket that reaches it. Building a histogram to ask it cost more than the rest of a graph.
   */
  private long valueAtPercentile(double percentile) {
    double requested =
        Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0D), 100.0D);
    long countAtPercentile = Math.max((long) Math.ceil((requested * total) / 100.0D), 1);
    long running = 0;
    for (int i = 0; i < size; i++) {
      running += counts[i];
      if (running >= countAtPercentile) {
        return percentile == 0.0 ? buckets[i] : SHAPE.highestEquivalentValue(buckets[i]);
      }
    }
    return 0;
  }

  /** HdrHistogram's {@code getMean}: each bucket's median value, weighted, in bucket order. */
  private double mean() {
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum +=
          SHAPE.medianEquivalentValue(SHAPE.highestEquivalentValue(buckets[i]))
              * (double) counts[i];
    }
    return (sum * 1.0) / total;
  }

  /** A compact, versioned encoding for persisting per-minute state. */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(1 + Long.BYTES + 5 + size * 20);
    out.put(FORMAT_VERSION).putLong(negativeCount);
    writeVarLong(out, size);
    long previous = 0;
    for (int i = 0; i < size; i++) {
      writeVarLong(out, buckets[i] - previous);
      writeVarLong(out, counts[i]);
      previous = buckets[i];
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  /** Reads {@link #toBytes} output, and version 1's deflated histograms. */
  public static LatencySketch fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = bytes.length < 1 + Long.BYTES ? 0 : in.get();
    if (version != FORMAT_VERSION && version != DEFLATED_VERSION) {
      throw new IllegalArgumentException(
          "latency sketch bytes must start with format version "
              + DEFLATED_VERSION
              + " or "
              + FORMAT_VERSION
              + "; these were written by another version or are corrupt");
    }
    long negatives = in.getLong();
    try {
      return version == FORMAT_VERSION ? readBuckets(in, negatives) : readDeflated(in, negatives);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("latency sketch bytes are corrupt: " + e.getMessage(), e);
    }
  }

  private static LatencySketch readBuckets(ByteBuffer in, long negatives) {
    long size = readVarLong(in);
    // Each bucket takes at least two bytes: a count beyond that is damage, not a huge sketch.
    if (size < 0 || size > in.remaining() / 2) {
      throw new IllegalArgumentException(size + " buckets in " + in.remaining() + " bytes");
    }
    long[] buckets = new long[(int) size];
    long[] counts = new long[(int) size];
    long previous = 0;
    for (int i = 0; i < size; i++) {
      long delta = readVarLong(in);
      long count = readVarLong(in);
      if ((i > 0 && delta <= 0) || delta < 0 || count <= 0) {
        throw new IllegalArgumentException("bucket " + i + " is out of order or empty");
      }
      buckets[i] = previous + delta;
      counts[i] = count;
      previous = buckets[i];
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " bytes after the last bucket");
    }
    return new LatencySketch(buckets, counts, (int) size, negatives);
  }

  private static LatencySketch readDeflated(ByteBuffer in, long negatives)
      throws DataFormatException {
    // A fresh buffer, not a slice: HdrHistogram's decoder ignores a slice's array offset.
    ByteBuffer body =
        ByteBuffer.wrap(Arrays.copyOfRange(in.array(), in.position(), in.array().length));
    PackedHistogram histogram = PackedHistogram.decodeFromCompressedByteBuffer(body, 2);
    LatencySketch sketch = create();
    for (HistogramIterationValue value : histogram.recordedValues()) {
      sketch.recordWithCount(value.getValueIteratedTo(), value.getCountAtValueIteratedTo());
    }
    sketch.negativeCount = negatives;
    return sketch;
  }

  private static void writeVarLong(ByteBuffer out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  private static long readVarLong(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new BufferUnderflowException();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatencySketch sketch
        && negativeCount == sketch.negativeCount
        && Arrays.equals(buckets, 0, size, sketch.buckets, 0, sketch.size)
        && Arrays.equals(counts, 0, size, sketch.counts, 0, sketch.size);
  }

  @Override
  public int hashCode() {
    int hash = Long.hashCode(negativeCount);
    for (int i = 0; i < size; i++) {
      hash = hash * 31 + Long.hashCode(buckets[i]) * 17 + Long.hashCode(counts[i]);
    }
    return hash;
  }
}
