package dev.hopscope.store.embedded.internal.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The framing of one record in a format-2 segment:
 *
 * <pre>
 * [int marker][int payload length][int spans][int CRC32C(payload)][int CRC32C(the 16 bytes before)]
 * [payload]
 * </pre>
 *
 * <p>Why a header of its own with its own checksum: a damaged byte must never make the records
 * after it unreadable. With a checksummed header, a damaged payload still gives the record's exact
 * extent and span count, and replay goes on at the next record; a damaged header is skipped by
 * searching for the next marker whose header checksum holds. Format 1 ({@code [length][crc]}) had
 * neither, so one flipped length ended the segment.
 */
final class WalRecordFormat {
  /** Not ASCII, so text-heavy payloads rarely contain it; its header checksum decides anyway. */
  static final int MARKER = 0xB7E5A1D3;

  static final int HEADER_BYTES = 20;
  static final int MAX_PAYLOAD = 1 << 30;

  /** Format 1's record prefix: {@code [int length][int CRC32C(payload)]}. */
  static final int V1_HEADER_BYTES = 8;

  private WalRecordFormat() {}

  /** A record header whose own checksum holds, so its length and span count can be trusted. */
  record Header(int payloadLength, int spans, int payloadCrc) {}

  static void writeHeader(ByteBuffer out, byte[] payload, int spans, CRC32C crc) {
    crc.reset();
    crc.update(payload);
    int payloadCrc = (int) crc.getValue();
    int start = out.position();
    out.putInt(MARKER).putInt(payload.length).putInt(spans).putInt(payloadCrc);
    crc.reset();
    crc.update(out.array(), out.arrayOffset() + start, 16);
    out.putInt((int) crc.getValue());
  }

  /**
   * Reads the header at {@code offset} of {@code bytes}; null unless the marker, the header
   * checksum and the length all hold.
   */
  static @Nullable Header parseHeader(ByteBuffer bytes, int offset, CRC32C crc) {
    if (bytes.getInt(offset) != MARKER) {
      return null;
    }
    crc.reset();
    crc.update(bytes.slice(offset, 16));
    if ((int) crc.getValue() != bytes.getInt(offset + 16)) {
      return null;
    }
    int length = bytes.getInt(offset + 4);
    if (length < 0 || length > MAX_PAYLOAD) {
      return null;
    }
    return new Header(length, bytes.getInt(offset + 8), bytes.getInt(offset + 12));
  }

  static int crc(byte[] payload, CRC32C crc) {
    crc.reset();
    crc.update(payload);
    return (int) crc.getValue();
  }
}
