package dev.hopscope.store.embedded;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.cells.SpanCells;
import dev.hopscope.store.digest.TraceDigester;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compaction's merge: a k-way merge of sorted blocks into one, a row group of each input in memory
 * at a time. Parts of one trace from different blocks end up adjacent, so the output joins them,
 * and exact duplicate spans (client retries) are written once.
 *
 * <p>Each input row group is decoded as a batch and its rows handed to the writer as a cut hands it
 * request batches: building span objects and copying them into a new batch was a third of a merge,
 * and a merge rewrites every span the server keeps. The output's span cells are its inputs' added
 * up ({@link InputCells}), less the duplicates dropped, rather than counted again row by row.
 */
final class BlockMerger {
  private BlockMerger() {}

  /** One input: its rows a row group at a time. */
  private static final class Cursor {
    private final Block block;
    private int group;
    private @Nullable SpanBatch rows;
    private int next;

    Cursor(Block block) {
      this.block = block;
    }

    /**
     * True while a row is left, decoding the next row group when this one is used up; the used-up
     * batch is released to {@code writer}.
     */
    boolean hasRow(BlockWriter writer) {
      SpanBatch current = rows;
      while (current == null || next >= current.size()) {
        if (current != null) {
          writer.release(current);
          rows = null;
        }
        if (group >= block.rowGroupCount()) {
          return false;
        }
        current = block.rowGroup(group++).batch();
        rows = current;
        next = 0;
      }
      return true;
    }

    /** The current row's batch; only once {@link #hasRow} said there is a row. */
    SpanBatch batch() {
      return Objects.requireNonNull(rows);
    }

    int row() {
      return next;
    }

    void advance() {
      next++;
    }
  }

  /** Merges the inputs into {@code file}; returns rows written. */
  static long merge(List<Block> inputs, Path file, EmbeddedStoreConfig config, MergePace pace)
      throws IOException {
    return merge(inputs, file, config.zstdLevel(), config.rowGroupRows(), config.digester(), pace);
  }

  /**
   * As {@link #merge(List, Path, EmbeddedStoreConfig, MergePace)} with the writer's settings given.
   * The digest is made afresh from the merged traces: parts of a trace that earlier blocks digested
   * apart are digested as one. Once per row group's worth of rows the merge tells {@code pace} what
   * it has worked since, and may step aside there for reads.
   */
  static long merge(
      List<Block> inputs,
      Path file,
      int zstdLevel,
      int rowGroupRows,
      Optional<TraceDigester> digester,
      MergePace pace)
      throws IOException {
    long traces = 0;
    for (Block block : inputs) {
      traces += block.traceRuns();
    }
    try (BlockWriter writer = new BlockWriter(file, traces, zstdLevel, rowGroupRows)) {
      digester.ifPresent(writer::digestWith);
      Optional<SpanCells> cells = InputCells.sum(inputs);
      cells.ifPresent(writer::cellsCountedBy);
      // Holds only cursors with a row left, so their current rows are there to compare.
      PriorityQueue<Cursor> queue =
          new PriorityQueue<>((a, b) -> compare(a.batch(), a.row(), b.batch(), b.row()));
      for (Block block : inputs) {
        Cursor cursor = new Cursor(block);
        try {
          if (cursor.hasRow(writer)) {
            queue.add(cursor);
          }
        } catch (RuntimeException e) {
          throw BlockFailures.named(block, e);
        }
      }
      // Spans with equal (trace, start, span id) seen so far; equal ones are written once.
      Set<Span> sameKey = new HashSet<>();
      @Nullable SpanBatch previousBatch = null;
      int previousRow = 0;
      int sincePace = 0;
      long working = System.nanoTime();
      while (!queue.isEmpty()) {
        if (++sincePace == rowGroupRows) {
          sincePace = 0;
          pace.between(System.nanoTime() - working);
          working = System.nanoTime();
        }
        Cursor cursor = queue.poll();
        SpanBatch batch = cursor.batch();
        int row = cursor.row();
        // Spans are built and hashed only when their sort key repeats, which is rare: hashing a
        // whole span (attributes, events) for every row was a large part of a merge.
        SpanBatch before = previousBatch;
        boolean sameKeyAsPrevious = before != null && compare(before, previousRow, batch, row) == 0;
        if (before == null || !sameKeyAsPrevious) {
          sameKey.clear();
        } else if (sameKey.isEmpty()) {
          sameKey.add(before.span(previousRow));
        }
        if (!sameKeyAsPrevious || sameKey.add(batch.span(row))) {
          writer.add(batch, row);
        } else if (cells.isPresent()) {
          cells.get().remove(batch, row);
        }
        previousBatch = batch;
        previousRow = row;
        try {
          cursor.advance();
          if (cursor.hasRow(writer)) {
            queue.add(cursor);
          }
        } catch (RuntimeException e) {
          throw BlockFailures.named(cursor.block, e);
        }
      }
      writer.finish();
      return writer.rows();
    }
  }

  /** Block order, as a cut sorts rows: trace id and span id unsigned, start signed. */
  static int compare(SpanBatch a, int rowA, SpanBatch b, int rowB) {
    int c = Long.compareUnsigned(a.traceIdHigh(rowA), b.traceIdHigh(rowB));
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(a.traceIdLow(rowA), b.traceIdLow(rowB));
    if (c != 0) {
      return c;
    }
    c = Long.compare(a.startNanos(rowA), b.startNanos(rowB));
    return c != 0 ? c : Long.compareUnsigned(a.spanId(rowA), b.spanId(rowB));
  }
}
