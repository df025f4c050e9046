package dev.hopscope.query.traceql;

import java.util.Objects;

/** What runs on the series a metrics function produced: ranking and filtering them. */
public sealed interface SecondStage {
  int position();

  /**
   * {@code topk(n)} / {@code bottomk(n)}: per step, the n series with the highest (lowest) value.
   */
  record TopK(boolean bottom, long count, int position) implements SecondStage {
    @Override
    public String toString() {
      return MetricsPrinter.stage(this);
    }
  }

  /**
   * {@code > 10}: keeps the samples that satisfy the comparison; a series left with none is
   * dropped. A duration is compared in seconds, the unit duration metrics are reported in.
   */
  record Filter(BinaryOp op, Value value, int position) implements SecondStage {
    public Filter {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }

    /** The threshold as the series' values are written: durations in seconds. */
    public double threshold() {
      return MetricsExpr.asDouble(value);
    }

    @Override
    public String toString() {
      return MetricsPrinter.stage(this);
    }
  }
}
