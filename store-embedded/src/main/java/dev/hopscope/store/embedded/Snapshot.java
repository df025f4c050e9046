package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.List;

/**
 * A consistent view for one read: the head generations and the blocks that were live together, and
 * the threads the read may spread its row groups over. Holds a reference on each block so that
 * compaction or retention can retire it without pulling the file out from under the reader.
 */
record Snapshot(List<HeadGeneration> head, List<Block> blocks, ReadPool reads)
    implements AutoCloseable {
  @Override
  public void close() {
    for (Block block : blocks) {
      block.release();
    }
  }
}
