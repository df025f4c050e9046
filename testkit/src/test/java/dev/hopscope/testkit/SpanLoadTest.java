package dev.hopscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The percentiles every trial reports (p50 and p99 of accepted requests) are nearest-rank. */
class SpanLoadTest {
  private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

  @Test
  void nearestRankOfSortedValues() {
    assertThat(SpanLoad.percentile(ONE_TO_HUNDRED, 50)).isEqualTo(50);
    assertThat(SpanLoad.percentile(ONE_TO_HUNDRED, 99)).isEqualTo(99);
    assertThat(SpanLoad.percentile(ONE_TO_HUNDRED, 99.5)).isEqualTo(100);
    assertThat(SpanLoad.percentile(ONE_TO_HUNDRED, 100)).isEqualTo(100);
  }

  @Test
  void edgesStayInsideTheArray() {
    assertThat(SpanLoad.percentile(new long[0], 99)).as("no requests: 0, not an error").isZero();
    assertThat(SpanLoad.percentile(new long[] {7}, 50)).isEqualTo(7);
    assertThat(SpanLoad.percentile(ONE_TO_HUNDRED, 0)).isEqualTo(1);
  }
}
