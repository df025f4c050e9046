package dev.hopscope.store.embedded.block;

import com.github.luben.zstd.Zstd;
import dev.hopscope.model.Span;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.codec.AttributeHash;
import dev.hopscope.store.embedded.codec.ByteSource;
import dev.hopscope.store.embedded.codec.MalformedDataException;
import dev.hopscope.store.embedded.codec.RowGroup;
import dev.hopscope.store.embedded.codec.Tables;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * An open, immutable block file. Opening verifies the whole-file checksum; every chunk read
 * verifies the chunk's own checksum, so a bit flipped later is caught too. Readers {@link #acquire}
 * the block while they use it; the file closes when the store has retired it and the last reader
 * releases it.
 */
public final class Block {
  private final Path file;
  private final FileChannel channel;
  private final long sizeBytes;
  private final BlockFooter footer;
  private final AtomicInteger references = new AtomicInteger(1);

  /**
   * Inflated chunks read lately, least recently used first. A search decodes a row group to find
   * candidates and again to build them, and hot traces are looked up repeatedly: both then skip the
   * read, checksum and inflate. Bounded per block; a bit flipped on disk is still caught when the
   * chunk is read again after eviction, and at the next open.
   */
  private final java.util.LinkedHashMap<Long, byte[]> recentChunks =
      new java.util.LinkedHashMap<>(64, 0.75f, true);

  private long recentBytes;
  private static final long CHUNK_CACHE_BYTES = 8L << 20;
  private volatile SoftReference<Tables> tables = new SoftReference<>(null);

  private Block(Path file, FileChannel channel, long sizeBytes, BlockFooter footer) {
    this.file = file;
    this.channel = channel;
    this.sizeBytes = sizeBytes;
    this.footer = footer;
  }

  /** Opens and verifies a block; throws {@link CorruptBlockException} naming the file if bad. */
  public static Block open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = channel.size();
      if (size < BlockFormat.HEADER_BYTES + BlockFormat.TRAILER_BYTES) {
        throw new CorruptBlockException(file, "only " + size + " bytes long");
      }
      verifyFileChecksum(file, channel, size);
      ByteBuffer trailer =
          read(channel, size - BlockFormat.TRAILER_BYTES, BlockFormat.TRAILER_BYTES);
      int footerLength = trailer.getInt();
      int footerCrc = trailer.getInt();
      if (footerLength <= 0
          || footerLength > size - BlockFormat.HEADER_BYTES - BlockFormat.TRAILER_BYTES) {
        throw new CorruptBlockException(file, "footer length " + footerLength);
      }
      byte[] footerBytes =
          read(channel, size - BlockFormat.TRAILER_BYTES - footerLength, footerLength).array();
      CRC32C crc = new CRC32C();
      crc.update(footerBytes);
      if ((int) crc.getValue() != footerCrc) {
        throw new CorruptBlockException(file, "footer checksum mismatch");
      }
      BlockFooter footer;
      try {
        footer = BlockFooter.readFrom(new ByteSource(footerBytes));
      } catch (MalformedDataException e) {
        throw new CorruptBlockException(file, "footer does not decode: " + e.getMessage(), e);
      }
      return new Block(file, channel, size, footer);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void verifyFileChecksum(Path file, FileChannel channel, long size)
      throws IOException {
    ByteBuffer header = read(channel, 0, BlockFormat.HEADER_BYTES);
    byte[] magic = new byte[BlockFormat.HEADER_MAGIC.length];
    header.get(magic);
    int version = header.getInt();
    if (!Arrays.equals(magic, BlockFormat.HEADER_MAGIC)) {
      throw new CorruptBlockException(file, "header magic is not HOPSBLKH");
    }
    if (version != BlockFormat.VERSION) {
      throw new CorruptBlockException(
          file, "format version " + version + "; this build reads version " + BlockFormat.VERSION);
    }
    ByteBuffer end = read(channel, size - 12, 12);
    int expected = end.getInt();
    byte[] trailerMagic = new byte[BlockFormat.TRAILER_MAGIC.length];
    end.get(trailerMagic);
    if (!Arrays.equals(trailerMagic, BlockFormat.TRAILER_MAGIC)) {
      throw new CorruptBlockException(file, "trailer magic is not HOPSBLKT (file cut short?)");
    }
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    long position = 0;
    long covered = size - 12;
    while (position < covered) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), covered - position));
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new CorruptBlockException(file, "ended early at byte " + position);
      }
      buffer.flip();
      crc.update(buffer);
      position += read;
    }
    if ((int) crc.getValue() != expected) {
      throw new CorruptBlockException(file, "file checksum mismatch");
    }
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    return buffer.flip();
  }

  private byte[] chunk(ChunkRef ref) {
    synchronized (recentChunks) {
      byte[] cached = recentChunks.get(ref.offset());
      if (cached != null) {
        return cached;
      }
    }
    byte[] raw = readChunk(ref);
    synchronized (recentChunks) {
      recentChunks.put(ref.offset(), raw);
      recentBytes += raw.length;
      var eldest = recentChunks.entrySet().iterator();
      while (recentBytes > CHUNK_CACHE_BYTES && eldest.hasNext()) {
        recentBytes -= eldest.next().getValue().length;
        eldest.remove();
      }
    }
    return raw;
  }

  /** Reads, checks and inflates a chunk; callers share the result, so it is never modified. */
  private byte[] readChunk(ChunkRef ref) {
    try {
      byte[] compressed = read(channel, ref.offset(), ref.compressedLength()).array();
      CRC32C crc = new CRC32C();
      crc.update(compressed);
      if ((int) crc.getValue() != ref.crc()) {
        throw new CorruptBlockException(
            file, "chunk at byte " + ref.offset() + " fails its checksum");
      }
      byte[] raw = Zstd.decompress(compressed, ref.rawLength());
      if (raw.length != ref.rawLength()) {
        throw new CorruptBlockException(file, "chunk at byte " + ref.offset() + " inflates short");
      }
      return raw;
    } catch (IOException e) {
      throw new CorruptBlockException(file, "cannot read chunk at byte " + ref.offset(), e);
    } catch (RuntimeException e) {
      if (e instanceof CorruptBlockException corrupt) {
        throw corrupt;
      }
      throw new CorruptBlockException(
          file, "chunk at byte " + ref.offset() + ": " + e.getMessage(), e);
    }
  }

  /** The block's dictionary and resource tables, kept while memory allows. */
  public Tables tables() {
    Tables loaded = tables.get();
    if (loaded == null) {
      try {
        loaded = Tables.readFrom(new ByteSource(chunk(footer.tables())));
      } catch (MalformedDataException e) {
        throw new CorruptBlockException(file, "tables do not decode: " + e.getMessage(), e);
      }
      tables = new SoftReference<>(loaded);
    }
    return loaded;
  }

  public Path file() {
    return file;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public long rows() {
    return footer.rows();
  }

  public long traceRuns() {
    return footer.traceRuns();
  }

  public long minStart() {
    return footer.minStart();
  }

  public long maxStart() {
    return footer.maxStart();
  }

  public long maxEnd() {
    return footer.maxEnd();
  }

  public long minDuration() {
    return footer.minDuration();
  }

  public long maxDuration() {
    return footer.maxDuration();
  }

  /** Services with spans in this block, sorted. */
  public java.util.Set<String> services() {
    return footer.summary().operationsByService().keySet();
  }

  /** Span names of a service in this block, sorted (empty when absent). */
  public java.util.Set<String> operations(String service) {
    return footer
        .summary()
        .operationsByService()
        .getOrDefault(service, java.util.Collections.emptySortedSet());
  }

  public boolean hasOperation(String name) {
    return footer.summary().hasOperation(name);
  }

  public java.util.Set<String> spanAttributeKeys() {
    return footer.summary().spanAttributeKeys();
  }

  public java.util.Set<String> resourceAttributeKeys() {
    return footer.summary().resourceAttributeKeys();
  }

  public boolean hasStatus(dev.hopscope.model.StatusCode code) {
    return (footer.summary().statusMask() & (1 << code.number())) != 0;
  }

  public boolean overlaps(TimeRange range) {
    return range.overlaps(footer.minStart(), footer.maxEnd());
  }

  /** True when the whole block lies inside the window, so summaries answer for it exactly. */
  public boolean within(TimeRange range) {
    return footer.minStart() >= range.startNanos() && footer.maxEnd() < range.endNanos();
  }

  public boolean mightContain(long high, long low) {
    return footer.bloom().mightContain(high, low);
  }

  public int rowGroupCount() {
    return footer.groups().size();
  }

  public boolean rowGroupOverlaps(int index, TimeRange range) {
    RowGroupMeta group = footer.groups().get(index);
    return range.overlaps(group.minStart(), group.maxEnd());
  }

  public boolean rowGroupCoversTrace(int index, long high, long low) {
    return footer.groups().get(index).coversTrace(high, low);
  }

  /**
   * False when no row of the group has the attribute pair in the given scope ({@link
   * AttributeHash#SPAN} or {@link AttributeHash#RESOURCE}); true means "maybe".
   */
  /**
   * Whether row group {@code index} may hold an attribute pair, by its {@link AttributeHash}: the
   * caller hashes the pair once for all the groups it asks about.
   */
  public boolean rowGroupMayHave(int index, long pairHash) {
    return footer.groups().get(index).attributes().mightContainHash(pairHash);
  }

  /** Row group {@code index}; columns are read and checked on first use. */
  public RowGroup rowGroup(int index) {
    RowGroupMeta group = footer.groups().get(index);
    return new RowGroup(group.rows(), tables(), column -> chunk(group.columns()[column]));
  }

  /** Every span of one trace in this block (usually none: the bloom filter can be wrong). */
  public List<Span> trace(long high, long low) {
    List<Span> out = new ArrayList<>();
    List<RowGroupMeta> groups = footer.groups();
    for (int g = 0; g < groups.size(); g++) {
      if (!groups.get(g).coversTrace(high, low)) {
        continue;
      }
      RowGroup rows = rowGroup(g);
      int first = -1;
      int last = -1;
      for (int row = 0; row < rows.rowCount(); row++) {
        if (rows.traceIdHigh(row) == high && rows.traceIdLow(row) == low) {
          if (first < 0) {
            first = row;
          }
          last = row;
        }
      }
      if (first >= 0) {
        out.addAll(rows.spans(first, last + 1));
      }
    }
    return out;
  }

  /** Takes a reference; false when the block was already closed. */
  public boolean acquire() {
    while (true) {
      int current = references.get();
      if (current <= 0) {
        return false;
      }
      if (references.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the file. */
  public void release() {
    if (references.decrementAndGet() == 0) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing a read-only channel has nothing to flush; the file is being dropped anyway.
      }
    }
  }

  @Override
  public String toString() {
    return file.getFileName().toString();
  }
}
