package dev.hopscope.analysis.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.SeededProperty;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

class LatencySketchPropertiesTest {
  private static final double[] QUANTILES = {0, 0.25, 0.5, 0.9, 0.99, 1};

  private static final long HOUR_NANOS = 3_600_000_000_000L;

  private record TwoLists(List<Long> left, List<Long> right) {}

  @Test
  void mergeEqualsTheSketchOfTheUnionWithinTheErrorBound() {
    List<TwoLists> edgeCases =
        new ArrayList<>(
            Draw.pairs(edgeLists(0, 0, HOUR_NANOS), edgeLists(1, 0, HOUR_NANOS), TwoLists::new));
    edgeCases.add(new TwoLists(Collections.nCopies(300, 0L), Collections.nCopies(300, HOUR_NANOS)));
    edgeCases.add(new TwoLists(Collections.nCopies(300, HOUR_NANOS), List.of(0L)));
    SeededProperty.check(
        edgeCases,
        200,
        random ->
            new TwoLists(
                Draw.listOf(random, 0, 300, r -> Draw.longBetween(r, 0, HOUR_NANOS)),
                Draw.listOf(random, 1, 300, r -> Draw.longBetween(r, 0, HOUR_NANOS))),
        input -> {
          LatencySketch a = sketchOf(input.left());
          LatencySketch merged = a.copy();
          merged.merge(sketchOf(input.right()));
          List<Long> union = new ArrayList<>(input.left());
          union.addAll(input.right());
          LatencySketch ofUnion = sketchOf(union);

          assertThat(merged).isEqualTo(ofUnion);
          assertThat(merged.count()).isEqualTo(union.size());
          long[] exact = union.stream().mapToLong(Long::longValue).sorted().toArray();
          for (double q : QUANTILES) {
            long truth = exact[Math.max(0, (int) Math.ceil(q * exact.length) - 1)];
            assertThat((double) merged.valueAtQuantile(q))
                .as("quantile %s", q)
                .isCloseTo(truth, within(truth * LatencySketch.RELATIVE_ERROR + 1));
            assertThat(merged.valueAtQuantile(q)).isEqualTo(ofUnion.valueAtQuantile(q));
          }
        });
  }

  @Test
  void bytesRoundTrip() {
    List<List<Long>> edgeCases = new ArrayList<>(edgeLists(0, -1_000_000, HOUR_NANOS));
    edgeCases.add(Collections.nCopies(200, -1_000_000L));
    edgeCases.add(Collections.nCopies(200, HOUR_NANOS));
    SeededProperty.check(
        edgeCases,
        100,
        random -> Draw.listOf(random, 0, 200, r -> Draw.longBetween(r, -1_000_000, HOUR_NANOS)),
        values -> {
          LatencySketch sketch = sketchOf(values);

          LatencySketch back = LatencySketch.fromBytes(sketch.toBytes());

          assertThat(back).isEqualTo(sketch);
          assertThat(back.percentiles()).isEqualTo(sketch.percentiles());
        });
  }

  /**
   * The reference: HdrHistogram's packed histogram at the same precision, fed the same values,
   * answers exactly what the sketch answers, however the values were split and merged.
   */
  @Test
  void answersAreHdrHistogramsOwn() {
    SeededProperty.check(
        edgeLists(0, -1_000_000, HOUR_NANOS),
        200,
        random ->
            Draw.listOf(
                random,
                0,
                400,
                r ->
                    r.nextBoolean()
                        ? Draw.longBetween(r, -1_000_000, HOUR_NANOS)
                        : Draw.longBetween(r, 0, 5_000_000)),
        values -> {
          PackedHistogram reference = new PackedHistogram(LatencySketch.SIGNIFICANT_DIGITS);
          LatencySketch left = LatencySketch.create();
          LatencySketch right = LatencySketch.create();
          long negatives = 0;
          for (int i = 0; i < values.size(); i++) {
            long value = values.get(i);
            negatives += value < 0 ? 1 : 0;
            reference.recordValue(Math.max(0, value));
            (i % 3 == 0 ? left : right).record(value);
          }
          left.merge(right);

          Percentiles expected =
              values.isEmpty()
                  ? Percentiles.EMPTY
                  : new Percentiles(
                      values.size(),
                      reference.getValueAtPercentile(50),
                      reference.getValueAtPercentile(90),
                      reference.getValueAtPercentile(99),
                      reference.getMaxValue(),
                      Math.round(reference.getMean()),
                      negatives);
          assertThat(left.percentiles()).isEqualTo(expected);
          assertThat(left).isEqualTo(sketchOf(values));
          for (double q : new double[] {0, 0.001, 0.25, 0.75, 0.999, 1}) {
            assertThat(left.valueAtQuantile(q))
                .isEqualTo(values.isEmpty() ? 0 : reference.getValueAtPercentile(q * 100));
          }
        });
  }

  /**
   * Values drawn from a few dozen durations: after the first few, every record lands in a bucket
   * recorded before (the memo's hits), and new buckets keep moving the others. Each bucket's count
   * must still be HdrHistogram's.
   */
  @Test
  void repeatedBucketsCountAsHdrHistogramCounts() {
    SeededProperty.check(
        edgeLists(0, 0, HOUR_NANOS),
        100,
        random -> {
          List<Long> pool =
              Draw.listOf(
                  random,
                  1,
                  80,
                  r -> Draw.longBetween(r, 0, r.nextBoolean() ? 50_000 : HOUR_NANOS));
          return Draw.listOf(random, 0, 3_000, r -> pool.get(r.nextInt(pool.size())));
        },
        values -> {
          PackedHistogram reference = new PackedHistogram(LatencySketch.SIGNIFICANT_DIGITS);
          values.forEach(reference::recordValue);
          LatencySketch sketch = sketchOf(values);
          assertThat(sketch.count()).isEqualTo(values.size());
          for (double q : new double[] {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1}) {
            assertThat(sketch.valueAtQuantile(q))
                .as("quantile %s", q)
                .isEqualTo(values.isEmpty() ? 0 : reference.getValueAtPercentile(q * 100));
          }
          if (!values.isEmpty()) {
            assertThat(sketch.percentiles().meanNanos()).isEqualTo(Math.round(reference.getMean()));
          }
        });
  }

  /** Sketches persisted by version 1, deflated, read back as the sketch that wrote them. */
  @Test
  void deflatedBytesOfVersionOneAreStillRead() {
    SeededProperty.check(
        edgeLists(0, -1_000_000, HOUR_NANOS),
        50,
        random -> Draw.listOf(random, 0, 200, r -> Draw.longBetween(r, -1_000_000, HOUR_NANOS)),
        values -> {
          PackedHistogram histogram = new PackedHistogram(LatencySketch.SIGNIFICANT_DIGITS);
          long negatives = 0;
          for (long value : values) {
            negatives += value < 0 ? 1 : 0;
            histogram.recordValue(Math.max(0, value));
          }
          ByteBuffer body = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
          int length = histogram.encodeIntoCompressedByteBuffer(body, 1);
          ByteBuffer v1 = ByteBuffer.allocate(1 + Long.BYTES + length);
          v1.put((byte) 1).putLong(negatives).put(body.array(), 0, length);

          assertThat(LatencySketch.fromBytes(v1.array())).isEqualTo(sketchOf(values));
        });
  }

  /** The empty list if allowed, then one list per edge value of [min, max] holding only it. */
  private static List<List<Long>> edgeLists(int minSize, long min, long max) {
    List<List<Long>> lists = new ArrayList<>();
    if (minSize == 0) {
      lists.add(List.of());
    }
    Draw.edges(min, max).forEach(edge -> lists.add(List.of(edge)));
    return lists;
  }

  @Test
  void negativeValuesCountAsZeroAndAreReported() {
    LatencySketch sketch = sketchOf(List.of(-5L, -1L, 10_000_000L));

    Percentiles percentiles = sketch.percentiles();

    assertThat(percentiles.count()).isEqualTo(3);
    assertThat(percentiles.negativeCount()).isEqualTo(2);
    assertThat(percentiles.p50Nanos()).isZero();
    assertThat(percentiles.maxNanos())
        .isCloseTo(10_000_000L, org.assertj.core.api.Assertions.within(100_000L));
  }

  @Test
  void emptySketchReadsAsZeros() {
    assertThat(LatencySketch.create().percentiles()).isEqualTo(Percentiles.EMPTY);
  }

  @Test
  void corruptBytesNameTheProblem() {
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {9, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format version 1 or 2");
    byte[] truncated = Arrays.copyOf(sketchOf(List.of(1L, 2L)).toBytes(), 12);
    assertThatThrownBy(() -> LatencySketch.fromBytes(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupt");
  }

  private static LatencySketch sketchOf(List<Long> values) {
    LatencySketch sketch = LatencySketch.create();
    values.forEach(sketch::record);
    return sketch;
  }
}
