package dev.hopscope.store.embedded;

import dev.hopscope.store.embedded.block.Block;
import dev.hopscope.store.embedded.block.CorruptBlockException;
import dev.hopscope.store.embedded.codec.MalformedDataException;

/** Which failures while reading a block mean "the block's bytes are bad" rather than a bug. */
final class Corruption {
  private Corruption() {}

  static boolean isCorruption(RuntimeException e) {
    // A checksum-valid chunk that still decodes to an invalid id or enum is corrupt data too.
    return e instanceof CorruptBlockException
        || e instanceof MalformedDataException
        || e instanceof IllegalArgumentException
        || e instanceof IndexOutOfBoundsException;
  }

  /**
   * Rethrows corruption as a {@link CorruptBlockException} naming the block; other errors as is.
   */
  static RuntimeException asCorrupt(Block block, RuntimeException e) {
    if (e instanceof CorruptBlockException) {
      return e;
    }
    if (isCorruption(e)) {
      return new CorruptBlockException(block.file(), e.toString(), e);
    }
    return e;
  }
}
