package dev.hopscope.query.traceql;

import java.util.Locale;

/** Aggregates over the spans of a spanset. */
public enum AggregateKind {
  COUNT,
  AVG,
  MIN,
  MAX,
  SUM;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
