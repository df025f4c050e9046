package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.StoreException;
import java.nio.file.Path;

/**
 * A block whose checksums pass did not decode. The bytes are what the writer wrote, so this is a
 * bug in the block writer or reader, not disk damage: the block stays live (moving it aside would
 * hide the bug and lose its other rows) and the read that met it fails.
 */
public final class BlockDecodeException extends StoreException {
  private final Path file;

  public BlockDecodeException(Path file, RuntimeException cause) {
    super(
        "block "
            + file
            + " does not decode although its checksums pass ("
            + cause
            + "); this is a bug in Hopscope's block writer or reader, not disk damage, so the"
            + " block is kept and this read fails",
        cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
