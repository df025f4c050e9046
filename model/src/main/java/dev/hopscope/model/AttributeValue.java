package dev.hopscope.model;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Every value an OTLP {@code AnyValue} can hold. Sealed so that encoders and the query engine
 * switch over the cases exhaustively.
 */
public sealed interface AttributeValue {

  /** The type names used in APIs and TraceQL errors. */
  String typeName();

  /** The value as a user reads it (strings unquoted). */
  String asText();

  static AttributeValue of(String value) {
    return new StringValue(value);
  }

  /** One shared instance per truth value. */
  static AttributeValue of(boolean value) {
    return SmallValues.of(value);
  }

  /** Shared instances for the small integers spans repeat (status codes, ports, counts). */
  static AttributeValue of(long value) {
    return SmallValues.of(value);
  }

  static AttributeValue of(double value) {
    return new DoubleValue(value);
  }

  /** An {@code AnyValue} with no field set; OTLP allows it and we keep it rather than guess. */
  record EmptyValue() implements AttributeValue {
    public static final EmptyValue INSTANCE = new EmptyValue();

    @Override
    public String typeName() {
      return "empty";
    }

    @Override
    public String asText() {
      return "";
    }
  }

  record StringValue(String value) implements AttributeValue {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String typeName() {
      return "string";
    }

    @Override
    public String asText() {
      return value;
    }
  }

  record BoolValue(boolean value) implements AttributeValue {
    @Override
    public String typeName() {
      return "bool";
    }

    @Override
    public String asText() {
      return Boolean.toString(value);
    }
  }

  record LongValue(long value) implements AttributeValue {
    @Override
    public String typeName() {
      return "int";
    }

    @Override
    public String asText() {
      return Long.toString(value);
    }
  }

  /** Equality follows {@link Double#compare}, so NaN equals NaN and the value can be a key. */
  record DoubleValue(double value) implements AttributeValue {
    @Override
    public String typeName() {
      return "double";
    }

    @Override
    public String asText() {
      return Double.toString(value);
    }
  }

  /** Bytes are copied in and out: the value stays immutable. */
  final class BytesValue implements AttributeValue {
    private final byte[] value;

    public BytesValue(byte[] value) {
      this.value = value.clone();
    }

    public byte[] value() {
      return value.clone();
    }

    public int length() {
      return value.length;
    }

    @Override
    public String typeName() {
      return "bytes";
    }

    @Override
    public String asText() {
      return HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof BytesValue bytes && Arrays.equals(value, bytes.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "BytesValue[" + asText() + "]";
    }
  }

  record ArrayValue(List<AttributeValue> values) implements AttributeValue {
    public ArrayValue {
      values = List.copyOf(values);
    }

    @Override
    public String typeName() {
      return "array";
    }

    @Override
    public String asText() {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(values.get(i).asText());
      }
      return out.append(']').toString();
    }
  }

  record KeyValueListValue(Attributes values) implements AttributeValue {
    public KeyValueListValue {
      Objects.requireNonNull(values, "values");
    }

    @Override
    public String typeName() {
      return "kvlist";
    }

    @Override
    public String asText() {
      return values.toString();
    }
  }
}
