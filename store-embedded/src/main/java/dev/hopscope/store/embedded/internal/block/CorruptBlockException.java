package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.StoreException;
import java.nio.file.Path;

/**
 * A block file's own integrity checks failed: a checksum, the magic, the format version, or its
 * footer (the table of contents every read goes through) does not decode or contradicts itself.
 * Only this moves a block to quarantine; I/O errors and decode failures of checksum-valid bytes do
 * not. Names the file so an operator can find it.
 */
public final class CorruptBlockException extends StoreException {
  private final Path file;

  public CorruptBlockException(Path file, String problem) {
    super("block " + file + " is corrupt: " + problem);
    this.file = file;
  }

  public CorruptBlockException(Path file, String problem, Throwable cause) {
    super("block " + file + " is corrupt: " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
