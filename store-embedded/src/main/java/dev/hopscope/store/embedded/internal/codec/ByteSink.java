package dev.hopscope.store.embedded.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the primitive encodings every file of the store uses. */
public final class ByteSink {
  private byte[] bytes;
  private int size;

  public ByteSink() {
    this(256);
  }

  public ByteSink(int capacity) {
    bytes = new byte[Math.max(capacity, 16)];
  }

  public int size() {
    return size;
  }

  /** Empties the sink and keeps its array, for a writer that fills one sink many times. */
  public ByteSink clear() {
    size = 0;
    return this;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** The backing array; valid up to {@link #size()}. */
  public byte[] array() {
    return bytes;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
    }
  }

  public ByteSink writeByte(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  public ByteSink writeBytes(byte[] value) {
    return writeBytes(value, 0, value.length);
  }

  public ByteSink writeBytes(byte[] value, int offset, int length) {
    ensure(length);
    System.arraycopy(value, offset, bytes, size, length);
    size += length;
    return this;
  }

  public ByteSink writeInt(int value) {
    ensure(4);
    bytes[size++] = (byte) (value >>> 24);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
    return this;
  }

  public ByteSink writeLong(long value) {
    writeInt((int) (value >>> 32));
    return writeInt((int) value);
  }

  /** Unsigned LEB128: small numbers take one byte. */
  public ByteSink writeVarLong(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
    return this;
  }

  public ByteSink writeVarInt(int value) {
    return writeVarLong(value & 0xFFFFFFFFL);
  }

  /** Zig-zag then varint, so that small negative numbers stay small. */
  public ByteSink writeSignedVarLong(long value) {
    return writeVarLong((value << 1) ^ (value >> 63));
  }

  public ByteSink writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarInt(utf8.length);
    return writeBytes(utf8);
  }

  public ByteSink writeLengthPrefixed(byte[] value) {
    writeVarInt(value.length);
    return writeBytes(value);
  }
}
