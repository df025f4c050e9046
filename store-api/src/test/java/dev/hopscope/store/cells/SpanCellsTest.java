package dev.hopscope.store.cells;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpanCellsTest {
  private static final long G = SpanCells.GRAIN_NANOS;

  /** Grains are right-closed like metrics steps: a span starting on a grain's end is in it. */
  @Test
  void aGrainHoldsItsEndNotItsStart() {
    assertThat(SpanCells.grainOf(10 * G)).isEqualTo(9);
    assertThat(SpanCells.grainOf(10 * G + 1)).isEqualTo(10);
    assertThat(SpanCells.grainOf(11 * G)).isEqualTo(10);
    assertThat(SpanCells.grainOf(0)).isEqualTo(-1);
    assertThat(SpanCells.grainOf(-G)).isEqualTo(-2);
  }

  /** Tempo's buckets: the next power of two at or above the value; under 2 ns, none (index 0). */
  @Test
  void log2BucketsAreTheNextPowerOfTwo() {
    assertThat(SpanCells.log2Index(-5)).isZero();
    assertThat(SpanCells.log2Index(1)).isZero();
    assertThat(SpanCells.log2Index(2)).isEqualTo(1);
    assertThat(SpanCells.log2Index(3)).isEqualTo(2);
    assertThat(SpanCells.log2Index(1024)).isEqualTo(10);
    assertThat(SpanCells.log2Index(1025)).isEqualTo(11);
    assertThat(SpanCells.log2Index(Long.MAX_VALUE)).isEqualTo(63);
  }

  /** Two significant digits: a bucket's lowest value is within 1% of every value in it. */
  @Test
  void durationBucketsKeepTwoSignificantDigits() {
    for (long value : new long[] {0, 1, 99, 255, 256, 1_000, 123_456_789, 3_000_000_000L}) {
      long bucket = SpanCells.durationBucket(value);
      assertThat(bucket).isLessThanOrEqualTo(value);
      assertThat(value - bucket).isLessThanOrEqualTo(value / 100);
      assertThat(SpanCells.durationBucket(bucket)).isEqualTo(bucket);
    }
  }
}
