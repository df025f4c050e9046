package dev.hopscope.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes protobuf fields into a growing byte array. Proto3 defaults (0, "", empty bytes) are
 * omitted, as protobuf-java does, so equal content gives equal bytes. A nested message is written
 * into its own writer and copied in with its length: simple, and cheap at OTLP's depth of five.
 */
final class ProtoWriter {
  private byte[] buf = new byte[256];
  private int size;

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  void reset() {
    size = 0;
  }

  void varintField(int field, long value) {
    if (value != 0) {
      tag(field, ProtoReader.VARINT);
      varint(value);
    }
  }

  void fixed64Field(int field, long value) {
    if (value != 0) {
      tag(field, ProtoReader.FIXED64);
      fixed64(value);
    }
  }

  void fixed32Field(int field, int value) {
    if (value != 0) {
      tag(field, ProtoReader.FIXED32);
      ensure(4);
      for (int i = 0; i < 4; i++) {
        buf[size++] = (byte) (value >>> (8 * i));
      }
    }
  }

  /** A double; written even when 0 inside a oneof, where presence matters. */
  void doubleField(int field, double value) {
    tag(field, ProtoReader.FIXED64);
    fixed64(Double.doubleToRawLongBits(value));
  }

  void stringField(int field, String value) {
    if (!value.isEmpty()) {
      bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  void bytesField(int field, byte[] value) {
    if (value.length != 0) {
      lengthDelimited(field, value, value.length);
    }
  }

  /** Always written, even when empty: presence of a message is information. */
  void messageField(int field, ProtoWriter message) {
    lengthDelimited(field, message.buf, message.size);
  }

  /** Writes a oneof member that must be present even at its default value. */
  void presentVarintField(int field, long value) {
    tag(field, ProtoReader.VARINT);
    varint(value);
  }

  void presentBytesField(int field, byte[] value) {
    lengthDelimited(field, value, value.length);
  }

  private void lengthDelimited(int field, byte[] value, int length) {
    tag(field, ProtoReader.LEN);
    varint(length);
    ensure(length);
    System.arraycopy(value, 0, buf, size, length);
    size += length;
  }

  private void tag(int field, int wireType) {
    varint((long) field << 3 | wireType);
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[size++] = (byte) value;
  }

  private void fixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (value >>> (8 * i));
    }
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
