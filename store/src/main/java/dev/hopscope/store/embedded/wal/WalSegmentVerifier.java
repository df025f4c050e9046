package dev.hopscope.store.embedded.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads a WAL segment without changing it: the header, then every record's length, CRC32C and
 * payload (decoded too). {@link WalReplay} cuts a bad tail at startup; this only reports it, for
 * {@code hopscope check}.
 */
public final class WalSegmentVerifier {
  private static final int MAX_RECORD = 1 << 30;

  /**
   * What one segment holds.
   *
   * @param records records that pass their checksum and decode
   * @param validBytes bytes up to the end of the last valid record
   * @param problem empty when every byte belongs to a valid record; otherwise what stops the scan
   * @param tornTail the problem is a last record cut short by the end of the file, which is what a
   *     crash while appending leaves (the record was never acknowledged); false when intact bytes
   *     follow the bad record, which only damage explains
   * @param cutShort the file ends inside the last record: a write stopped part-way (a crash, or a
   *     full disk after which the writer went on in the next segment)
   */
  public record Result(
      int records,
      long validBytes,
      long sizeBytes,
      String problem,
      boolean tornTail,
      boolean cutShort) {
    public boolean intact() {
      return problem.isEmpty();
    }
  }

  private WalSegmentVerifier() {}

  public static Result verify(Path segment) throws IOException {
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < WalSegments.HEADER_BYTES) {
        return new Result(0, 0, size, "header cut short (" + size + " bytes)", true, true);
      }
      ByteBuffer header = read(channel, 0, WalSegments.HEADER_BYTES);
      byte[] magic = new byte[WalSegments.MAGIC.length];
      header.get(magic);
      int version = header.getInt();
      if (!Arrays.equals(magic, WalSegments.MAGIC) || version != WalSegments.FORMAT_VERSION) {
        return new Result(
            0, 0, size, "not a WAL segment of format " + WalSegments.FORMAT_VERSION, false, false);
      }
      long position = WalSegments.HEADER_BYTES;
      int records = 0;
      CRC32C crc = new CRC32C();
      while (position < size) {
        if (size - position < 8) {
          return new Result(
              records, position, size, "record header cut short at byte " + position, true, true);
        }
        ByteBuffer prefix = read(channel, position, 8);
        int length = prefix.getInt();
        int expected = prefix.getInt();
        if (length < 0 || length > MAX_RECORD || position + 8 + length > size) {
          return new Result(
              records,
              position,
              size,
              "record of " + length + " bytes at byte " + position + " cut short",
              true,
              true);
        }
        byte[] payload = read(channel, position + 8, length).array();
        crc.reset();
        crc.update(payload);
        if ((int) crc.getValue() != expected) {
          return new Result(
              records,
              position,
              size,
              "record at byte " + position + " fails its CRC32C",
              position + 8 + length == size,
              false);
        }
        try {
          WalRecordCodec.decode(payload);
        } catch (RuntimeException e) {
          return new Result(
              records,
              position,
              size,
              "record at byte " + position + " does not decode: " + e,
              false,
              false);
        }
        records++;
        position += 8 + length;
      }
      return new Result(records, position, size, "", false, false);
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
}
