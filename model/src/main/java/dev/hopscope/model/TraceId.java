package dev.hopscope.model;

import dev.hopscope.model.internal.BigEndian;
import org.jspecify.annotations.Nullable;

/**
 * A W3C / OpenTelemetry trace id: 16 bytes, not all zero, held as two big-endian longs so that ids
 * sort and hash without allocation.
 */
public record TraceId(long high, long low) implements Comparable<TraceId> {
  public static final int BYTES = 16;
  public static final int HEX_LENGTH = 32;

  public TraceId {
    if (high == 0 && low == 0) {
      throw new IllegalArgumentException(
          "trace id must not be all zeros (W3C trace context treats it as invalid); send a random"
              + " 16-byte id");
    }
  }

  /** Parses 32 hex digits. */
  public static TraceId fromHex(@Nullable CharSequence hex) {
    if (hex == null) {
      throw new IllegalArgumentException("trace id is missing; send 32 lower-hex characters");
    }
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException(
          "trace id \""
              + hex
              + "\" must be 32 lower-hex characters (128 bits); received "
              + hex.length()
              + " characters");
    }
    return new TraceId(Hex.parse(hex, 0, 16, "trace id"), Hex.parse(hex, 16, 16, "trace id"));
  }

  public static TraceId fromBytes(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      int length = bytes == null ? 0 : bytes.length;
      throw new IllegalArgumentException(
          "trace id must be 16 bytes (128 bits); received " + length + " bytes");
    }
    return new TraceId(BigEndian.readLong(bytes, 0), BigEndian.readLong(bytes, 8));
  }

  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    BigEndian.writeLong(high, out, 0);
    BigEndian.writeLong(low, out, 8);
    return out;
  }

  public String toHex() {
    return Hex.format(high) + Hex.format(low);
  }

  @Override
  public int compareTo(TraceId other) {
    int byHigh = Long.compareUnsigned(high, other.high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
