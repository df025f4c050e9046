package dev.hopscope.store.embedded;

import dev.hopscope.store.cells.SpanCells;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CellsCodec;
import java.util.List;
import java.util.Optional;

/**
 * The span cells of a merge's inputs added up: span cells are sums, so the cells of the merged
 * block are its inputs' cells together, less the duplicates the merge drops. Counting them afresh
 * cost a tenth of a merge, which rewrites every span the server keeps.
 */
final class InputCells {
  private static final System.Logger LOG = System.getLogger(InputCells.class.getName());

  private InputCells() {}

  /**
   * The inputs' cells added up, or empty when one input has none to give (written before cells, or
   * with a service name that is not text), lacks an exemplar, or fails to read: the writer then
   * counts the merged rows itself, as it always could. Cells are derived from the spans, so a
   * damaged cells chunk costs the count, never the merge.
   */
  static Optional<SpanCells> sum(List<Block> inputs) {
    SpanCells sum = new SpanCells();
    for (Block block : inputs) {
      try {
        Optional<byte[]> chunk = block.cellsChunk();
        if (chunk.isEmpty()) {
          return Optional.empty();
        }
        boolean[] complete = {true};
        CellsCodec.decode(
            chunk.get(),
            cell -> {
              complete[0] &= cell.exemplar() != null;
              sum.add(cell);
            });
        if (!complete[0]) {
          return Optional.empty();
        }
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "span cells of block " + block.file() + " unreadable; the merge counts its rows",
            e);
        return Optional.empty();
      }
    }
    return Optional.of(sum);
  }
}
