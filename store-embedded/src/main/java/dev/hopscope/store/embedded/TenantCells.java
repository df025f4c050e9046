package dev.hopscope.store.embedded;

import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.cells.SpanCells;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CellsCodec;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The span cells of one snapshot: blocks' cells as written when they were cut or compacted, the
 * head's as each generation keeps them (counted from its rows when a read first asks, each batch
 * once). Either every block in the window has cells, or the caller hears none and reads spans.
 */
final class TenantCells {
  private TenantCells() {}

  static boolean visit(
      Snapshot snapshot, long firstGrain, long endGrain, Consumer<SpanCell> visitor) {
    long from = firstGrain * SpanCells.GRAIN_NANOS;
    long to = endGrain * SpanCells.GRAIN_NANOS;
    List<List<SpanCell>> head = new ArrayList<>();
    for (HeadGeneration generation : snapshot.head()) {
      Optional<List<SpanCell>> cells = generation.cells();
      if (cells.isEmpty()) {
        return false;
      }
      head.add(cells.get());
    }
    // Every chunk is read and checked before the first cell goes out: a block found corrupt
    // restarts the read, and a visitor fed twice would count twice.
    List<byte[]> chunks = new ArrayList<>();
    for (Block block : snapshot.blocks()) {
      if (block.maxStart() <= from || block.minStart() > to) {
        continue;
      }
      Optional<byte[]> chunk = block.cellsChunk();
      if (chunk.isEmpty()) {
        return false;
      }
      chunks.add(chunk.get());
    }
    Consumer<SpanCell> inWindow =
        cell -> {
          if (cell.grain() >= firstGrain && cell.grain() < endGrain) {
            visitor.accept(cell);
          }
        };
    for (byte[] chunk : chunks) {
      CellsCodec.decode(chunk, inWindow);
    }
    head.forEach(cells -> cells.forEach(inWindow));
    return true;
  }
}
