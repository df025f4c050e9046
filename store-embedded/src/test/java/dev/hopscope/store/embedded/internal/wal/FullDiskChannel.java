package dev.hopscope.store.embedded.internal.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.BooleanSupplier;

/**
 * A real file channel that, while {@code full} says so, fails writes and forces the way Linux does
 * on a full disk — after writing part of the buffer, so the segment really has a torn tail.
 */
final class FullDiskChannel extends FileChannel {
  private final FileChannel file;
  private final BooleanSupplier full;

  FullDiskChannel(FileChannel file, BooleanSupplier full) {
    this.file = file;
    this.full = full;
  }

  private void refuse() throws IOException {
    if (full.getAsBoolean()) {
      throw new IOException("No space left on device");
    }
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    if (full.getAsBoolean() && source.remaining() > 4) {
      // Part of the record reaches the file before the disk runs out.
      ByteBuffer part = source.duplicate();
      part.limit(part.position() + source.remaining() / 2);
      file.write(part);
      refuse();
    }
    refuse();
    return file.write(source);
  }

  @Override
  public void force(boolean metaData) throws IOException {
    refuse();
    file.force(metaData);
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    return file.read(destination);
  }

  @Override
  public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
    return file.read(destinations, offset, length);
  }

  @Override
  public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
    refuse();
    return file.write(sources, offset, length);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    file.truncate(size);
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel source, long position, long count)
      throws IOException {
    refuse();
    return file.transferFrom(source, position, count);
  }

  @Override
  public int read(ByteBuffer destination, long position) throws IOException {
    return file.read(destination, position);
  }

  @Override
  public int write(ByteBuffer source, long position) throws IOException {
    refuse();
    return file.write(source, position);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return file.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
