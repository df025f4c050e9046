package dev.hopscope.analysis.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencySketchPropertiesTest {
  private static final double[] QUANTILES = {0, 0.25, 0.5, 0.9, 0.99, 1};

  @Property(tries = 200, seed = "8001")
  void mergeEqualsTheSketchOfTheUnionWithinTheErrorBound(
      @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> left,
      @ForAll @Size(min = 1, max = 300)
          List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> right) {
    LatencySketch a = sketchOf(left);
    LatencySketch merged = a.copy();
    merged.merge(sketchOf(right));
    List<Long> union = new ArrayList<>(left);
    union.addAll(right);
    LatencySketch ofUnion = sketchOf(union);

    assertThat(merged).isEqualTo(ofUnion);
    assertThat(merged.count()).isEqualTo(union.size());
    long[] exact = union.stream().mapToLong(Long::longValue).sorted().toArray();
    for (double q : QUANTILES) {
      long truth = exact[Math.max(0, (int) Math.ceil(q * exact.length) - 1)];
      assertThat((double) merged.valueAtQuantile(q))
          .isCloseTo(
              truth,
              org.assertj.core.api.Assertions.within(truth * LatencySketch.RELATIVE_ERROR + 1));
      assertThat(merged.valueAtQuantile(q)).isEqualTo(ofUnion.valueAtQuantile(q));
    }
  }

  @Property(tries = 100, seed = "8002")
  void bytesRoundTrip(
      @ForAll @Size(max = 200)
          List<@LongRange(min = -1_000_000, max = 3_600_000_000_000L) Long> values) {
    LatencySketch sketch = sketchOf(values);

    LatencySketch back = LatencySketch.fromBytes(sketch.toBytes());

    assertThat(back).isEqualTo(sketch);
    assertThat(back.percentiles()).isEqualTo(sketch.percentiles());
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
        .hasMessageContaining("format version 1");
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
