package dev.hopscope.store.object;

import dev.hopscope.store.embedded.BlockFilesReader;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local copies of blocks for reads that need whole blocks (search, scan, catalog), and the blocks
 * whose copy in the bucket is corrupt. A corrupt block is no longer served by this process (logged
 * once, with the key to delete or rebuild); everything else is, as the embedded engine does with
 * its quarantine. Nothing in the bucket is moved or deleted: it is shared with other readers.
 */
final class CachedBlocks {
  private static final System.Logger LOG = System.getLogger(CachedBlocks.class.getName());

  private final ObjectStorage storage;
  private final BlockCache blocks;
  private final TailCache tails;
  private final Set<String> corrupt = ConcurrentHashMap.newKeySet();

  CachedBlocks(ObjectStorage storage, BlockCache blocks, TailCache tails) {
    this.storage = storage;
    this.blocks = blocks;
    this.tails = tails;
  }

  boolean isCorrupt(BlockMeta meta) {
    return corrupt.contains(meta.tenant() + "/" + meta.id());
  }

  void markCorrupt(BlockMeta meta, CorruptBlockException problem) {
    blocks.evict(meta.tenant(), meta.id());
    tails.evict(meta.tenant(), meta.id());
    if (corrupt.add(meta.tenant() + "/" + meta.id())) {
      LOG.log(
          Level.ERROR,
          "block s3://{0}/{1} is corrupt and no longer served ({2}); everything else is. Delete"
              + " it, or rebuild it from the Kafka offsets in its meta.json",
          storage.bucket(),
          BlockKeys.dataKey(meta.tenant(), meta.id()),
          problem.getMessage());
    }
  }

  int corruptCount() {
    return corrupt.size();
  }

  /** The embedded engine's reads over local copies of {@code metas}, downloaded when missing. */
  BlockFilesReader reader(List<BlockMeta> metas) {
    return new BlockFilesReader(
        new BlockFilesReader.Blocks() {
          @Override
          public List<Block> acquire() {
            List<Block> held = Collections.synchronizedList(new ArrayList<>());
            try {
              // Missing copies download side by side.
              Parallel.forEach(
                  metas,
                  meta -> {
                    if (!isCorrupt(meta)) {
                      try {
                        held.add(blocks.acquire(meta));
                      } catch (CorruptBlockException e) {
                        markCorrupt(meta, e);
                      }
                    }
                  });
              return List.copyOf(held);
            } catch (RuntimeException e) {
              held.forEach(Block::release);
              throw e;
            }
          }

          @Override
          public void corrupt(Block block, RuntimeException problem) {
            // It passed its checksums when downloaded, so the local disk went bad: fetch it again.
            LOG.log(
                Level.WARNING,
                "cached block {0} went bad ({1}); dropping the local copy",
                block,
                problem.getMessage());
            blocks.evict(block);
          }
        });
  }
}
