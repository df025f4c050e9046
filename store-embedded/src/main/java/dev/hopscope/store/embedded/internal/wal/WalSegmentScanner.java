package dev.hopscope.store.embedded.internal.wal;

import dev.hopscope.store.embedded.WalDamage;
import dev.hopscope.store.embedded.WalDamage.Kind;
import dev.hopscope.store.embedded.internal.wal.WalRecordFormat.Header;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * One read-only pass over a segment, shared by replay (which acts on what it finds) and {@code
 * hopscope check} (which reports it), so both agree on every byte.
 *
 * <p>Every range that holds no valid record becomes a {@link WalDamage}, and the pass goes on after
 * it: a payload that fails its checksum is skipped by the length its (checksummed) header gives; a
 * damaged header is skipped by searching for the next marker whose header checksum holds. Only a
 * range that ends the file can be a torn tail.
 */
final class WalSegmentScanner {
  /**
   * Receives each record whose checksums hold; a runtime exception marks the record undecodable.
   */
  interface Visitor {
    void record(long position, byte[] payload);
  }

  /**
   * @param records records handed to the visitor without an exception
   * @param repairedHeaders records whose header was damaged but whose payload was proven intact by
   *     its own checksum, and replayed
   * @param damages ranges without a valid record, in file order
   */
  record Scan(int records, int repairedHeaders, List<WalDamage> damages, long sizeBytes) {
    Scan {
      damages = List.copyOf(damages);
    }
  }

  private static final int SEARCH_WINDOW = 1 << 20;

  private final Path segment;
  private final FileChannel channel;
  private final long size;
  private final Visitor visitor;
  private final CRC32C crc = new CRC32C();
  private final List<WalDamage> damages = new ArrayList<>();
  private int records;
  private int repaired;

  private WalSegmentScanner(Path segment, FileChannel channel, Visitor visitor) throws IOException {
    this.segment = segment;
    this.channel = channel;
    this.size = channel.size();
    this.visitor = visitor;
  }

  /**
   * Scans a segment. Throws when the file is not a WAL segment at all (wrong magic or an unknown
   * version): that is a misplaced file, not damage to skip.
   */
  static Scan scan(Path segment, FileChannel channel, Visitor visitor) throws IOException {
    WalSegmentScanner scanner = new WalSegmentScanner(segment, channel, visitor);
    scanner.run();
    return new Scan(scanner.records, scanner.repaired, scanner.damages, scanner.size);
  }

  private void run() throws IOException {
    if (size < WalSegments.HEADER_BYTES) {
      // Created but the header never made it: nothing in it was ever acknowledged.
      damages.add(damage(0, size, 0, 0, Kind.TORN_TAIL, "the segment header is cut short"));
      return;
    }
    ByteBuffer header = read(0, WalSegments.HEADER_BYTES);
    byte[] magic = new byte[WalSegments.MAGIC.length];
    header.get(magic);
    int version = header.getInt();
    if (!Arrays.equals(magic, WalSegments.MAGIC)
        || (version != WalSegments.FORMAT_VERSION && version != 1)) {
      throw new NotAWalSegmentException(
          segment
              + " is not a Hopscope WAL segment of format 1 or "
              + WalSegments.FORMAT_VERSION
              + "; move it out of the wal directory");
    }
    if (version == 1) {
      scanFormat1();
    } else {
      scanFormat2();
    }
  }

  private void scanFormat2() throws IOException {
    long position = WalSegments.HEADER_BYTES;
    while (position < size) {
      if (size - position < WalRecordFormat.HEADER_BYTES) {
        damages.add(
            damage(position, size, 1, -1, Kind.TORN_TAIL, "a record header cut short by the end"));
        return;
      }
      Header header =
          WalRecordFormat.parseHeader(read(position, WalRecordFormat.HEADER_BYTES), 0, crc);
      if (header != null) {
        long end = position + WalRecordFormat.HEADER_BYTES + header.payloadLength();
        if (end > size) {
          damages.add(
              damage(
                  position,
                  size,
                  1,
                  header.spans(),
                  Kind.TORN_TAIL,
                  "a record of " + header.payloadLength() + " bytes cut short by the end"));
          return;
        }
        byte[] payload =
            read(position + WalRecordFormat.HEADER_BYTES, header.payloadLength()).array();
        if (WalRecordFormat.crc(payload, crc) != header.payloadCrc()) {
          damages.add(
              damage(position, end, 1, header.spans(), Kind.DAMAGED, "payload fails its CRC32C"));
        } else {
          deliver(position, end, header.spans(), payload);
        }
        position = end;
        continue;
      }
      long next = nextHeader(position + 1);
      long to = next < 0 ? size : next;
      byte[] payload = intactPayloadBehindDamagedHeader(position, to);
      if (payload != null) {
        repaired++;
        deliver(position, to, -1, payload);
      } else if (next < 0 && allZero(position, size)) {
        // A crash after the file grew but before its data reached the disk reads back as zeros;
        // acknowledged records were forced first, so these bytes never were.
        damages.add(damage(position, size, 1, -1, Kind.TORN_TAIL, "zeros where a record began"));
      } else {
        damages.add(damage(position, to, 1, -1, Kind.DAMAGED, "record header damaged"));
      }
      position = to;
    }
  }

  /**
   * Format 1 has no marker and no header checksum, so nothing after a bad record can be found
   * again: the rest of the file is reported as one damaged range (and kept, never cut).
   */
  private void scanFormat1() throws IOException {
    long position = WalSegments.HEADER_BYTES;
    while (position < size) {
      if (size - position < WalRecordFormat.V1_HEADER_BYTES) {
        damages.add(damage(position, size, 1, -1, Kind.TORN_TAIL, "a record prefix cut short"));
        return;
      }
      ByteBuffer prefix = read(position, WalRecordFormat.V1_HEADER_BYTES);
      int length = prefix.getInt();
      int expected = prefix.getInt();
      long end = position + WalRecordFormat.V1_HEADER_BYTES + length;
      if (length >= 0 && length <= WalRecordFormat.MAX_PAYLOAD && end > size) {
        damages.add(damage(position, size, 1, -1, Kind.TORN_TAIL, "a record cut short"));
        return;
      }
      byte[] payload =
          length < 0 || length > WalRecordFormat.MAX_PAYLOAD
              ? null
              : read(position + WalRecordFormat.V1_HEADER_BYTES, length).array();
      if (payload == null || WalRecordFormat.crc(payload, crc) != expected) {
        damages.add(
            damage(
                position,
                size,
                1,
                -1,
                Kind.DAMAGED,
                "format-1 record fails its CRC32C; format 1 cannot find the records after it"));
        return;
      }
      deliver(position, end, -1, payload);
      position = end;
    }
  }

  private void deliver(long position, long end, int spans, byte[] payload) {
    try {
      visitor.record(position, payload);
      records++;
    } catch (RuntimeException e) {
      // Checksums hold, so the bytes are what was written: a bug in the encoder or decoder.
      damages.add(damage(position, end, 1, spans, Kind.DAMAGED, "does not decode: " + e));
    }
  }

  /**
   * Bytes between a damaged header and the next valid record still hold an intact payload when the
   * payload's checksum matches the header's checksum field (the damage hit another field), or when
   * the header rebuilt around the payload matches the header's own checksum (the damage hit the
   * payload-checksum field). Either proves every payload byte, so nothing was lost.
   */
  private byte @Nullable [] intactPayloadBehindDamagedHeader(long from, long to)
      throws IOException {
    long payloadLength = to - from - WalRecordFormat.HEADER_BYTES;
    if (payloadLength < 0 || payloadLength > WalRecordFormat.MAX_PAYLOAD) {
      return null;
    }
    ByteBuffer header = read(from, WalRecordFormat.HEADER_BYTES);
    byte[] payload = read(from + WalRecordFormat.HEADER_BYTES, (int) payloadLength).array();
    int payloadCrc = WalRecordFormat.crc(payload, crc);
    if (payloadCrc == header.getInt(12)) {
      return payload;
    }
    ByteBuffer rebuilt = ByteBuffer.allocate(WalRecordFormat.HEADER_BYTES);
    rebuilt.putInt(WalRecordFormat.MARKER).putInt(payload.length).putInt(header.getInt(8));
    rebuilt.putInt(payloadCrc).putInt(header.getInt(16));
    return WalRecordFormat.parseHeader(rebuilt, 0, crc) != null ? payload : null;
  }

  /** The position of the next header whose checksum holds, at or after {@code from}; or -1. */
  private long nextHeader(long from) throws IOException {
    long window = from;
    while (size - window >= WalRecordFormat.HEADER_BYTES) {
      int length = (int) Math.min(SEARCH_WINDOW, size - window);
      ByteBuffer bytes = read(window, length);
      int last = length - WalRecordFormat.HEADER_BYTES;
      for (int i = 0; i <= last; i++) {
        if (bytes.getInt(i) == WalRecordFormat.MARKER
            && WalRecordFormat.parseHeader(bytes, i, crc) != null) {
          return window + i;
        }
      }
      // Overlap windows by a header's length so a header across the boundary is not missed.
      window += last + 1;
    }
    return -1;
  }

  private boolean allZero(long from, long to) throws IOException {
    for (long at = from; at < to; at += SEARCH_WINDOW) {
      ByteBuffer bytes = read(at, (int) Math.min(SEARCH_WINDOW, to - at));
      while (bytes.hasRemaining()) {
        if (bytes.get() != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private WalDamage damage(long from, long to, int lost, long spans, Kind kind, String reason) {
    return new WalDamage(segment, from, to, lost, spans, kind, reason);
  }

  private ByteBuffer read(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException(segment + ": unexpected end of file at byte " + position);
      }
    }
    return buffer.flip();
  }
}
