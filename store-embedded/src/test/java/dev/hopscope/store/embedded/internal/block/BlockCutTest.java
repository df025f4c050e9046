package dev.hopscope.store.embedded.internal.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.store.embedded.internal.codec.AttributeHash;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A head cut writes rows straight from the request batches they arrived in, neighbouring rows from
 * different batches; compaction writes decoded spans. Either way the block reads back exactly the
 * spans, in block order, and every row group's bloom knows every pair its rows carry.
 */
class BlockCutTest {
  private static final Comparator<Span> BLOCK_ORDER =
      Comparator.<Span, Long>comparing(s -> s.traceId().high(), Long::compareUnsigned)
          .thenComparing(s -> s.traceId().low(), Long::compareUnsigned)
          .thenComparingLong(Span::startNanos)
          .thenComparing(s -> s.spanId().value(), Long::compareUnsigned);

  @TempDir Path directory;

  private record Ref(SpanBatch batch, int row, Span span) {}

  @Test
  void rowsFromManyBatchesReadBackAsTheSpansInBlockOrder() throws IOException {
    List<Trace> traces = TraceFixtures.randomTraces(7, 90);
    // Six request batches; each trace's spans are dealt round-robin, so traces straddle batches.
    List<SpanBatch.Builder> builders = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      builders.add(SpanBatch.builder());
    }
    int next = 0;
    for (Trace trace : traces) {
      for (Span span : trace.spans()) {
        builders.get(next++ % builders.size()).add(span);
      }
    }
    List<Ref> refs = new ArrayList<>();
    for (SpanBatch.Builder builder : builders) {
      SpanBatch batch = builder.build();
      for (int row = 0; row < batch.size(); row++) {
        refs.add(new Ref(batch, row, batch.span(row)));
      }
    }
    refs.sort(Comparator.comparing(Ref::span, BLOCK_ORDER));

    Path file = directory.resolve("0000000000000001.blk");
    try (BlockWriter writer = new BlockWriter(file, traces.size(), 3, 16)) {
      for (Ref ref : refs) {
        writer.add(ref.batch(), ref.row());
      }
      writer.finish();
    }

    assertReadsBack(file, refs.stream().map(Ref::span).toList());
  }

  @Test
  void rowGroupsDecodedAsBatchesWriteTheSameBlockContent() throws IOException {
    List<Span> spans = new ArrayList<>();
    TraceFixtures.randomTraces(8, 60).forEach(trace -> spans.addAll(trace.spans()));
    spans.sort(BLOCK_ORDER);
    SpanBatch sorted = SpanBatch.of(spans);
    Path first = directory.resolve("0000000000000002.blk");
    try (BlockWriter writer = new BlockWriter(first, 60, 3, 16)) {
      for (int row = 0; row < sorted.size(); row++) {
        writer.add(sorted, row);
      }
      writer.finish();
    }

    // As compaction rewrites a block: each row group decoded as a batch, released once used, into
    // groups of another size, so output groups hold rows of two input groups.
    Path second = directory.resolve("0000000000000003.blk");
    Block block = Block.open(first);
    try (BlockWriter writer = new BlockWriter(second, 60, 3, 23)) {
      for (int g = 0; g < block.rowGroupCount(); g++) {
        SpanBatch group = block.rowGroup(g).batch();
        for (int row = 0; row < group.size(); row++) {
          writer.add(group, row);
        }
        writer.release(group);
      }
      writer.finish();
    } finally {
      block.release();
    }

    assertReadsBack(second, spans);
  }

  private static void assertReadsBack(Path file, List<Span> expected) throws IOException {
    Block block = Block.open(file);
    try {
      List<Span> read = new ArrayList<>();
      for (int g = 0; g < block.rowGroupCount(); g++) {
        RowGroup group = block.rowGroup(g);
        List<Span> rows = group.spans(0, group.rowCount());
        for (Span span : rows) {
          for (Map.Entry<String, AttributeValue> pair : span.attributes().asMap().entrySet()) {
            assertThat(block.rowGroupMayHave(g, pairHash(AttributeHash.SPAN, pair)))
                .as("group %d knows span pair %s", g, pair)
                .isTrue();
          }
          for (Map.Entry<String, AttributeValue> pair :
              span.resource().attributes().asMap().entrySet()) {
            assertThat(block.rowGroupMayHave(g, pairHash(AttributeHash.RESOURCE, pair)))
                .as("group %d knows resource pair %s", g, pair)
                .isTrue();
          }
        }
        read.addAll(rows);
      }
      assertThat(block.rowGroupCount()).isGreaterThan(5);
      assertThat(read).isEqualTo(expected);
    } finally {
      block.release();
    }
  }

  private static long pairHash(int scope, Map.Entry<String, AttributeValue> pair) {
    return AttributeHash.of(scope, pair.getKey(), pair.getValue());
  }
}
