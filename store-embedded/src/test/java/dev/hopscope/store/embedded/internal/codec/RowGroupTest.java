package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.testing.RandomSpans;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowGroupTest {
  @Test
  void rowsBuiltAfterASearchParsedTheAttributesEqualRowsBuiltFresh() {
    Encoded encoded = Encoded.of(11, 600);
    List<Span> spans = encoded.spans();
    Random random = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int from = random.nextInt(spans.size());
      int to = from + 1 + random.nextInt(spans.size() - from);
      long keepBits = random.nextLong();
      IntPredicate keep = row -> (keepBits >>> (row % 64) & 1) == 1;

      RowGroup searched = encoded.rows(index -> {});
      // A string check parses the attribute columns whole and records where each row starts.
      searched.spanAttributeEqualsString(to - 1, 0, 0);
      RowGroup fresh = encoded.rows(index -> {});

      List<Span> expected = IntStream.range(from, to).filter(keep).mapToObj(spans::get).toList();
      assertThat(searched.spans(from, to, keep)).isEqualTo(fresh.spans(from, to, keep));
      assertThat(searched.spans(from, to, keep)).isEqualTo(expected);
    }
  }

  @Test
  void eachColumnIsLoadedOnceHoweverManyReadsUseIt() {
    Encoded encoded = Encoded.of(12, 200);
    int[] loads = new int[Column.COUNT];
    RowGroup rows = encoded.rows(index -> loads[index]++);
    rows.spanAttributeEqualsString(0, 0, 0);
    rows.spans(0, encoded.spans().size());
    rows.spans(10, 20);
    // Materialising reads every column; each was decompressed (here: fetched) exactly once.
    assertThat(loads).containsOnly(1);
  }

  /** Seeded random spans encoded as one row group's columns. */
  private record Encoded(List<Span> spans, Tables tables, byte[][] columns) {
    static Encoded of(long seed, int count) {
      List<Span> spans = new RandomSpans(seed).spans(count);
      Tables tables = new Tables();
      RowRefs rows = RowRefs.of(SpanBatch.of(spans), tables);
      ByteSink[] sinks = SpanColumnsWriter.sinks(rows, 0, spans.size());
      SpanColumnsWriter.encode(rows, 0, spans.size(), sinks);
      byte[][] columns = new byte[Column.COUNT][];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = sinks[i].toByteArray();
      }
      return new Encoded(spans, tables, columns);
    }

    /** A row group over the columns that tells {@code onLoad} each column it loads. */
    RowGroup rows(IntConsumer onLoad) {
      return new RowGroup(
          spans.size(),
          tables,
          index -> {
            onLoad.accept(index);
            return columns[index];
          });
    }
  }
}
