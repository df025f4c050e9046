package dev.hopscope.store.embedded.internal.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote. Every read checks bounds and throws {@link
 * MalformedDataException} instead of an index error, so that corrupt input is reported as such.
 */
public final class ByteSource {
  private static final int MAX_COUNT = 1 << 26;

  private final byte[] bytes;
  private final int start;
  private final int limit;
  private int position;

  public ByteSource(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  public ByteSource(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.start = offset;
    this.position = offset;
    this.limit = offset + length;
  }

  public int position() {
    return position;
  }

  /** Moves to {@code position}, an offset this source could have reached itself. */
  public void seek(int position) {
    if (position < start || position > limit) {
      throw new MalformedDataException(
          "seek to offset " + position + " outside a source of offsets " + start + " to " + limit);
    }
    this.position = position;
  }

  public int remaining() {
    return limit - position;
  }

  public boolean hasRemaining() {
    return position < limit;
  }

  private void require(int count) {
    if (count < 0 || limit - position < count) {
      throw new MalformedDataException(
          "needs "
              + count
              + " more bytes at offset "
              + position
              + " but only "
              + remaining()
              + " remain");
    }
  }

  public int readByte() {
    require(1);
    return bytes[position++] & 0xFF;
  }

  public void skip(int length) {
    require(length);
    position += length;
  }

  public byte[] readBytes(int length) {
    require(length);
    byte[] out = new byte[length];
    System.arraycopy(bytes, position, out, 0, length);
    position += length;
    return out;
  }

  public int readInt() {
    require(4);
    int value =
        ((bytes[position] & 0xFF) << 24)
            | ((bytes[position + 1] & 0xFF) << 16)
            | ((bytes[position + 2] & 0xFF) << 8)
            | (bytes[position + 3] & 0xFF);
    position += 4;
    return value;
  }

  public long readLong() {
    long high = readInt() & 0xFFFFFFFFL;
    return (high << 32) | (readInt() & 0xFFFFFFFFL);
  }

  public long readVarLong() {
    // Column scans are mostly varints of one or two bytes: with ten bytes in reach, no byte needs
    // its own bounds check.
    int at = position;
    if (at < limit) {
      byte first = bytes[at];
      if (first >= 0) {
        position = at + 1;
        return first;
      }
      if (limit - at >= 10) {
        return readVarLongInReach(at);
      }
    }
    return readVarLongChecked();
  }

  private long readVarLongInReach(int start) {
    int at = start;
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = bytes[at++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        position = at;
        return value;
      }
    }
    throw new MalformedDataException("varint longer than 10 bytes at offset " + start);
  }

  private long readVarLongChecked() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new MalformedDataException("varint longer than 10 bytes at offset " + position);
  }

  public int readVarInt() {
    long value = readVarLong();
    if (value > 0xFFFFFFFFL) {
      throw new MalformedDataException("varint " + value + " does not fit 32 bits at " + position);
    }
    return (int) value;
  }

  /** A varint that counts something: bounded so that a flipped bit cannot ask for gigabytes. */
  public int readCount() {
    int value = readVarInt();
    if (value < 0 || value > MAX_COUNT) {
      throw new MalformedDataException("implausible count " + value + " at offset " + position);
    }
    return value;
  }

  public long readSignedVarLong() {
    long raw = readVarLong();
    return (raw >>> 1) ^ -(raw & 1);
  }

  public String readString() {
    int length = readVarInt();
    require(length);
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  public byte[] readLengthPrefixed() {
    return readBytes(readVarInt());
  }
}
