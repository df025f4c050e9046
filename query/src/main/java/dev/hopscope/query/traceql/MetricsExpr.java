package dev.hopscope.query.traceql;

import java.util.List;
import java.util.Objects;

/**
 * A metrics query's tree: metrics pipelines, arithmetic between them and with numbers, and second
 * stages. Every node records where it starts, so errors can point at it.
 */
public sealed interface MetricsExpr {
  int position();

  /** {@code { } | rate() by (name)}: the spans of a search pipeline turned into series. */
  record Aggregation(SpansetExpr.Pipeline pipeline, MetricsAggregate aggregate, int position)
      implements MetricsExpr {
    public Aggregation {
      Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(aggregate, "aggregate");
    }

    @Override
    public String toString() {
      return MetricsPrinter.expr(this);
    }
  }

  /** Second stages after a metrics function or a whole expression: {@code | topk(5) > 1}. */
  record Staged(MetricsExpr inner, List<SecondStage> stages, int position) implements MetricsExpr {
    public Staged {
      Objects.requireNonNull(inner, "inner");
      stages = List.copyOf(stages);
    }

    @Override
    public String toString() {
      return MetricsPrinter.expr(this);
    }
  }

  /** {@code (A) / (B)}: series of both sides with the same labels combined step by step. */
  record Math(BinaryOp op, MetricsExpr left, MetricsExpr right, int position)
      implements MetricsExpr {
    public Math {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return MetricsPrinter.expr(this);
    }
  }

  /** {@code 100 * (A)}: every value of every series combined with a number. */
  record ScalarMath(
      BinaryOp op, Value scalar, MetricsExpr series, boolean scalarOnLeft, int position)
      implements MetricsExpr {
    public ScalarMath {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(scalar, "scalar");
      Objects.requireNonNull(series, "series");
    }

    @Override
    public String toString() {
      return MetricsPrinter.expr(this);
    }
  }

  /** A number literal as a double; durations in seconds. */
  static double asDouble(Value value) {
    return switch (value) {
      case Value.IntValue i -> i.value();
      case Value.FloatValue f -> f.value();
      case Value.DurationValue d -> d.nanos() / 1e9;
      default -> throw new IllegalArgumentException("not a number: " + value.toTraceQl());
    };
  }
}
