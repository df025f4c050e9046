package dev.hopscope.query.traceql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An expression whose value is a set of spansets; also usable as a pipeline stage. */
public sealed interface SpansetExpr extends Stage {

  /** {@code { condition }}; empty for {@code {}}, which keeps every span. */
  record Filter(Optional<FieldExpr> condition, int position) implements SpansetExpr {
    public Filter {
      Objects.requireNonNull(condition, "condition");
    }

    @Override
    public String toString() {
      return Printer.stage(this);
    }
  }

  record Operation(SpansetOp op, SpansetExpr left, SpansetExpr right, int position)
      implements SpansetExpr {
    public Operation {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return Printer.stage(this);
    }
  }

  /** {@code a | b | c}; the root of every query, and nested where written in parentheses. */
  record Pipeline(List<Stage> stages, int position) implements SpansetExpr {
    public Pipeline {
      stages = List.copyOf(stages);
      if (stages.isEmpty()) {
        throw new IllegalArgumentException("a pipeline needs at least one stage");
      }
    }

    @Override
    public String toString() {
      return Printer.pipeline(this);
    }
  }
}
