package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.testing.RandomSpans;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class RowGroupTest {
  @Test
  void rowsBuiltAfterASearchParsedTheAttributesEqualRowsBuiltFresh() {
    List<Span> spans = new RandomSpans(11).spans(600);
    Tables tables = new Tables();
    byte[][] columns =
        SpanColumnsWriter.encode(RowRefs.of(SpanBatch.of(spans), tables), 0, spans.size());
    Random random = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int from = random.nextInt(spans.size());
      int to = from + 1 + random.nextInt(spans.size() - from);
      long keepBits = random.nextLong();
      IntPredicate keep = row -> (keepBits >>> (row % 64) & 1) == 1;

      RowGroup searched = new RowGroup(spans.size(), tables, index -> columns[index]);
      // A string check parses the attribute columns whole and records where each row starts.
      searched.spanAttributeEqualsString(to - 1, 0, 0);
      RowGroup fresh = new RowGroup(spans.size(), tables, index -> columns[index]);

      List<Span> expected =
          spans.subList(from, to).stream().filter(span -> keep.test(spans.indexOf(span))).toList();
      assertThat(searched.spans(from, to, keep)).isEqualTo(fresh.spans(from, to, keep));
      assertThat(searched.spans(from, to, keep)).isEqualTo(expected);
    }
  }

  @Test
  void eachColumnIsLoadedOnceHoweverManyReadsUseIt() {
    List<Span> spans = new RandomSpans(12).spans(200);
    Tables tables = new Tables();
    byte[][] columns =
        SpanColumnsWriter.encode(RowRefs.of(SpanBatch.of(spans), tables), 0, spans.size());
    int[] loads = new int[columns.length];
    RowGroup rows =
        new RowGroup(
            spans.size(),
            tables,
            index -> {
              loads[index]++;
              return columns[index];
            });
    rows.spanAttributeEqualsString(0, 0, 0);
    rows.spans(0, spans.size());
    rows.spans(10, 20);
    // Materialising reads every column; each was decompressed (here: fetched) exactly once.
    assertThat(loads).containsOnly(1);
  }
}
