package dev.hopscope.store.embedded.internal.block;

import com.github.luben.zstd.Zstd;
import dev.hopscope.model.Span;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.codec.Tables;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The end of a block file on its own: the tables chunk, the footer and the trailer, which the
 * writer puts last and contiguous. With it a reader that fetches byte ranges (object storage)
 * decides from the trace-id bloom filter and the sparse index which row groups may hold a trace,
 * fetches only those, and decodes them here; the rest of the file is never read. Every part is
 * still checked: the trailer magic, the footer and each chunk by their CRC32C. The whole-file
 * checksum cannot be (it covers bytes never fetched); {@link #fileCrc} lets the caller compare it
 * with what the uploader recorded.
 */
public final class BlockTail {
  /** Bytes at the very end of every block: footer length, footer CRC, file CRC, magic. */
  public static final int TRAILER_BYTES = BlockFormat.TRAILER_BYTES;

  /** Row groups next to each other in the file, fetched with one ranged read. */
  public record GroupRange(int firstGroup, int lastGroup, long offset, int length) {}

  private final Path source;
  private final long offset;
  private final long fileSize;
  private final int fileCrc;
  private final BlockFooter footer;
  private final Tables tables;

  private BlockTail(
      Path source, long offset, long fileSize, int fileCrc, BlockFooter footer, Tables tables) {
    this.source = source;
    this.offset = offset;
    this.fileSize = fileSize;
    this.fileCrc = fileCrc;
    this.footer = footer;
    this.tables = tables;
  }

  /** Reads the tail of a complete local block file (the uploader records where it starts). */
  public static BlockTail read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < BlockFormat.HEADER_BYTES + TRAILER_BYTES) {
        throw new CorruptBlockException(file, "only " + size + " bytes long");
      }
      int footerLength = readFully(channel, size - TRAILER_BYTES, 4).getInt();
      long footerStart = size - TRAILER_BYTES - footerLength;
      if (footerLength <= 0 || footerStart < BlockFormat.HEADER_BYTES) {
        throw new CorruptBlockException(file, "footer length " + footerLength);
      }
      byte[] footerBytes = readFully(channel, footerStart, footerLength).array();
      BlockFooter footer = decodeFooter(file, footerBytes);
      long tailStart = footer.tables().offset();
      if (tailStart < BlockFormat.HEADER_BYTES || tailStart >= footerStart) {
        throw new CorruptBlockException(file, "tables chunk at byte " + tailStart);
      }
      byte[] tail = readFully(channel, tailStart, (int) (size - tailStart)).array();
      return parse(file, size, tailStart, tail);
    }
  }

  /**
   * Parses the bytes {@code [offset, fileSize)} of a block, fetched by a ranged read.
   *
   * @param source names the bytes in errors (the local copy or the object's key)
   * @throws CorruptBlockException when a checksum, magic or version says the bytes are bad, or the
   *     tail does not start at {@code offset} (the caller's record disagrees with the file)
   */
  public static BlockTail parse(Path source, long fileSize, long offset, byte[] bytes) {
    if (bytes.length < TRAILER_BYTES || offset + bytes.length != fileSize) {
      throw new CorruptBlockException(
          source,
          bytes.length + " tail bytes at " + offset + " do not end a " + fileSize + "-byte file");
    }
    ByteBuffer trailer = ByteBuffer.wrap(bytes, bytes.length - TRAILER_BYTES, TRAILER_BYTES);
    int footerLength = trailer.getInt();
    int footerCrc = trailer.getInt();
    int fileCrc = trailer.getInt();
    byte[] magic = new byte[BlockFormat.TRAILER_MAGIC.length];
    trailer.get(magic);
    if (!Arrays.equals(magic, BlockFormat.TRAILER_MAGIC)) {
      throw new CorruptBlockException(source, "trailer magic is not HOPSBLKT (file cut short?)");
    }
    int footerStart = bytes.length - TRAILER_BYTES - footerLength;
    if (footerLength <= 0 || footerStart < 0) {
      throw new CorruptBlockException(source, "footer length " + footerLength);
    }
    byte[] footerBytes = Arrays.copyOfRange(bytes, footerStart, footerStart + footerLength);
    if (crc(footerBytes, 0, footerBytes.length) != footerCrc) {
      throw new CorruptBlockException(source, "footer checksum mismatch");
    }
    BlockFooter footer = decodeFooter(source, footerBytes);
    ChunkRef tablesRef = footer.tables();
    if (tablesRef.offset() != offset) {
      throw new CorruptBlockException(
          source,
          "tables chunk is at byte " + tablesRef.offset() + ", the tail was read from " + offset);
    }
    byte[] raw = inflate(source, tablesRef, bytes, offset);
    ChunkRef cellsRef = footer.cells();
    if (cellsRef != null) {
      // Checked here, with everything else the tail holds, so a tail that parses is whole.
      inflate(source, cellsRef, bytes, offset);
    }
    BlockFooter.Digest digest = footer.digest();
    if (digest != null) {
      inflate(source, digest.chunk(), bytes, offset);
    }
    try {
      return new BlockTail(
          source, offset, fileSize, fileCrc, footer, Tables.readFrom(new ByteSource(raw)));
    } catch (MalformedDataException e) {
      throw new CorruptBlockException(source, "tables do not decode: " + e.getMessage(), e);
    }
  }

  private static BlockFooter decodeFooter(Path source, byte[] footerBytes) {
    try {
      return BlockFooter.readFrom(new ByteSource(footerBytes));
    } catch (MalformedDataException e) {
      throw new CorruptBlockException(source, "footer does not decode: " + e.getMessage(), e);
    }
  }

  /** Where the tail starts in the file. */
  public long offset() {
    return offset;
  }

  public long fileSize() {
    return fileSize;
  }

  /** The whole-file CRC32C the writer put in the trailer. */
  public int fileCrc() {
    return fileCrc;
  }

  public int formatVersion() {
    return BlockFormat.VERSION;
  }

  public long rows() {
    return footer.rows();
  }

  public long minStart() {
    return footer.minStart();
  }

  public long maxEnd() {
    return footer.maxEnd();
  }

  public boolean mightContain(long high, long low) {
    return footer.bloom().mightContain(high, low);
  }

  /** The row groups whose sparse index covers the trace, neighbours merged into one range. */
  public List<GroupRange> rangesFor(long high, long low) {
    List<GroupRange> out = new ArrayList<>();
    List<RowGroupMeta> groups = footer.groups();
    for (int g = 0; g < groups.size(); g++) {
      if (!groups.get(g).coversTrace(high, low)) {
        continue;
      }
      long start = start(groups.get(g));
      long end = end(groups.get(g));
      GroupRange last = out.isEmpty() ? null : out.getLast();
      if (last != null && last.lastGroup() == g - 1 && last.offset() + last.length() == start) {
        out.set(
            out.size() - 1,
            new GroupRange(last.firstGroup(), g, last.offset(), (int) (end - last.offset())));
      } else {
        out.add(new GroupRange(g, g, start, (int) (end - start)));
      }
    }
    return out;
  }

  private static long start(RowGroupMeta group) {
    long start = Long.MAX_VALUE;
    for (ChunkRef column : group.columns()) {
      start = Math.min(start, column.offset());
    }
    return start;
  }

  private static long end(RowGroupMeta group) {
    long end = 0;
    for (ChunkRef column : group.columns()) {
      end = Math.max(end, column.offset() + column.compressedLength());
    }
    return end;
  }

  /** Every span of the trace in the row groups of {@code range}, decoded from its fetched bytes. */
  public List<Span> trace(long high, long low, GroupRange range, byte[] bytes) {
    if (bytes.length != range.length()) {
      throw new CorruptBlockException(
          source,
          "row groups at byte "
              + range.offset()
              + ": "
              + bytes.length
              + " bytes fetched, "
              + range.length()
              + " expected");
    }
    List<Span> out = new ArrayList<>();
    for (int g = range.firstGroup(); g <= range.lastGroup(); g++) {
      RowGroupMeta group = footer.groups().get(g);
      RowGroup rows =
          new RowGroup(
              group.rows(),
              tables,
              column -> inflate(source, group.columns()[column], bytes, range.offset()));
      try {
        int first = -1;
        int last = -1;
        for (int row = 0; row < rows.rowCount(); row++) {
          if (rows.traceIdHigh(row) == high && rows.traceIdLow(row) == low) {
            first = first < 0 ? row : first;
            last = row;
          }
        }
        if (first >= 0) {
          out.addAll(rows.spans(first, last + 1));
        }
      } catch (MalformedDataException | IllegalArgumentException | IndexOutOfBoundsException e) {
        // Checksum-valid bytes that do not decode are corrupt data, as in Block.
        throw new CorruptBlockException(source, "row group " + g + ": " + e, e);
      }
    }
    return out;
  }

  /** Checks and inflates a chunk held in {@code bytes}, which start at file offset {@code base}. */
  private static byte[] inflate(Path source, ChunkRef ref, byte[] bytes, long base) {
    long at = ref.offset() - base;
    if (at < 0 || at + ref.compressedLength() > bytes.length) {
      throw new CorruptBlockException(
          source, "chunk at byte " + ref.offset() + " lies outside the bytes read");
    }
    if (crc(bytes, (int) at, ref.compressedLength()) != ref.crc()) {
      throw new CorruptBlockException(
          source, "chunk at byte " + ref.offset() + " fails its checksum");
    }
    byte[] compressed = Arrays.copyOfRange(bytes, (int) at, (int) at + ref.compressedLength());
    byte[] raw;
    try {
      raw = Zstd.decompress(compressed, ref.rawLength());
    } catch (RuntimeException e) {
      throw new CorruptBlockException(
          source, "chunk at byte " + ref.offset() + ": " + e.getMessage(), e);
    }
    if (raw.length != ref.rawLength()) {
      throw new CorruptBlockException(source, "chunk at byte " + ref.offset() + " inflates short");
    }
    return raw;
  }

  private static int crc(byte[] bytes, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    return (int) crc.getValue();
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    return buffer.flip();
  }
}
