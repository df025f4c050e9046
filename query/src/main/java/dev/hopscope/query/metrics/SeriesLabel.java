package dev.hopscope.query.metrics;

import dev.hopscope.query.traceql.Value;
import java.util.Objects;

/**
 * One label of a series: a by() field's TraceQL text and the value it had, typed as in TraceQL, or
 * an internal label ({@code __name__}, {@code p}, {@code __bucket}, {@code __meta_type}).
 */
public record SeriesLabel(String name, Value value) {
  public static final String METRIC_NAME = "__name__";
  public static final String BUCKET = "__bucket";
  public static final String QUANTILE = "p";
  public static final String META_TYPE = "__meta_type";

  public SeriesLabel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  static SeriesLabel of(String name, String value) {
    return new SeriesLabel(name, new Value.StringValue(value));
  }

  /**
   * The value as Prometheus-style label text, Tempo's way: nil as {@code <nil>}, an empty string as
   * {@code <empty>}, ints as {@code int(5)}, so an int 5 and a string "5" stay different series.
   */
  public String promValue() {
    return switch (value) {
      case Value.NilValue n -> "<nil>";
      case Value.StringValue s when s.value().isEmpty() -> "<empty>";
      case Value.StringValue s when s.value().equals("nil") -> "<nil>";
      case Value.StringValue s -> s.value();
      case Value.IntValue i -> "int(" + i.value() + ")";
      case Value.FloatValue f -> MetricsNumbers.format(f.value());
      default -> text();
    };
  }

  /** The value as text, as Tempo writes statuses, kinds and nil in a label: error, server, nil. */
  public String text() {
    return switch (value) {
      case Value.StringValue s -> s.value();
      case Value.StatusValue s -> s.toTraceQl();
      case Value.KindValue k -> k.toTraceQl();
      case Value.NilValue n -> "nil";
      default -> value.toTraceQl();
    };
  }
}
