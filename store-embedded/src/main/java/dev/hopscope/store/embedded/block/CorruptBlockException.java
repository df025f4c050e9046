package dev.hopscope.store.embedded.block;

import dev.hopscope.store.StoreException;
import java.nio.file.Path;

/** A block file failed a checksum or does not decode. Names the file so an operator can find it. */
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
