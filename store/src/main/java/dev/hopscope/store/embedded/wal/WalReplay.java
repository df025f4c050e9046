package dev.hopscope.store.embedded.wal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the records of a segment in order. A record that is cut short or fails its checksum ends
 * the segment: the file is truncated to the last valid record (a crash while appending leaves
 * exactly such a torn tail) and the cut is logged.
 */
public final class WalReplay {
  /** Receives each valid record's payload. */
  public interface RecordHandler {
    void accept(byte[] payload);
  }

  private static final System.Logger LOG = System.getLogger(WalReplay.class.getName());
  private static final int MAX_RECORD = 1 << 30;

  private WalReplay() {}

  /** Replays one segment; returns the number of valid records. */
  public static int replay(Path segment, RecordHandler handler) throws IOException {
    try (FileChannel channel =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      if (size < WalSegments.HEADER_BYTES) {
        // Created but the header never made it: nothing in it was ever acknowledged.
        truncate(channel, segment, 0, size, "a missing header");
        return 0;
      }
      ByteBuffer header = ByteBuffer.allocate(WalSegments.HEADER_BYTES);
      readFully(channel, header, 0);
      byte[] magic = new byte[WalSegments.MAGIC.length];
      header.flip().get(magic);
      int version = header.getInt();
      if (!Arrays.equals(magic, WalSegments.MAGIC) || version != WalSegments.FORMAT_VERSION) {
        throw new IOException(
            segment
                + " is not a Hopscope WAL segment of format "
                + WalSegments.FORMAT_VERSION
                + "; move it out of the wal directory");
      }
      long position = WalSegments.HEADER_BYTES;
      int records = 0;
      CRC32C crc = new CRC32C();
      ByteBuffer prefix = ByteBuffer.allocate(8);
      while (position < size) {
        if (size - position < 8) {
          truncate(channel, segment, position, size, "a record header cut short");
          break;
        }
        prefix.clear();
        readFully(channel, prefix, position);
        prefix.flip();
        int length = prefix.getInt();
        int expected = prefix.getInt();
        if (length < 0 || length > MAX_RECORD || position + 8 + length > size) {
          truncate(channel, segment, position, size, "a record of " + length + " bytes cut short");
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, position + 8);
        crc.reset();
        crc.update(payload.array());
        if ((int) crc.getValue() != expected) {
          truncate(channel, segment, position, size, "a record failing its CRC32C");
          break;
        }
        handler.accept(payload.array());
        records++;
        position += 8 + length;
      }
      return records;
    }
  }

  private static void truncate(
      FileChannel channel, Path segment, long position, long size, String reason)
      throws IOException {
    LOG.log(
        Level.WARNING,
        "WAL segment {0}: {1} at byte {2}; truncating {3} bytes of torn tail (writes that were"
            + " never acknowledged)",
        segment,
        reason,
        position,
        size - position);
    channel.truncate(position);
    channel.force(true);
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }
}
