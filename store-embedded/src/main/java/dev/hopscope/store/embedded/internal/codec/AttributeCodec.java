package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes every {@link AttributeValue} type exactly: a tag byte, then the payload. Strings go
 * through the dictionary; doubles keep their raw bits so NaN payloads and -0.0 survive.
 */
public final class AttributeCodec {
  private static final int EMPTY = 0;
  private static final int STRING = 1;
  private static final int FALSE = 2;
  private static final int TRUE = 3;
  private static final int LONG = 4;
  private static final int DOUBLE = 5;
  private static final int BYTES = 6;
  private static final int ARRAY = 7;
  private static final int KVLIST = 8;
  private static final int MAX_DEPTH = 64;

  /** The tag byte a string value starts with; searches look for it in raw value columns. */
  static final int STRING_TAG = STRING;

  private AttributeCodec() {}

  public static void writeValue(AttributeValue value, Tables tables, ByteSink out) {
    switch (value) {
      case AttributeValue.EmptyValue empty -> out.writeByte(EMPTY);
      case AttributeValue.StringValue string ->
          out.writeByte(STRING).writeVarInt(tables.string(string.value()));
      case AttributeValue.BoolValue bool -> out.writeByte(bool.value() ? TRUE : FALSE);
      case AttributeValue.LongValue number ->
          out.writeByte(LONG).writeSignedVarLong(number.value());
      case AttributeValue.DoubleValue number ->
          out.writeByte(DOUBLE).writeLong(Double.doubleToRawLongBits(number.value()));
      case AttributeValue.BytesValue bytes ->
          out.writeByte(BYTES).writeLengthPrefixed(bytes.value());
      case AttributeValue.ArrayValue array -> {
        out.writeByte(ARRAY).writeVarInt(array.values().size());
        for (AttributeValue element : array.values()) {
          writeValue(element, tables, out);
        }
      }
      case AttributeValue.KeyValueListValue list -> {
        out.writeByte(KVLIST);
        writeAttributes(list.values(), tables, out);
      }
    }
  }

  /** Writes a string value by its dictionary index, as {@link #writeValue} writes one. */
  public static void writeString(int dictionaryIndex, ByteSink out) {
    out.writeByte(STRING).writeVarInt(dictionaryIndex);
  }

  public static void writeAttributes(Attributes attributes, Tables tables, ByteSink out) {
    out.writeVarInt(attributes.size());
    attributes.forEach(
        (key, value) -> {
          out.writeVarInt(tables.string(key));
          writeValue(value, tables, out);
        });
  }

  public static AttributeValue readValue(Tables tables, ByteSource in) {
    return readValue(tables, in, 0);
  }

  private static AttributeValue readValue(Tables tables, ByteSource in, int depth) {
    if (depth > MAX_DEPTH) {
      throw new MalformedDataException("attribute values nested deeper than " + MAX_DEPTH);
    }
    int tag = in.readByte();
    return switch (tag) {
      case EMPTY -> AttributeValue.EmptyValue.INSTANCE;
      case STRING -> AttributeValue.of(tables.checkedString(in.readVarInt()));
      case FALSE -> AttributeValue.of(false);
      case TRUE -> AttributeValue.of(true);
      case LONG -> AttributeValue.of(in.readSignedVarLong());
      case DOUBLE -> AttributeValue.of(Double.longBitsToDouble(in.readLong()));
      case BYTES -> new AttributeValue.BytesValue(in.readLengthPrefixed());
      case ARRAY -> {
        int count = in.readCount();
        List<AttributeValue> values = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
          values.add(readValue(tables, in, depth + 1));
        }
        yield new AttributeValue.ArrayValue(values);
      }
      case KVLIST -> new AttributeValue.KeyValueListValue(readAttributes(tables, in, depth + 1));
      default -> throw new MalformedDataException("unknown attribute value tag " + tag);
    };
  }

  /** What {@link #skipValue} returns for a value that is neither a string nor an array. */
  public static final int SKIPPED_OTHER = -1;

  /** What {@link #skipValue} returns for an array: its elements need a full read to compare. */
  public static final int SKIPPED_ARRAY = -3;

  /**
   * Steps over one value without building it; returns its dictionary index when it is a string,
   * {@link #SKIPPED_ARRAY} for an array, else {@link #SKIPPED_OTHER}. Lets scans compare string
   * attributes as integers and skip rows they do not return.
   */
  public static int skipValue(ByteSource in) {
    return skipValue(in, 0);
  }

  private static int skipValue(ByteSource in, int depth) {
    if (depth > MAX_DEPTH) {
      throw new MalformedDataException("attribute values nested deeper than " + MAX_DEPTH);
    }
    int tag = in.readByte();
    switch (tag) {
      case EMPTY, FALSE, TRUE -> {}
      case STRING -> {
        return in.readVarInt();
      }
      case LONG -> in.readVarLong();
      case DOUBLE -> in.skip(8);
      case BYTES -> in.skip(in.readVarInt());
      case ARRAY -> {
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
          skipValue(in, depth + 1);
        }
        return SKIPPED_ARRAY;
      }
      case KVLIST -> skipAttributes(in, depth + 1);
      default -> throw new MalformedDataException("unknown attribute value tag " + tag);
    }
    return SKIPPED_OTHER;
  }

  public static void skipAttributes(ByteSource in) {
    skipAttributes(in, 0);
  }

  private static void skipAttributes(ByteSource in, int depth) {
    int count = in.readCount();
    for (int i = 0; i < count; i++) {
      in.readVarInt();
      skipValue(in, depth + 1);
    }
  }

  public static Attributes readAttributes(Tables tables, ByteSource in) {
    return readAttributes(tables, in, 0);
  }

  private static Attributes readAttributes(Tables tables, ByteSource in, int depth) {
    int count = in.readCount();
    if (count == 0) {
      return Attributes.empty();
    }
    Attributes.Builder builder = Attributes.builder();
    for (int i = 0; i < count; i++) {
      String key = tables.checkedString(in.readVarInt());
      builder.put(key, readValue(tables, in, depth + 1));
    }
    return builder.build();
  }
}
