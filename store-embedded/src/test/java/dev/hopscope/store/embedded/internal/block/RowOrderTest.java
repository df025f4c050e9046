package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.RandomSpans;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowOrderTest {
  @Test
  void sortsAsAStableComparatorSortOfTheRowsKeys() {
    Random random = new Random(11);
    RandomSpans spans = new RandomSpans(11);
    // Few trace ids, starts and span ids, with signs on both halves, so that every tie-break and
    // the unsigned order are exercised; some rows are exact key duplicates across batches.
    long[] ids = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 42};
    List<SpanBatch> batches = new ArrayList<>();
    for (int b = 0; b < 7; b++) {
      SpanBatch.Builder builder = SpanBatch.builder();
      for (int row = 0; row < 1 + random.nextInt(300); row++) {
        TraceId trace = new TraceId(ids[random.nextInt(ids.length)], 1 | ids[random.nextInt(3)]);
        var span = spans.span(trace);
        builder.add(
            new dev.hopscope.model.Span(
                trace,
                new SpanId(1 + random.nextInt(4)),
                span.parentSpanId(),
                span.traceState(),
                span.name(),
                span.kind(),
                1000 + random.nextInt(5),
                2000,
                span.attributes(),
                span.events(),
                span.links(),
                span.status(),
                span.flags(),
                span.resource(),
                span.scope(),
                0,
                0,
                0));
      }
      batches.add(builder.build());
    }
    List<Long> expected = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      for (int row = 0; row < batches.get(b).size(); row++) {
        expected.add(((long) b << 32) | row);
      }
    }
    Comparator<Long> byKey =
        Comparator.<Long, Long>comparing(
                ref -> batch(batches, ref).traceIdHigh(row(ref)), Long::compareUnsigned)
            .thenComparing(ref -> batch(batches, ref).traceIdLow(row(ref)), Long::compareUnsigned)
            .thenComparingLong(ref -> batch(batches, ref).startNanos(row(ref)))
            .thenComparing(ref -> batch(batches, ref).spanId(row(ref)), Long::compareUnsigned);
    expected.sort(byKey);

    long[] sorted = RowOrder.sorted(batches);

    assertThat(sorted).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
  }

  private static SpanBatch batch(List<SpanBatch> batches, long ref) {
    return batches.get((int) (ref >>> 32));
  }

  private static int row(long ref) {
    return (int) ref;
  }
}
