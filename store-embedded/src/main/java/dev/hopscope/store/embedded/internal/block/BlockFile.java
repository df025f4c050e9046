package dev.hopscope.store.embedded.internal.block;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * The bytes of one block file, read with {@code java.io}. A {@code FileChannel} is closed for every
 * thread when one thread reading it is interrupted ({@code ClosedByInterruptException}), so a
 * cancelled query would leave a shared block unreadable; {@code RandomAccessFile} reads ignore
 * interrupts, as Lucene's RAFDirectory did for the same reason. The price is one lock per file
 * around seek and read (see store/RATIONALE.md, "Reads and interrupts").
 */
final class BlockFile implements AutoCloseable {
  private final RandomAccessFile file;
  private final long size;

  private BlockFile(RandomAccessFile file, long size) {
    this.file = file;
    this.size = size;
  }

  static BlockFile open(Path path) throws IOException {
    RandomAccessFile file = new RandomAccessFile(path.toFile(), "r");
    try {
      return new BlockFile(file, file.length());
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** The size when opened: blocks are immutable, and a shorter file fails reads past its end. */
  long size() {
    return size;
  }

  /**
   * Reads exactly {@code length} bytes at {@code position}; EOFException if the file is shorter.
   */
  void read(long position, byte[] into, int offset, int length) throws IOException {
    synchronized (file) {
      file.seek(position);
      file.readFully(into, offset, length);
    }
  }

  byte[] read(long position, int length) throws IOException {
    byte[] out = new byte[length];
    read(position, out, 0, length);
    return out;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
