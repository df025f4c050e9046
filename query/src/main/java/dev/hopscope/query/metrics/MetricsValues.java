package dev.hopscope.query.metrics;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.query.traceql.Value;
import dev.hopscope.store.cells.CellExemplar;
import java.util.List;

/** Span values as the numbers series are made of. */
final class MetricsValues {
  static final String TRACE_ID = "trace:id";
  static final String SPAN_ID = "span:id";

  private MetricsValues() {}

  /** Ints and floats as they are, durations in seconds; anything else is not a number (NaN). */
  static double toDouble(Value value) {
    return switch (value) {
      case Value.IntValue i -> i.value();
      case Value.FloatValue f -> f.value();
      case Value.DurationValue d -> d.nanos() / 1e9;
      default -> Double.NaN;
    };
  }

  /** An exemplar pointing at the span a cell kept. */
  static Exemplar exemplar(CellExemplar span, double value) {
    return new Exemplar(
        List.of(
            SeriesLabel.of(TRACE_ID, span.traceId().toHex()),
            SeriesLabel.of(SPAN_ID, new SpanId(span.spanId()).toHex())),
        value,
        span.startNanos() / 1_000_000);
  }

  /** An exemplar pointing at the span: its trace and span ids, as Grafana links them. */
  static Exemplar exemplar(Span span, double value) {
    return new Exemplar(
        List.of(
            SeriesLabel.of(TRACE_ID, span.traceId().toHex()),
            SeriesLabel.of(SPAN_ID, span.spanId().toHex())),
        value,
        span.startNanos() / 1_000_000);
  }
}
