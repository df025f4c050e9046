package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.embedded.internal.block.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes spans into one block file outside any store: what a block-builder (cluster mode) does
 * before it uploads the file. The same sort and writer as the engine's cuts, so the file is a block
 * like any other, readable by {@link BlockFilesReader} and {@code Block.open}.
 */
public final class BlockFileWriter {
  private BlockFileWriter() {}

  /**
   * Returns {@code level} when blocks can be written with it: 1 to 19, zstd's levels that need no
   * long-window ("ultra") decoder settings. The one check for every writer of blocks and every
   * store setting that chooses their level.
   *
   * @throws IllegalArgumentException naming the setting and the range
   */
  public static int requireZstdLevel(int level) {
    if (level < 1 || level > 19) {
      throw new IllegalArgumentException("zstdLevel must be between 1 and 19; received " + level);
    }
    return level;
  }

  /**
   * Returns {@code rows} when it is a row group size: positive.
   *
   * @throws IllegalArgumentException naming the setting
   */
  public static int requireRowGroupRows(int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("rowGroupRows must be positive; received " + rows);
    }
    return rows;
  }

  /**
   * Writes the rows of {@code batches} to a new file (it must not exist), sorted by (trace id,
   * start, span id), and forces it to disk. Returns the row count; with no rows no file is written.
   *
   * @param zstdLevel 1 to 19; the embedded engine uses 3
   * @param rowGroupRows rows per row group; the embedded engine uses 1024
   */
  public static long write(Path file, List<SpanBatch> batches, int zstdLevel, int rowGroupRows)
      throws IOException {
    Objects.requireNonNull(file, "file");
    requireZstdLevel(zstdLevel);
    requireRowGroupRows(rowGroupRows);
    Set<TraceId> traces = new HashSet<>();
    for (SpanBatch batch : batches) {
      for (int row = 0; row < batch.size(); row++) {
        traces.add(batch.traceId(row));
      }
    }
    return BlockFiles.writeBatches(
        file, List.copyOf(batches), traces.size(), zstdLevel, rowGroupRows, Optional.empty());
  }

  /**
   * Merges block files into one new file, as the engine's compaction does: a k-way merge by (trace
   * id, start, span id), a row group of each input in memory at a time, so a trace's parts from
   * different inputs become one run and exact duplicate spans are written once. Every input is
   * verified by its checksums when opened ({@code CorruptBlockException} names the bad one). What a
   * compactor over object storage does with the blocks it downloaded. Returns the rows written.
   */
  public static long merge(Path file, List<Path> inputs, int zstdLevel, int rowGroupRows)
      throws IOException {
    Objects.requireNonNull(file, "file");
    requireZstdLevel(zstdLevel);
    requireRowGroupRows(rowGroupRows);
    List<Block> blocks = new ArrayList<>();
    try {
      for (Path input : inputs) {
        blocks.add(Block.open(input));
      }
      // The writer forces the file when it finishes it.
      return BlockMerger.merge(
          blocks, file, zstdLevel, rowGroupRows, Optional.empty(), MergePace.fullSpeed());
    } finally {
      blocks.forEach(Block::release);
    }
  }
}
