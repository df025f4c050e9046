package dev.hopscope.store.object;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockTail;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.internal.TraceMerger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Trace by id over object storage without downloading blocks: each block's cached tail says from
 * its bloom filter whether the block may hold the trace and from its sparse index which row groups;
 * only those are fetched, with one ranged GET per run of adjacent groups. A block already in the
 * local cache (a search downloaded it) is read from disk instead. Parts from every block are joined
 * and exact duplicates dropped by the same {@link TraceMerger} the embedded engine uses.
 */
final class TraceLookup {
  private final ObjectStorage storage;
  private final TailCache tails;
  private final BlockCache blocks;
  private final BiConsumer<BlockMeta, CorruptBlockException> onCorrupt;

  TraceLookup(
      ObjectStorage storage,
      TailCache tails,
      BlockCache blocks,
      BiConsumer<BlockMeta, CorruptBlockException> onCorrupt) {
    this.storage = storage;
    this.tails = tails;
    this.blocks = blocks;
    this.onCorrupt = onCorrupt;
  }

  Optional<Trace> trace(TraceId id, List<BlockMeta> candidates) {
    List<Span> spans = Collections.synchronizedList(new ArrayList<>());
    // Side by side: a cold lookup fetches every tail at once; a warm one usually one row group.
    Parallel.forEach(
        candidates,
        meta -> {
          try {
            spans.addAll(readBlock(id, meta));
          } catch (CorruptBlockException e) {
            // As the embedded engine: the trace is answered from every other block.
            onCorrupt.accept(meta, e);
          }
        });
    TraceMerger merger = new TraceMerger(id);
    merger.addAll(spans);
    return merger.build();
  }

  private List<Span> readBlock(TraceId id, BlockMeta meta) {
    long high = id.high();
    long low = id.low();
    Block local = blocks.acquireIfCached(meta);
    if (local != null) {
      try {
        return local.mightContain(high, low) ? local.trace(high, low) : List.of();
      } finally {
        local.release();
      }
    }
    BlockTail tail = tails.get(meta);
    if (!tail.mightContain(high, low)) {
      return List.of();
    }
    String dataKey = BlockKeys.dataKey(meta.tenant(), meta.id());
    List<Span> out = new ArrayList<>();
    for (BlockTail.GroupRange range : tail.rangesFor(high, low)) {
      byte[] bytes = storage.getRange(dataKey, range.offset(), range.length());
      out.addAll(tail.trace(high, low, range, bytes));
    }
    return out;
  }
}
