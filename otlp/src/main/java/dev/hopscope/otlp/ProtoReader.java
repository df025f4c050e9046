package dev.hopscope.otlp;

/**
 * The protobuf wire format over one byte array: varints, fixed-width values, length-delimited
 * ranges and skipping of unknown fields of every wire type (groups included). Every read is bounded
 * by the end of the enclosing message, so a lying length can never read past it. Errors are {@link
 * MalformedRequestException}s: a structurally broken body is unusable as a whole.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  private static final String[] WIRE_TYPE_NAMES = {
    "varint", "64-bit", "length-delimited", "start-group", "end-group", "32-bit", "6", "7"
  };
  private static final int MAX_GROUP_DEPTH = 64;

  final byte[] buf;
  int pos;

  ProtoReader(byte[] buf) {
    this.buf = buf;
  }

  static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** Reads a field tag; the field number is {@code tag >>> 3}, the wire type {@code tag & 7}. */
  int tag(int limit) {
    int at = pos;
    long tag = varint(limit);
    if (tag >>> 32 != 0 || (tag >>> 3) == 0 || (tag & 7) > FIXED32) {
      throw malformed(
          at,
          "invalid field tag " + tag + " (field " + (tag >>> 3) + ", wire type " + (tag & 7) + ")");
    }
    return (int) tag;
  }

  long varint(int limit) {
    // Tags, kinds, counts and most lengths fit one byte.
    if (pos < limit && buf[pos] >= 0) {
      return buf[pos++];
    }
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed(pos, "truncated varint");
      }
      byte b = buf[pos++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed(pos, "varint longer than 10 bytes");
  }

  long fixed64(int limit) {
    if (limit - pos < 8) {
      throw malformed(pos, "truncated 64-bit value");
    }
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return value;
  }

  int fixed32(int limit) {
    if (limit - pos < 4) {
      throw malformed(pos, "truncated 32-bit value");
    }
    int value =
        (buf[pos] & 0xFF)
            | (buf[pos + 1] & 0xFF) << 8
            | (buf[pos + 2] & 0xFF) << 16
            | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return value;
  }

  /** Reads a length prefix and returns the end of the value; {@code pos} is at its start. */
  int lengthEnd(int limit) {
    int at = pos;
    long length = varint(limit);
    if (length < 0 || length > limit - pos) {
      throw malformed(
          at,
          "length " + length + " runs past the end of its message (" + (limit - pos) + " left)");
    }
    return pos + (int) length;
  }

  /**
   * Skips a field this reader does not use. Field numbers in {@code knownFields} (a bit per number
   * below 64) arriving with another wire type than expected are refused rather than skipped: such a
   * body was written against a different schema and its data would be silently lost.
   */
  void skip(int tag, int limit, long knownFields, String[] fieldNames, String message) {
    int field = tag >>> 3;
    if (field < 64 && (knownFields & (1L << field)) != 0) {
      throw malformed(
          pos,
          message
              + "."
              + fieldNames[field]
              + " (field "
              + field
              + ") has wire type "
              + (tag & 7)
              + " ("
              + WIRE_TYPE_NAMES[tag & 7]
              + "), which its schema does not allow");
    }
    skipValue(tag, limit, 0);
  }

  private void skipValue(int tag, int limit, int depth) {
    switch (tag & 7) {
      case VARINT -> varint(limit);
      case FIXED64 -> {
        if (limit - pos < 8) {
          throw malformed(pos, "truncated 64-bit value");
        }
        pos += 8;
      }
      case LEN -> pos = lengthEnd(limit);
      case FIXED32 -> {
        if (limit - pos < 4) {
          throw malformed(pos, "truncated 32-bit value");
        }
        pos += 4;
      }
      case START_GROUP -> skipGroup(tag >>> 3, limit, depth + 1);
      default -> throw malformed(pos, "end-group tag without a matching start-group");
    }
  }

  private void skipGroup(int field, int limit, int depth) {
    if (depth > MAX_GROUP_DEPTH) {
      throw malformed(pos, "groups nested deeper than " + MAX_GROUP_DEPTH);
    }
    while (true) {
      if (pos >= limit) {
        throw malformed(pos, "unterminated group (field " + field + ")");
      }
      int tag = tag(limit);
      if ((tag & 7) == END_GROUP) {
        if (tag >>> 3 != field) {
          throw malformed(pos, "end-group for field " + (tag >>> 3) + " closes group " + field);
        }
        return;
      }
      skipValue(tag, limit, depth);
    }
  }

  /** A wire-type-or-structure error: the whole body is unusable. */
  MalformedRequestException malformed(int at, String problem) {
    return new MalformedRequestException(
        RejectReason.MALFORMED_PROTOBUF,
        "request body is not a valid OTLP ExportTraceServiceRequest: "
            + problem
            + " at byte "
            + at
            + " of "
            + buf.length
            + "; send a serialized opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"
            + " (Content-Type application/x-protobuf), or OTLP JSON as application/json");
  }
}
