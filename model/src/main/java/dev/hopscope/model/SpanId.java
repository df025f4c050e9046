package dev.hopscope.model;

import dev.hopscope.model.internal.BigEndian;
import org.jspecify.annotations.Nullable;

/** An 8-byte span id, not all zero. */
public record SpanId(long value) implements Comparable<SpanId> {
  public static final int BYTES = 8;
  public static final int HEX_LENGTH = 16;

  public SpanId {
    if (value == 0) {
      throw new IllegalArgumentException(
          "span id must not be all zeros (W3C trace context treats it as invalid); send a random"
              + " 8-byte id");
    }
  }

  public static SpanId fromHex(@Nullable CharSequence hex) {
    if (hex == null) {
      throw new IllegalArgumentException("span id is missing; send 16 lower-hex characters");
    }
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException(
          "span id \""
              + hex
              + "\" must be 16 lower-hex characters (64 bits); received "
              + hex.length()
              + " characters");
    }
    return new SpanId(Hex.parse(hex, 0, 16, "span id"));
  }

  public static SpanId fromBytes(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      int length = bytes == null ? 0 : bytes.length;
      throw new IllegalArgumentException(
          "span id must be 8 bytes (64 bits); received " + length + " bytes");
    }
    return new SpanId(BigEndian.readLong(bytes, 0));
  }

  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    BigEndian.writeLong(value, out, 0);
    return out;
  }

  public String toHex() {
    return Hex.format(value);
  }

  @Override
  public int compareTo(SpanId other) {
    return Long.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
