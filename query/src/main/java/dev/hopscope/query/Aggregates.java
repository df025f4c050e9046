package dev.hopscope.query;

import dev.hopscope.query.traceql.AggregateKind;
import dev.hopscope.query.traceql.BinaryOp;
import dev.hopscope.query.traceql.Value;
import java.util.List;
import java.util.Optional;

/** avg, min, max and sum over numeric values; the result keeps durations as durations. */
final class Aggregates {
  private Aggregates() {}

  static Optional<Value> compute(AggregateKind kind, List<Value> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (kind) {
          case MIN -> extreme(values, BinaryOp.LT);
          case MAX -> extreme(values, BinaryOp.GT);
          case SUM -> sum(values);
          case AVG -> average(values);
          case COUNT -> new Value.IntValue(values.size());
        });
  }

  private static Value extreme(List<Value> values, BinaryOp better) {
    Value best = values.get(0);
    for (Value value : values) {
      if (Values.compare(better, value, best)) {
        best = value;
      }
    }
    return best;
  }

  private static Value sum(List<Value> values) {
    Value total = values.get(0);
    for (int i = 1; i < values.size(); i++) {
      total = Values.arithmetic(BinaryOp.ADD, total, values.get(i));
    }
    return total;
  }

  private static Value average(List<Value> values) {
    double total = 0;
    boolean allDurations = true;
    for (Value value : values) {
      total += Values.asDouble(value);
      allDurations &= value instanceof Value.DurationValue;
    }
    double mean = total / values.size();
    return allDurations ? new Value.DurationValue(Math.round(mean)) : new Value.FloatValue(mean);
  }
}
