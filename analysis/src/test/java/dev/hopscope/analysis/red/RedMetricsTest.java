package dev.hopscope.analysis.red;

import static dev.hopscope.analysis.TestTrace.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.analysis.TestTrace;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedMetricsTest {
  static final long MINUTE = RedMetrics.MINUTE_NANOS;

  /** TestTrace.EPOCH rounded down to a minute, so steps line up with the data. */
  static final double BASE_MS = -(TestTrace.EPOCH % MINUTE) / (double) MS;

  static TestTrace requests() {
    TestTrace t = new TestTrace();
    // 3 requests in minute 0 (one failing), 1 in minute 1, none in minute 2.
    double[] starts = {1_000, 2_000, 3_000, 61_000};
    for (int i = 0; i < starts.length; i++) {
      TestTrace.SpanBuilder root =
          t.span("webapp", "GET /products")
              .kind(SpanKind.SERVER)
              .at(BASE_MS + starts[i], BASE_MS + starts[i] + 100 * (i + 1));
      if (i == 1) {
        root.error("boom");
      }
      SpanId id = root.add();
      t.span("webapp", "GET")
          .kind(SpanKind.CLIENT)
          .parent(id)
          .at(BASE_MS + starts[i], BASE_MS + starts[i] + 10)
          .add();
    }
    return t;
  }

  @Test
  void seriesPerMinuteHasRateErrorsAndDurations() {
    RedMetrics red = RedMetrics.create();
    red.add(requests().build());
    long start = TestTrace.EPOCH - TestTrace.EPOCH % MINUTE;

    List<RedPoint> series =
        red.series("webapp", "GET /products", start, start + 3 * MINUTE, MINUTE);

    assertThat(series).hasSize(3);
    assertThat(series).extracting(RedPoint::count).containsExactly(3L, 1L, 0L);
    assertThat(series).extracting(RedPoint::errorCount).containsExactly(1L, 0L, 0L);
    assertThat(series.get(0).requestsPerSecond()).isCloseTo(3 / 60.0, within(1e-12));
    assertThat(series.get(0).duration().p50Nanos()).isCloseTo(200 * MS, within(2 * MS));
    assertThat(series.get(1).duration().maxNanos()).isCloseTo(400 * MS, within(4 * MS));
    assertThat(red.operations("webapp")).containsExactly("GET /products");
  }

  @Test
  void wideStepsAndAllOperationsMergeMinutes() {
    RedMetrics left = RedMetrics.create();
    RedMetrics right = RedMetrics.create();
    List<dev.hopscope.model.Span> spans = requests().spans();
    for (int i = 0; i < spans.size(); i++) {
      (i % 2 == 0 ? left : right).add(spans.get(i));
    }
    left.merge(right);
    long start = TestTrace.EPOCH - TestTrace.EPOCH % MINUTE;

    List<RedPoint> series = left.series("webapp", "", start, start + 2 * MINUTE, 2 * MINUTE);

    assertThat(series).singleElement().extracting(RedPoint::count).isEqualTo(4L);
  }

  @Test
  void aMinuteEvictedAndSeenAgainCountsOnlyTheNewSpans() {
    RedMetrics red = RedMetrics.create();
    red.add(requests().build());
    long start = TestTrace.EPOCH - TestTrace.EPOCH % MINUTE;

    red.evictBefore(start + 2 * MINUTE);
    red.add(requests().build());

    assertThat(red.series("webapp", "GET /products", start, start + 2 * MINUTE, MINUTE))
        .extracting(RedPoint::count)
        .containsExactly(3L, 1L);
  }

  @Test
  void stepMustBeWholeMinutes() {
    assertThatThrownBy(() -> RedMetrics.create().series("a", "", 0, MINUTE, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number of minutes");
  }
}
