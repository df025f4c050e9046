package dev.hopscope.server.api.compat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal protobuf writer for the few messages the Tempo API answers in binary. */
final class ProtoBytes {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Writes a sub-message even when it is empty: Grafana needs Resource, Scope and Status set. */
  ProtoBytes message(int field, ProtoBytes message) {
    return bytes(field, message.toByteArray(), true);
  }

  ProtoBytes string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8), false);
  }

  /** A string or bytes field; proto3 omits empty ones unless {@code present} (oneof members). */
  ProtoBytes bytes(int field, byte[] value, boolean present) {
    if (value.length == 0 && !present) {
      return this;
    }
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  ProtoBytes varint(int field, long value, boolean present) {
    if (value == 0 && !present) {
      return this;
    }
    tag(field, VARINT);
    varint(value);
    return this;
  }

  ProtoBytes fixed64(int field, long value, boolean present) {
    if (value == 0 && !present) {
      return this;
    }
    tag(field, FIXED64);
    for (int i = 0; i < 8; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
    return this;
  }

  ProtoBytes fixed32(int field, int value) {
    if (value == 0) {
      return this;
    }
    tag(field, FIXED32);
    for (int i = 0; i < 4; i++) {
      out.write((value >>> (8 * i)) & 0xff);
    }
    return this;
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }
}
