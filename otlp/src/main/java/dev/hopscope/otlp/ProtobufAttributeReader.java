package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code KeyValue}s and {@code AnyValue}s, checking UTF-8, value length and nesting depth.
 * Failures go to the shared {@link Problem}; the value read is then a placeholder that the caller
 * discards with the span.
 */
final class ProtobufAttributeReader {
  /** Deeper values are refused: recursion must stay bounded on untrusted input. */
  static final int MAX_DEPTH = 32;

  private static final long KEY_VALUE_FIELDS = 1L << 1 | 1L << 2 | 1L << 3;
  private static final String[] KEY_VALUE_NAMES = {"", "key", "value", "key_strindex"};
  private static final long ANY_VALUE_FIELDS = 0b1_1111_1110L;
  private static final String[] ANY_VALUE_NAMES = {
    "",
    "string_value",
    "bool_value",
    "int_value",
    "double_value",
    "array_value",
    "kvlist_value",
    "bytes_value",
    "string_value_strindex"
  };
  private static final String[] LIST_NAMES = {"", "values"};

  private final ProtoReader in;
  private final Utf8 utf8;
  private final Problem problem;
  private final int maxValueLength;

  /** The key of the last {@link #keyValue}. */
  String key = "";

  /** The value of the last {@link #keyValue}. */
  AttributeValue value = AttributeValue.EmptyValue.INSTANCE;

  ProtobufAttributeReader(ProtoReader in, Utf8 utf8, Problem problem, int maxValueLength) {
    this.in = in;
    this.utf8 = utf8;
    this.problem = problem;
    this.maxValueLength = maxValueLength;
  }

  /** Reads a length-delimited string field whose value spans {@code [in.pos, end)}. */
  String string(int end, String field) {
    return string(end, field, "", "");
  }

  /**
   * As {@link #string(int, String)}; the field is named {@code where + field + key} in a message,
   * concatenated only when there is one: this runs for every string on the wire.
   */
  String string(int end, String where, String field, String key) {
    int length = end - in.pos;
    if (length > maxValueLength) {
      StringLimit.check(problem, where + field + key, length, maxValueLength);
    }
    String text = utf8.decode(in.buf, in.pos, length);
    if (text == null) {
      problem.report(
          RejectReason.INVALID_UTF8,
          where
              + field
              + key
              + " is not valid UTF-8 (bytes "
              + Ids.preview(in.buf, in.pos, end - in.pos)
              + "); protobuf strings must be UTF-8, send binary data as a bytes_value");
      text = "";
    }
    in.pos = end;
    return text;
  }

  private AttributeValue stringValue(int end, String where, String k) {
    AttributeValue.StringValue value = utf8.decodeValue(in.buf, in.pos, end - in.pos);
    if (value == null) {
      string(end, where, " attribute ", k); // reports the problem
      return AttributeValue.EmptyValue.INSTANCE;
    }
    in.pos = end;
    return value;
  }

  /** Reads one {@code KeyValue} ending at {@code end} into {@link #key} and {@link #value}. */
  void keyValue(int end, String where, int depth) {
    String k = "";
    AttributeValue v = AttributeValue.EmptyValue.INSTANCE;
    while (in.pos < end) {
      int tag = in.tag(end);
      switch (tag) {
        case 1 << 3 | ProtoReader.LEN -> k = string(in.lengthEnd(end), where, " attribute key", "");
        case 2 << 3 | ProtoReader.LEN -> v = anyValue(in.lengthEnd(end), where, k, depth + 1);
        default -> in.skip(tag, end, KEY_VALUE_FIELDS & ~(1L << 3), KEY_VALUE_NAMES, "KeyValue");
      }
    }
    key = k;
    value = v;
  }

  /** Reads the {@code KeyValue}s of a repeated field into a map, as for resources and events. */
  void keyValueInto(int end, String where, Attributes.Builder into) {
    keyValue(end, where, 0);
    into.put(key, value);
  }

  private AttributeValue anyValue(int end, String where, String k, int depth) {
    if (depth > MAX_DEPTH) {
      problem.report(
          RejectReason.ATTRIBUTE_TOO_DEEP,
          where
              + " attribute "
              + MessageText.quote(k)
              + " nests arrays/kvlists deeper than "
              + MAX_DEPTH
              + " levels; flatten the value");
      in.pos = end;
      return AttributeValue.EmptyValue.INSTANCE;
    }
    // A oneof: the last field on the wire wins, as in protobuf-java.
    AttributeValue result = AttributeValue.EmptyValue.INSTANCE;
    while (in.pos < end) {
      int tag = in.tag(end);
      switch (tag) {
        case 1 << 3 | ProtoReader.LEN -> {
          int valueEnd = in.lengthEnd(end);
          checkLength(valueEnd - in.pos, where, k, "string");
          result = stringValue(valueEnd, where, k);
        }
        case 2 << 3 | ProtoReader.VARINT -> result = AttributeValue.of(in.varint(end) != 0);
        case 3 << 3 | ProtoReader.VARINT -> result = AttributeValue.of(in.varint(end));
        case 4 << 3 | ProtoReader.FIXED64 ->
            result = AttributeValue.of(Double.longBitsToDouble(in.fixed64(end)));
        case 5 << 3 | ProtoReader.LEN -> result = array(in.lengthEnd(end), where, k, depth);
        case 6 << 3 | ProtoReader.LEN -> result = kvlist(in.lengthEnd(end), where, depth);
        case 7 << 3 | ProtoReader.LEN -> {
          int valueEnd = in.lengthEnd(end);
          checkLength(valueEnd - in.pos, where, k, "bytes");
          result =
              new AttributeValue.BytesValue(java.util.Arrays.copyOfRange(in.buf, in.pos, valueEnd));
          in.pos = valueEnd;
        }
        case 8 << 3 | ProtoReader.VARINT -> {
          // string_value_strindex points into a profiles dictionary that trace requests lack.
          in.varint(end);
          result = AttributeValue.EmptyValue.INSTANCE;
        }
        default -> in.skip(tag, end, ANY_VALUE_FIELDS, ANY_VALUE_NAMES, "AnyValue");
      }
    }
    return result;
  }

  private AttributeValue array(int end, String where, String k, int depth) {
    List<AttributeValue> values = new ArrayList<>();
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == (1 << 3 | ProtoReader.LEN)) {
        values.add(anyValue(in.lengthEnd(end), where, k, depth + 1));
      } else {
        in.skip(tag, end, 1L << 1, LIST_NAMES, "ArrayValue");
      }
    }
    return new AttributeValue.ArrayValue(values);
  }

  private AttributeValue kvlist(int end, String where, int depth) {
    Attributes.Builder values = Attributes.builder();
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == (1 << 3 | ProtoReader.LEN)) {
        keyValue(in.lengthEnd(end), where, depth + 1);
        values.put(key, value);
      } else {
        in.skip(tag, end, 1L << 1, LIST_NAMES, "KeyValueList");
      }
    }
    return new AttributeValue.KeyValueListValue(values.build());
  }

  private void checkLength(int length, String where, String k, String type) {
    if (length > maxValueLength) {
      StringLimit.check(
          problem,
          where + " attribute " + MessageText.quote(k) + " " + type + " value",
          length,
          maxValueLength);
    }
  }
}
