package dev.hopscope.query;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.query.traceql.BinaryOp;
import dev.hopscope.query.traceql.Value;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Comparison, arithmetic and conversion rules shared by filters and aggregates. */
final class Values {
  private Values() {}

  static Value fromAttribute(AttributeValue value) {
    return switch (value) {
      case AttributeValue.StringValue s -> new Value.StringValue(s.value());
      case AttributeValue.LongValue l -> new Value.IntValue(l.value());
      case AttributeValue.DoubleValue d -> new Value.FloatValue(d.value());
      case AttributeValue.BoolValue b -> new Value.BoolValue(b.value());
      case AttributeValue.EmptyValue e -> Value.NilValue.INSTANCE;
      case AttributeValue.ArrayValue a -> new Value.ArrayValue(elements(a));
      case AttributeValue.KeyValueListValue k -> new Value.OpaqueValue(k.typeName());
      case AttributeValue.BytesValue b -> new Value.OpaqueValue(b.typeName());
    };
  }

  /** OTel arrays hold scalars; a nested array is kept opaque, as Tempo keeps no such values. */
  private static List<Value> elements(AttributeValue.ArrayValue array) {
    List<Value> out = new ArrayList<>(array.values().size());
    for (AttributeValue element : array.values()) {
      out.add(
          element instanceof AttributeValue.ArrayValue nested
              ? new Value.OpaqueValue(nested.typeName())
              : fromAttribute(element));
    }
    return out;
  }

  /** Arrays, bytes and key-value values: present, but no single value to group or report. */
  static boolean isComposite(Value value) {
    return value instanceof Value.ArrayValue || value instanceof Value.OpaqueValue;
  }

  /**
   * How a value is reported in results: arrays as arrays of their elements; nil, bytes, key-value
   * lists and arrays holding one of them are not reported.
   */
  static @Nullable AttributeValue toAttribute(Value value) {
    return switch (value) {
      case Value.StringValue s -> AttributeValue.of(s.value());
      case Value.IntValue i -> AttributeValue.of(i.value());
      case Value.FloatValue f -> AttributeValue.of(f.value());
      case Value.DurationValue d -> AttributeValue.of(d.nanos());
      case Value.BoolValue b -> AttributeValue.of(b.value());
      case Value.StatusValue s -> AttributeValue.of(s.toTraceQl());
      case Value.KindValue k -> AttributeValue.of(k.toTraceQl());
      case Value.NilValue n -> null;
      case Value.ArrayValue a -> arrayToAttribute(a);
      case Value.OpaqueValue o -> null;
    };
  }

  private static @Nullable AttributeValue arrayToAttribute(Value.ArrayValue array) {
    List<AttributeValue> elements = new ArrayList<>(array.values().size());
    for (Value element : array.values()) {
      AttributeValue reported = toAttribute(element);
      if (reported == null) {
        return null;
      }
      elements.add(reported);
    }
    return new AttributeValue.ArrayValue(elements);
  }

  static boolean isNumeric(Value value) {
    return value instanceof Value.IntValue
        || value instanceof Value.FloatValue
        || value instanceof Value.DurationValue;
  }

  /** Ints and durations compare exactly as longs; anything with a float, as doubles. */
  private static boolean isWhole(Value value) {
    return value instanceof Value.IntValue || value instanceof Value.DurationValue;
  }

  static long asLong(Value value) {
    return switch (value) {
      case Value.IntValue i -> i.value();
      case Value.DurationValue d -> d.nanos();
      default -> throw new IllegalArgumentException("not a whole number: " + value);
    };
  }

  static double asDouble(Value value) {
    return value instanceof Value.FloatValue f ? f.value() : asLong(value);
  }

  /** =, !=, <, <=, >, >= on values of one kind; false when the kinds differ or one is nil. */
  static boolean compare(BinaryOp op, Value left, Value right) {
    Integer order = order(left, right);
    if (order == null) {
      return false;
    }
    int c = order;
    return switch (op) {
      case EQ -> c == 0;
      case NEQ -> c != 0;
      case LT -> c < 0;
      case LTE -> c <= 0;
      case GT -> c > 0;
      case GTE -> c >= 0;
      default -> throw new IllegalArgumentException("not a comparison: " + op);
    };
  }

  /** The order of two values, or null when they cannot be compared at all. */
  private static @Nullable Integer order(Value left, Value right) {
    if (isNumeric(left) && isNumeric(right)) {
      return isWhole(left) && isWhole(right)
          ? Long.compare(asLong(left), asLong(right))
          : Double.compare(asDouble(left), asDouble(right));
    }
    if (left instanceof Value.StringValue a && right instanceof Value.StringValue b) {
      return a.value().compareTo(b.value());
    }
    // Booleans, statuses and kinds are only equal or not; validation rejects ordering them.
    if (left instanceof Value.BoolValue a && right instanceof Value.BoolValue b) {
      return a.value() == b.value() ? 0 : 1;
    }
    if (left instanceof Value.StatusValue a && right instanceof Value.StatusValue b) {
      return a.code() == b.code() ? 0 : 1;
    }
    if (left instanceof Value.KindValue a && right instanceof Value.KindValue b) {
      return a.kind() == b.kind() ? 0 : 1;
    }
    return null;
  }

  static Value negate(Value value) {
    return switch (value) {
      case Value.IntValue i -> new Value.IntValue(-i.value());
      case Value.FloatValue f -> new Value.FloatValue(-f.value());
      case Value.DurationValue d -> new Value.DurationValue(-d.nanos());
      default -> Value.NilValue.INSTANCE;
    };
  }

  /**
   * Ints stay ints under + - * % (floats on overflow); division and power give floats; a duration
   * with any number gives a duration, two durations divided give a float.
   */
  static Value arithmetic(BinaryOp op, Value left, Value right) {
    if (!isNumeric(left) || !isNumeric(right)) {
      return Value.NilValue.INSTANCE;
    }
    if (left instanceof Value.IntValue a && right instanceof Value.IntValue b) {
      try {
        switch (op) {
          case ADD:
            return new Value.IntValue(Math.addExact(a.value(), b.value()));
          case SUB:
            return new Value.IntValue(Math.subtractExact(a.value(), b.value()));
          case MUL:
            return new Value.IntValue(Math.multiplyExact(a.value(), b.value()));
          case MOD:
            return b.value() == 0
                ? Value.NilValue.INSTANCE
                : new Value.IntValue(a.value() % b.value());
          default:
            break;
        }
      } catch (ArithmeticException overflow) {
        // Falls through to floating point, which saturates instead of wrapping.
      }
    }
    double x = asDouble(left);
    double y = asDouble(right);
    double result =
        switch (op) {
          case ADD -> x + y;
          case SUB -> x - y;
          case MUL -> x * y;
          case DIV -> x / y;
          case MOD -> x % y;
          case POW -> Math.pow(x, y);
          default -> throw new IllegalArgumentException("not arithmetic: " + op);
        };
    if (Double.isNaN(result)) {
      return Value.NilValue.INSTANCE;
    }
    boolean leftDuration = left instanceof Value.DurationValue;
    boolean rightDuration = right instanceof Value.DurationValue;
    if ((leftDuration || rightDuration) && !(leftDuration && rightDuration && op == BinaryOp.DIV)) {
      return new Value.DurationValue((long) result);
    }
    return new Value.FloatValue(result);
  }
}
