package dev.hopscope.query.traceql;

import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** A TraceQL value: a literal in a query, or what an expression yields for a span. */
public sealed interface Value {

  /** The value written as TraceQL source, so that printing and parsing round-trip. */
  String toTraceQl();

  record StringValue(String value) implements Value {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toTraceQl() {
      return traceQlString(value);
    }
  }

  record IntValue(long value) implements Value {
    @Override
    public String toTraceQl() {
      // -9223372036854775808 would lex as minus and an out-of-range integer.
      if (value == Long.MIN_VALUE) {
        return "minInt";
      }
      return Long.toString(value);
    }
  }

  record FloatValue(double value) implements Value {
    @Override
    public String toTraceQl() {
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        return Double.toString(value);
      }
      String plain = BigDecimal.valueOf(value).toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
  }

  /** A duration in nanoseconds; printed in the largest unit that keeps it whole. */
  record DurationValue(long nanos) implements Value {
    private static final String[] UNITS = {"h", "m", "s", "ms", "us"};
    private static final long[] SIZES = {
      3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L
    };

    @Override
    public String toTraceQl() {
      for (int i = 0; i < UNITS.length; i++) {
        if (nanos != 0 && nanos % SIZES[i] == 0) {
          return nanos / SIZES[i] + UNITS[i];
        }
      }
      return nanos + "ns";
    }
  }

  record BoolValue(boolean value) implements Value {
    @Override
    public String toTraceQl() {
      return Boolean.toString(value);
    }
  }

  record StatusValue(StatusCode code) implements Value {
    public StatusValue {
      Objects.requireNonNull(code, "code");
    }

    @Override
    public String toTraceQl() {
      return code.name().toLowerCase(Locale.ROOT);
    }
  }

  record KindValue(SpanKind kind) implements Value {
    public KindValue {
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toTraceQl() {
      return kind.name().toLowerCase(Locale.ROOT);
    }
  }

  /** The {@code nil} literal, and what a missing attribute evaluates to. */
  record NilValue() implements Value {
    public static final NilValue INSTANCE = new NilValue();

    @Override
    public String toTraceQl() {
      return "nil";
    }
  }

  /**
   * An array attribute, its elements as values (a nested array, bytes or key-value element as
   * {@link OpaqueValue}). Comparisons look at the elements, as Tempo's do: {@code =}, {@code =~}
   * and the orderings hold when some element satisfies them, {@code !=} and {@code !~} when every
   * element does. Never a literal.
   */
  record ArrayValue(List<Value> values) implements Value {
    public ArrayValue {
      values = List.copyOf(values);
    }

    @Override
    public String toTraceQl() {
      throw new UnsupportedOperationException("arrays have no TraceQL literal form");
    }
  }

  /**
   * A bytes or key-value attribute: it exists ({@code != nil} holds) but compares with nothing, as
   * Tempo keeps no such values. Never a literal.
   *
   * @param type the attribute's type name, bytes or kvlist
   */
  record OpaqueValue(String type) implements Value {
    public OpaqueValue {
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toTraceQl() {
      throw new UnsupportedOperationException(type + " values have no TraceQL literal form");
    }
  }

  /**
   * The TraceQL string literal of {@code text}: double quotes and TraceQL's escapes, so that the
   * lexer reads it back unchanged. For TraceQL only: JSON bodies are written by Jackson, and the
   * decoders' messages quote values for people to read (otlp's {@code MessageText}).
   */
  public static String traceQlString(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
