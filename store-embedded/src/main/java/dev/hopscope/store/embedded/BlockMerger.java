package dev.hopscope.store.embedded;

import dev.hopscope.model.Span;
import dev.hopscope.store.digest.TraceDigester;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Compaction's merge: a k-way merge of sorted blocks into one, a row group of each input in memory
 * at a time. Parts of one trace from different blocks end up adjacent, so the output joins them,
 * and exact duplicate spans (client retries) are written once.
 */
final class BlockMerger {
  static final Comparator<Span> ROW_ORDER =
      Comparator.comparing(Span::traceId)
          .thenComparingLong(Span::startNanos)
          .thenComparing(Span::spanId);

  private BlockMerger() {}

  /** One input: its spans a row group at a time. */
  private static final class Cursor {
    private final Block block;
    private int group;
    private List<Span> rows = List.of();
    private int next;

    Cursor(Block block) {
      this.block = block;
    }

    /** True while a span is left, decoding the next row group when this one is used up. */
    boolean hasSpan() {
      while (next >= rows.size()) {
        if (group >= block.rowGroupCount()) {
          return false;
        }
        var rowGroup = block.rowGroup(group++);
        rows = rowGroup.spans(0, rowGroup.rowCount());
        next = 0;
      }
      return true;
    }

    /** The current span; only once {@link #hasSpan()} said there is one. */
    Span span() {
      return rows.get(next);
    }

    void advance() {
      next++;
    }
  }

  /** Merges the inputs into {@code file}; returns rows written. */
  static long merge(List<Block> inputs, Path file, EmbeddedStoreConfig config) throws IOException {
    return merge(inputs, file, config.zstdLevel(), config.rowGroupRows(), config.digester());
  }

  /**
   * As {@link #merge(List, Path, EmbeddedStoreConfig)} with the writer's settings given. The digest
   * is made afresh from the merged traces: parts of a trace that earlier blocks digested apart are
   * digested as one.
   */
  static long merge(
      List<Block> inputs,
      Path file,
      int zstdLevel,
      int rowGroupRows,
      Optional<TraceDigester> digester)
      throws IOException {
    long traces = 0;
    for (Block block : inputs) {
      traces += block.traceRuns();
    }
    // Holds only cursors with a span left, so span() is theirs to compare.
    PriorityQueue<Cursor> queue =
        new PriorityQueue<>((a, b) -> ROW_ORDER.compare(a.span(), b.span()));
    for (Block block : inputs) {
      Cursor cursor = new Cursor(block);
      try {
        if (cursor.hasSpan()) {
          queue.add(cursor);
        }
      } catch (RuntimeException e) {
        throw BlockFailures.named(block, e);
      }
    }
    try (BlockWriter writer = new BlockWriter(file, traces, zstdLevel, rowGroupRows)) {
      digester.ifPresent(writer::digestWith);
      // Spans with equal (trace, start, span id) seen so far; equal ones are written once.
      Set<Span> sameKey = new HashSet<>();
      Span previous = null;
      while (!queue.isEmpty()) {
        Cursor cursor = queue.poll();
        Span span;
        try {
          span = cursor.span();
          cursor.advance();
          if (cursor.hasSpan()) {
            queue.add(cursor);
          }
        } catch (RuntimeException e) {
          throw BlockFailures.named(cursor.block, e);
        }
        // Spans are hashed only when their sort key repeats, which is rare: hashing a whole span
        // (attributes, events) for every row was a large part of a merge.
        boolean sameKeyAsPrevious = previous != null && ROW_ORDER.compare(previous, span) == 0;
        if (!sameKeyAsPrevious) {
          sameKey.clear();
        } else if (sameKey.isEmpty()) {
          sameKey.add(previous);
        }
        previous = span;
        if (!sameKeyAsPrevious || sameKey.add(span)) {
          writer.add(span);
        }
      }
      writer.finish();
      return writer.rows();
    }
  }
}
