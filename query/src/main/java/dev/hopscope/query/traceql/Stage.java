package dev.hopscope.query.traceql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One step of a pipeline: {@code stage | stage | ...}. */
public sealed interface Stage
    permits SpansetExpr, Stage.ScalarFilter, Stage.GroupBy, Stage.Select, Stage.Coalesce {
  int position();

  /** {@code count()}, {@code avg(duration)}...; the argument is absent only for count. */
  record Aggregate(AggregateKind kind, Optional<FieldExpr> argument, int position) {
    public Aggregate {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(argument, "argument");
    }

    @Override
    public String toString() {
      return Printer.aggregate(this);
    }
  }

  /** {@code count() > 3}: keeps the spansets whose aggregate satisfies the comparison. */
  record ScalarFilter(Aggregate aggregate, BinaryOp op, Value value, int position)
      implements Stage {
    public ScalarFilter {
      Objects.requireNonNull(aggregate, "aggregate");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return Printer.stage(this);
    }
  }

  /** {@code by(expr)}: splits each spanset into one per value of the expression. */
  record GroupBy(FieldExpr expression, int position) implements Stage {
    public GroupBy {
      Objects.requireNonNull(expression, "expression");
    }

    @Override
    public String toString() {
      return Printer.stage(this);
    }
  }

  /** {@code select(a, b)}: reports these fields for every matched span. */
  record Select(List<FieldExpr> fields, int position) implements Stage {
    public Select {
      fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
      return Printer.stage(this);
    }
  }

  /** {@code coalesce()}: merges all spansets into one. */
  record Coalesce(int position) implements Stage {
    @Override
    public String toString() {
      return Printer.stage(this);
    }
  }
}
