package dev.hopscope.store.embedded.internal.block;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import dev.hopscope.model.Span;
import dev.hopscope.store.StoreReadException;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.codec.AttributeHash;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.codec.Tables;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * An open, immutable block file. Opening verifies the whole-file checksum and that the footer
 * agrees with itself ({@link FooterCheck}); every chunk read verifies the chunk's own checksum, so
 * a bit flipped later is caught too. Only those checks raise {@link CorruptBlockException}: an I/O
 * error fails the read with {@link StoreReadException}, and a checksum-valid chunk that does not
 * inflate raises {@link MalformedDataException} (a writer or reader bug). Readers {@link #acquire}
 * the block while they use it; the file closes when the store has retired it and the last reader
 * releases it.
 */
public final class Block {
  private final Path path;
  private final BlockFile file;
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
  private static final long CONTENT_SIZE_UNKNOWN = -1;
  private volatile SoftReference<Tables> tables = new SoftReference<>(null);

  private Block(Path path, BlockFile file, BlockFooter footer) {
    this.path = path;
    this.file = file;
    this.sizeBytes = file.size();
    this.footer = footer;
  }

  /**
   * Opens and verifies a block.
   *
   * @throws CorruptBlockException naming the file when a checksum, the magic, the version or the
   *     footer's consistency fails
   * @throws IOException when the file cannot be read (not corruption: nothing is moved aside)
   */
  public static Block open(Path path) throws IOException {
    BlockFile file = BlockFile.open(path);
    try {
      long size = file.size();
      if (size < BlockFormat.HEADER_BYTES + BlockFormat.TRAILER_BYTES) {
        throw new CorruptBlockException(path, "only " + size + " bytes long");
      }
      verifyFileChecksum(path, file, size);
      ByteBuffer trailer =
          ByteBuffer.wrap(file.read(size - BlockFormat.TRAILER_BYTES, BlockFormat.TRAILER_BYTES));
      int footerLength = trailer.getInt();
      int footerCrc = trailer.getInt();
      if (footerLength <= 0
          || footerLength > size - BlockFormat.HEADER_BYTES - BlockFormat.TRAILER_BYTES) {
        throw new CorruptBlockException(path, "footer length " + footerLength);
      }
      long footerStart = size - BlockFormat.TRAILER_BYTES - footerLength;
      byte[] footerBytes = file.read(footerStart, footerLength);
      CRC32C crc = new CRC32C();
      crc.update(footerBytes);
      if ((int) crc.getValue() != footerCrc) {
        throw new CorruptBlockException(path, "footer checksum mismatch");
      }
      BlockFooter footer;
      try {
        footer = BlockFooter.readFrom(new ByteSource(footerBytes));
      } catch (MalformedDataException e) {
        throw new CorruptBlockException(path, "footer does not decode: " + e.getMessage(), e);
      }
      String inconsistent = FooterCheck.problem(footer, footerStart);
      if (inconsistent != null) {
        throw new CorruptBlockException(path, inconsistent);
      }
      return new Block(path, file, footer);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static void verifyFileChecksum(Path path, BlockFile file, long size) throws IOException {
    ByteBuffer header = ByteBuffer.wrap(file.read(0, BlockFormat.HEADER_BYTES));
    byte[] magic = new byte[BlockFormat.HEADER_MAGIC.length];
    header.get(magic);
    int version = header.getInt();
    if (!Arrays.equals(magic, BlockFormat.HEADER_MAGIC)) {
      throw new CorruptBlockException(path, "header magic is not HOPSBLKH");
    }
    if (version != BlockFormat.VERSION) {
      throw new CorruptBlockException(
          path, "format version " + version + "; this build reads version " + BlockFormat.VERSION);
    }
    ByteBuffer end = ByteBuffer.wrap(file.read(size - 12, 12));
    int expected = end.getInt();
    byte[] trailerMagic = new byte[BlockFormat.TRAILER_MAGIC.length];
    end.get(trailerMagic);
    if (!Arrays.equals(trailerMagic, BlockFormat.TRAILER_MAGIC)) {
      throw new CorruptBlockException(path, "trailer magic is not HOPSBLKT (file cut short?)");
    }
    CRC32C crc = new CRC32C();
    long covered = size - 12;
    byte[] buffer = new byte[(int) Math.min(1 << 20, covered)];
    for (long position = 0; position < covered; ) {
      int length = (int) Math.min(buffer.length, covered - position);
      file.read(position, buffer, 0, length);
      crc.update(buffer, 0, length);
      position += length;
    }
    if ((int) crc.getValue() != expected) {
      throw new CorruptBlockException(path, "file checksum mismatch");
    }
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
    byte[] compressed;
    try {
      compressed = file.read(ref.offset(), ref.compressedLength());
    } catch (IOException e) {
      throw new StoreReadException(
          "block "
              + path
              + ": cannot read the chunk at byte "
              + ref.offset()
              + " ("
              + e
              + "); the block is kept, retry the request",
          e);
    }
    CRC32C crc = new CRC32C();
    crc.update(compressed);
    if ((int) crc.getValue() != ref.crc()) {
      throw new CorruptBlockException(
          path, "chunk at byte " + ref.offset() + " fails its checksum");
    }
    // Past the checksum the bytes are what the writer wrote: failing to inflate them is a bug.
    // A frame that declares its size must declare the footer's, checked before allocating it; one
    // that does not (-1) is bounded by the footer check's inflation limit instead.
    long declared = Zstd.getFrameContentSize(compressed);
    if (declared != ref.rawLength() && declared != CONTENT_SIZE_UNKNOWN) {
      throw new MalformedDataException(
          "chunk at byte "
              + ref.offset()
              + " holds a zstd frame of "
              + declared
              + " bytes where the footer says "
              + ref.rawLength());
    }
    byte[] raw;
    try {
      raw = Zstd.decompress(compressed, ref.rawLength());
    } catch (ZstdException e) {
      throw new MalformedDataException(
          "chunk at byte " + ref.offset() + " does not inflate: " + e.getMessage());
    }
    if (raw.length != ref.rawLength()) {
      throw new MalformedDataException("chunk at byte " + ref.offset() + " inflates short");
    }
    return raw;
  }

  /**
   * The block's span cells chunk, checked and inflated ({@link CellsCodec#decode} reads it), or
   * empty for a block written without cells (before cells existed, or with a service name that was
   * not text). A chunk failing its checksum throws {@link CorruptBlockException}, as any chunk
   * does.
   */
  public java.util.Optional<byte[]> cellsChunk() {
    ChunkRef ref = footer.cells();
    return ref == null ? java.util.Optional.empty() : java.util.Optional.of(chunk(ref));
  }

  /**
   * The block's digest written by the digester named {@code name}, checked and inflated, or empty
   * for a block written without one or by another digester. A chunk failing its checksum throws
   * {@link CorruptBlockException}, as any chunk does.
   */
  public java.util.Optional<byte[]> digestChunk(String name) {
    BlockFooter.Digest digest = footer.digest();
    return digest == null || !digest.name().equals(name)
        ? java.util.Optional.empty()
        : java.util.Optional.of(chunk(digest.chunk()));
  }

  /** The block's dictionary and resource tables, kept while memory allows. */
  public Tables tables() {
    Tables loaded = tables.get();
    if (loaded == null) {
      loaded = Tables.readFrom(new ByteSource(chunk(footer.tables())));
      tables = new SoftReference<>(loaded);
    }
    return loaded;
  }

  public Path file() {
    return path;
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

  /** False for blocks written before array elements went into the attribute blooms. */
  public boolean bloomsHoldArrayElements() {
    return footer.summary().bloomsHoldArrayElements();
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
   * The first row group that may hold rows of the trace, or {@link #rowGroupCount()}: groups follow
   * each other in trace-id order (the footer check refuses a block where they do not), so a binary
   * search finds it, and the trace's rows sit there and in the groups after it that still cover it.
   * Looking the way through every group was most of fetching a page of traces from a block of a
   * thousand groups.
   */
  public int firstRowGroupFor(long high, long low) {
    List<RowGroupMeta> groups = footer.groups();
    int lo = 0;
    int hi = groups.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      RowGroupMeta group = groups.get(mid);
      if (RowGroupMeta.compare(group.lastHigh(), group.lastLow(), high, low) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Whether row group {@code index} may hold an attribute pair, by its {@link AttributeHash} (span
   * or resource scope): false means no row has it, true means maybe. The caller hashes the pair
   * once for all the groups it asks about.
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
    for (int g = firstRowGroupFor(high, low);
        g < rowGroupCount() && rowGroupCoversTrace(g, high, low);
        g++) {
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
        file.close();
      } catch (IOException ignored) {
        // Closing a read-only file has nothing to flush; the file is being dropped anyway.
      }
    }
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
