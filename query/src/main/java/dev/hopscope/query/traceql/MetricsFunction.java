package dev.hopscope.query.traceql;

import java.util.Locale;
import java.util.Optional;

/** The first stage of a metrics query: what is computed from the spans of each step. */
public enum MetricsFunction {
  RATE,
  COUNT_OVER_TIME,
  MIN_OVER_TIME,
  MAX_OVER_TIME,
  SUM_OVER_TIME,
  AVG_OVER_TIME,
  QUANTILE_OVER_TIME,
  HISTOGRAM_OVER_TIME,
  COMPARE;

  /** The name as written in TraceQL, e.g. {@code count_over_time}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the functions that take an attribute: {@code max_over_time(duration)}. */
  public boolean takesAttribute() {
    return this != RATE && this != COUNT_OVER_TIME && this != COMPARE;
  }

  static Optional<MetricsFunction> named(String text) {
    for (MetricsFunction function : values()) {
      if (function.text().equals(text)) {
        return Optional.of(function);
      }
    }
    return Optional.empty();
  }
}
