package dev.hopscope.store.embedded.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.store.SearchHints;
import java.util.ArrayList;
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
  void stringChecksAnswerAsTheSpansSayWhateverOrderTheyAskIn() {
    Encoded encoded = Encoded.of(tracesWithUsers(21, 700));
    List<Span> spans = encoded.spans();
    Random random = new Random(8);
    RowGroup shared = encoded.rows(index -> {});
    for (String key : List.of("user.id", "tags", "absent.key")) {
      for (int user = 0; user < 12; user++) {
        String text = "user-" + user;
        int keyIndex = encoded.tables().indexOf(key);
        int valueIndex = encoded.tables().indexOf(text);
        if (keyIndex < 0 || valueIndex < 0) {
          continue;
        }
        RowGroup fresh = encoded.rows(index -> {});
        List<Integer> rows = new ArrayList<>(IntStream.range(0, spans.size()).boxed().toList());
        java.util.Collections.shuffle(rows, random);
        for (int row : rows) {
          boolean expected =
              SearchHints.valueMatches(
                  AttributeValue.of(text), spans.get(row).attributes().get(key));
          assertThat(fresh.spanAttributeEqualsString(row, keyIndex, valueIndex))
              .as("row %d, %s = %s", row, key, text)
              .isEqualTo(expected);
          assertThat(shared.spanAttributeEqualsString(row, keyIndex, valueIndex))
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aValueMissingFromTheGroupIsAnsweredWithoutLoadingTheKeys() {
    // Only string values, so no other value's bytes can spell the index looked for by chance.
    RandomSpans random = new RandomSpans(22);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      spans.add(
          Span.builder(random.traceId(), random.spanId())
              .name("GET /cart")
              .startNanos(1_000 + i)
              .endNanos(2_000 + i)
              .attributes(Attributes.of("user.id", AttributeValue.of("user-" + i % 12)))
              .build());
    }
    Encoded encoded = Encoded.of(spans);
    int[] loads = new int[Column.COUNT];
    RowGroup rows = encoded.rows(index -> loads[index]++);
    int key = encoded.tables().indexOf("user.id");
    // A string of the dictionary that no attribute value holds: a span name.
    int name = encoded.tables().indexOf(encoded.spans().get(0).name());

    for (int row = 0; row < encoded.spans().size(); row++) {
      assertThat(rows.spanAttributeEqualsString(row, key, name)).isFalse();
    }
    assertThat(loads[Column.ATTRIBUTE_VALUE.ordinal()]).isEqualTo(1);
    assertThat(loads[Column.ATTRIBUTE_KEY.ordinal()]).isZero();
    assertThat(loads[Column.ATTRIBUTE_COUNT.ordinal()]).isZero();
  }

  @Test
  void rowsBuiltAfterACheckParsedPartOfTheGroupEqualRowsBuiltFresh() {
    Encoded encoded = Encoded.of(tracesWithUsers(23, 500));
    List<Span> spans = encoded.spans();
    int key = encoded.tables().indexOf("user.id");
    Random random = new Random(6);
    for (int trial = 0; trial < 40; trial++) {
      RowGroup searched = encoded.rows(index -> {});
      // Parses only up to the trace of this user's last span.
      int user = encoded.tables().indexOf("user-" + random.nextInt(12));
      for (int row = 0; row < spans.size(); row++) {
        searched.spanAttributeEqualsString(row, key, user);
      }
      int from = random.nextInt(spans.size());
      int to = from + 1 + random.nextInt(spans.size() - from);
      List<Span> expected = spans.subList(from, to);
      assertThat(searched.spans(from, to)).isEqualTo(expected);
      assertThat(searched.spans(0, spans.size())).isEqualTo(spans);
    }
  }

  @Test
  void theLastOccurrenceOfAStringIsFoundByItsMinimalVarint() {
    ByteSink sink = new ByteSink();
    AttributeCodec.writeString(300, sink); // 01 AC 02
    sink.writeByte(1).writeByte(0xAC).writeByte(0x82).writeByte(0); // 01 AC 82 00: another index
    AttributeCodec.writeString(300, sink);
    sink.writeByte(1);
    byte[] bytes = sink.toByteArray();

    assertThat(RowGroup.lastOccurrence(bytes, 300)).isEqualTo(7);
    assertThat(RowGroup.lastOccurrence(bytes, 44)).isEqualTo(-1); // 01 2C
    assertThat(RowGroup.lastOccurrence(new byte[] {1}, 0)).isEqualTo(-1);
    assertThat(RowGroup.lastOccurrence(new byte[] {1, 0}, 0)).isZero();
  }

  /**
   * Traces of 1-8 spans whose spans carry one of 12 users, alone or in an array, among the random
   * attributes: a user appears in a few traces scattered over the group.
   */
  private static List<Span> tracesWithUsers(long seed, int count) {
    RandomSpans random = new RandomSpans(seed);
    Random users = new Random(seed);
    List<Span> out = new ArrayList<>();
    while (out.size() < count) {
      TraceId trace = random.traceId();
      int length = 1 + users.nextInt(8);
      for (int i = 0; i < length && out.size() < count; i++) {
        int kind = users.nextInt(4);
        Attributes extra = Attributes.empty();
        if (kind == 1) {
          extra = Attributes.of("user.id", AttributeValue.of("user-" + users.nextInt(12)));
        } else if (kind == 2) {
          extra =
              Attributes.of(
                  "tags",
                  new AttributeValue.ArrayValue(
                      List.of(
                          AttributeValue.of("user-" + users.nextInt(12)), AttributeValue.of(7L))));
        }
        out.add(random.span(trace, extra));
      }
    }
    return out;
  }

  @Test
  void aGroupDecodedAsOneBatchHoldsTheSpansItsRowsMaterialiseTo() {
    for (long seed = 30; seed < 36; seed++) {
      Encoded encoded = Encoded.of(seed, 300 + (int) seed * 37);
      SpanBatch batch = encoded.rows(index -> {}).batch();
      assertThat(batch.toSpans()).isEqualTo(encoded.spans());
      // One resource and scope entry per distinct one, as the block's tables hold them.
      assertThat(batch.resourceCount()).isEqualTo(encoded.tables().resources().size());
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
      return of(new RandomSpans(seed).spans(count));
    }

    static Encoded of(List<Span> spans) {
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
