package dev.hopscope.store.embedded;

import dev.hopscope.store.StoreException;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.BlockDecodeException;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;

/**
 * What a failure while reading a block means, by Lucene's rule: only a checksum, the magic, the
 * version or a self-contradicting footer say the bytes are bad ({@link CorruptBlockException}, the
 * one failure that quarantines). An I/O error is a failed read ({@link
 * dev.hopscope.store.StoreReadException}); anything else thrown while decoding checksum-valid bytes
 * is a bug ({@link BlockDecodeException}). Neither of those moves a block aside.
 */
final class BlockFailures {
  private BlockFailures() {}

  /**
   * The failure as the store reports it, naming the block: corruption and read errors as they are,
   * anything else as a decode bug. Never an {@link IllegalArgumentException}, which callers would
   * take for a bad request.
   */
  static StoreException named(Block block, RuntimeException e) {
    if (e instanceof StoreException named) {
      return named;
    }
    return new BlockDecodeException(block.file(), e);
  }
}
