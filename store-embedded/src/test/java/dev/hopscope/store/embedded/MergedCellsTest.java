package dev.hopscope.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockSurgery;
import dev.hopscope.store.embedded.internal.block.CellsCodec;
import dev.hopscope.store.testing.TraceFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A merge adds up its inputs' span cells instead of counting its rows: the merged block's cells
 * must be exactly those a block written from the same spans counts, whatever the inputs hold —
 * parts of the same traces, duplicates the merge drops, and longest spans that tie for a cell's
 * exemplar across inputs.
 */
class MergedCellsTest {
  private static final long T0 = 1_800_000_000_000_000_000L;

  @TempDir Path directory;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void mergedCellsEqualTheCellsOfTheMergedSpans(long seed) throws IOException {
    Random random = new Random(seed);
    List<Span> unique = uniqueSpans(seed, random, 120, 40);
    List<List<Span>> parts = deal(random, unique, 3);
    // Client retries: spans already in one input again in another, which the merge writes once.
    for (int i = 0; i < 30; i++) {
      parts.get(random.nextInt(3)).add(unique.get(random.nextInt(unique.size())));
    }

    List<Block> inputs = writeInputs(parts);
    assertThat(InputCells.sum(inputs)).as("the inputs' cells are added up").isPresent();
    assertMergedCellsAreCounted(inputs, unique);
  }

  /** An input without cells (an older block) has the merge count every row, to the same cells. */
  @ParameterizedTest
  @ValueSource(longs = {11, 12})
  void anInputWithoutCellsHasTheMergeCountRows(long seed) throws IOException {
    Random random = new Random(seed);
    List<Span> unique = uniqueSpans(seed, random, 60, 20);
    List<List<Span>> parts = deal(random, unique, 2);
    parts.get(1).addAll(parts.get(0).subList(0, 10));
    List<Block> inputs = writeInputs(parts);
    inputs.forEach(Block::release);
    BlockSurgery.dropCells(directory.resolve("in-1.blk"));
    List<Block> reopened =
        List.of(
            Block.open(directory.resolve("in-0.blk")), Block.open(directory.resolve("in-1.blk")));
    assertThat(InputCells.sum(reopened)).as("the rows are counted").isEmpty();
    assertMergedCellsAreCounted(reopened, unique);
  }

  /**
   * Merges (and releases) {@code inputs}, and checks the merged block's cells against those a block
   * written from {@code unique}, the same spans once each, counts.
   */
  private void assertMergedCellsAreCounted(List<Block> inputs, List<Span> unique)
      throws IOException {
    Path merged = directory.resolve("merged.blk");
    try {
      BlockMerger.merge(inputs, merged, 3, 16, Optional.empty(), MergePace.fullSpeed());
    } finally {
      inputs.forEach(Block::release);
    }
    Path counted = directory.resolve("counted.blk");
    BlockFileWriter.write(counted, List.of(SpanBatch.of(unique)), 3, 16);
    assertThat(comparable(cells(merged))).isEqualTo(comparable(cells(counted)));
  }

  /** The spans of {@code traces} random traces and {@code tied} exemplar ties, each once. */
  private static List<Span> uniqueSpans(long seed, Random random, int traces, int tied) {
    List<Span> unique = new ArrayList<>();
    for (Trace trace : TraceFixtures.randomTraces(seed, traces)) {
      unique.addAll(trace.spans());
    }
    unique.addAll(tiedSpans(random, tied));
    return unique;
  }

  private List<Block> writeInputs(List<List<Span>> parts) throws IOException {
    List<Block> inputs = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Path file = directory.resolve("in-" + i + ".blk");
      BlockFileWriter.write(file, List.of(SpanBatch.of(parts.get(i))), 3, 16);
      inputs.add(Block.open(file));
    }
    return inputs;
  }

  /** Each span to one of {@code count} parts, at random: traces end up split across them. */
  private static List<List<Span>> deal(Random random, List<Span> spans, int count) {
    List<List<Span>> parts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      parts.add(new ArrayList<>());
    }
    List<Span> shuffled = new ArrayList<>(new LinkedHashSet<>(spans));
    Collections.shuffle(shuffled, random);
    for (Span span : shuffled) {
      parts.get(random.nextInt(count)).add(span);
    }
    return parts;
  }

  /**
   * Spans of one cell (same service, name, kind, status and grain) that all last exactly as long:
   * which of them is the exemplar depends only on block order.
   */
  private static List<Span> tiedSpans(Random random, int count) {
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = T0 + random.nextInt(5_000_000);
      out.add(
          Span.builder(new TraceId(random.nextLong(), random.nextLong() | 1), new SpanId(1 + i))
              .name("tied")
              .kind(SpanKind.CLIENT)
              .status(new Status(StatusCode.ERROR, ""))
              .startNanos(start)
              .endNanos(start + 7_000_000)
              .resource(Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of("t"))))
              .build());
    }
    return out;
  }

  private static List<SpanCell> cells(Path file) throws IOException {
    Block block = Block.open(file);
    try {
      return CellsCodec.decode(block.cellsChunk().orElseThrow());
    } finally {
      block.release();
    }
  }

  /** Records compare arrays by reference; these strings compare every field's content. */
  private static List<String> comparable(List<SpanCell> cells) {
    List<String> out = new ArrayList<>();
    for (SpanCell cell : cells) {
      out.add(
          String.join(
              " ",
              String.valueOf(cell.grain()),
              String.valueOf(cell.service()),
              cell.name(),
              cell.kind().name(),
              cell.status().name(),
              "count=" + cell.count(),
              "sum=" + cell.sumNanos(),
              "min=" + cell.minNanos(),
              "max=" + cell.maxNanos(),
              "log2=" + Arrays.toString(cell.log2Counts()),
              "values=" + Arrays.toString(cell.durationValues()),
              "counts=" + Arrays.toString(cell.durationCounts()),
              "exemplar=" + cell.exemplar()));
    }
    return out;
  }
}
