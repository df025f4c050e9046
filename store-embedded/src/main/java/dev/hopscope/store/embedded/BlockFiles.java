package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.digest.TraceDigester;
import dev.hopscope.store.embedded.internal.block.BlockWriter;
import dev.hopscope.store.embedded.internal.block.RowOrder;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes a block from head generations: rows sorted by (trace id, start, span id). */
final class BlockFiles {
  private BlockFiles() {}

  /**
   * The zstd level of a head cut's block, whatever {@link EmbeddedStoreConfig#zstdLevel} says: a
   * cut block lives until compaction merges its window's run (minutes under load), and the merge
   * writes the configured level. Level 3 cost a cut a tenth of its time for bytes that are soon
   * rewritten (store-embedded/RATIONALE.md, "Cut blocks compress fast").
   */
  static final int CUT_ZSTD_LEVEL = 1;

  static String name(long id) {
    return String.format("%016d.blk", id);
  }

  static boolean isBlockName(String name) {
    return name.endsWith(".blk");
  }

  /**
   * Writes the rows of the generations at {@link #CUT_ZSTD_LEVEL}; returns the row count (0 writes
   * no file).
   */
  static long writeHead(Path file, List<HeadGeneration> generations, EmbeddedStoreConfig config)
      throws IOException {
    List<SpanBatch> batches = new ArrayList<>();
    long traces = 0;
    for (HeadGeneration generation : generations) {
      batches.addAll(generation.batches());
      traces += generation.traceCount();
    }
    return writeBatches(
        file, batches, traces, CUT_ZSTD_LEVEL, config.rowGroupRows(), config.digester());
  }

  /**
   * Writes the rows of the batches sorted by (trace id, start, span id); returns the row count (0
   * writes no file). {@code expectedTraces} sizes the trace-id bloom filter.
   */
  static long writeBatches(
      Path file,
      List<SpanBatch> batches,
      long expectedTraces,
      int zstdLevel,
      int rowGroupRows,
      Optional<TraceDigester> digester)
      throws IOException {
    int total = 0;
    for (SpanBatch batch : batches) {
      total += batch.size();
    }
    if (total == 0) {
      return 0;
    }
    long[] sorted = RowOrder.sorted(batches);
    try (BlockWriter writer = new BlockWriter(file, expectedTraces, zstdLevel, rowGroupRows)) {
      digester.ifPresent(writer::digestWith);
      for (long ref : sorted) {
        writer.add(batches.get((int) (ref >>> 32)), (int) ref);
      }
      writer.finish();
      return writer.rows();
    }
  }
}
