package dev.hopscope.query;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Resource;
import dev.hopscope.query.traceql.AttributeScope;
import dev.hopscope.query.traceql.BinaryOp;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.Intrinsic;
import dev.hopscope.query.traceql.SpansetExpr;
import dev.hopscope.query.traceql.SpansetOp;
import dev.hopscope.query.traceql.Stage;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.query.traceql.Value;
import dev.hopscope.store.SearchHint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Derives store hints from a query. A hint is emitted only for a condition that every matching
 * trace must meet: a comparison reached from a spanset filter through {@code &&} alone, in a filter
 * that must itself match (a pipeline stage, either side of {@code &&} or a structural operator).
 * Nothing is taken from under {@code ||} or {@code !}. Stores may ignore hints; answers never
 * depend on them.
 */
final class QueryPlanner {
  private QueryPlanner() {}

  static List<SearchHint> hints(TraceQlQuery query) {
    Set<SearchHint> hints = new LinkedHashSet<>();
    pipeline(query.pipeline(), hints);
    return new ArrayList<>(hints);
  }

  private static void pipeline(SpansetExpr.Pipeline pipeline, Set<SearchHint> hints) {
    for (Stage stage : pipeline.stages()) {
      if (stage instanceof SpansetExpr expression) {
        spanset(expression, hints);
      }
    }
  }

  private static void spanset(SpansetExpr expression, Set<SearchHint> hints) {
    switch (expression) {
      case SpansetExpr.Filter filter -> filter.condition().ifPresent(c -> conjuncts(c, hints));
      case SpansetExpr.Pipeline nested -> pipeline(nested, hints);
      case SpansetExpr.Operation operation -> {
        // For && and the structural relations both sides must match; for || neither; for a
        // negated relation only the right-hand side.
        if (operation.op() != SpansetOp.OR) {
          if (!operation.op().isNegated()) {
            spanset(operation.left(), hints);
          }
          spanset(operation.right(), hints);
        }
      }
    }
  }

  private static void conjuncts(FieldExpr condition, Set<SearchHint> hints) {
    if (condition instanceof FieldExpr.Binary binary) {
      if (binary.op() == BinaryOp.AND) {
        conjuncts(binary.left(), hints);
        conjuncts(binary.right(), hints);
      } else if (binary.op().isComparison()) {
        comparison(binary, hints);
      }
    }
  }

  private static void comparison(FieldExpr.Binary binary, Set<SearchHint> hints) {
    FieldExpr field = binary.left();
    FieldExpr other = binary.right();
    BinaryOp op = binary.op();
    if (field instanceof FieldExpr.Literal) {
      field = binary.right();
      other = binary.left();
      op = mirror(op);
    }
    if (!(other instanceof FieldExpr.Literal literal)) {
      return;
    }
    Value value = literal.value();
    switch (field) {
      case FieldExpr.IntrinsicField intrinsic -> intrinsic(intrinsic.intrinsic(), op, value, hints);
      case FieldExpr.Attribute attribute -> attribute(attribute, op, value, hints);
      default -> {}
    }
  }

  private static BinaryOp mirror(BinaryOp op) {
    return switch (op) {
      case LT -> BinaryOp.GT;
      case LTE -> BinaryOp.GTE;
      case GT -> BinaryOp.LT;
      case GTE -> BinaryOp.LTE;
      default -> op;
    };
  }

  private static void intrinsic(
      Intrinsic intrinsic, BinaryOp op, Value value, Set<SearchHint> hints) {
    switch (intrinsic) {
      // The root is one of the trace's spans, so its name and service are some span's too.
      case NAME, ROOT_NAME -> {
        if (op == BinaryOp.EQ && value instanceof Value.StringValue s) {
          hints.add(new SearchHint.SpanName(s.value()));
        }
      }
      case ROOT_SERVICE_NAME -> {
        if (op == BinaryOp.EQ && value instanceof Value.StringValue s) {
          hints.add(new SearchHint.ServiceName(s.value()));
        }
      }
      case STATUS -> {
        if (op == BinaryOp.EQ && value instanceof Value.StatusValue s) {
          hints.add(new SearchHint.Status(s.code()));
        }
      }
      case DURATION -> {
        lowerBound(op, value).ifPresent(min -> hints.add(new SearchHint.MinSpanDuration(min)));
        upperBound(op, value).ifPresent(max -> hints.add(new SearchHint.MaxSpanDuration(max)));
      }
      // Only a lower bound for the whole trace: fast traces are most traces, so an upper bound
      // would save nothing; "slow traces" are what people look for.
      case TRACE_DURATION ->
          lowerBound(op, value).ifPresent(min -> hints.add(new SearchHint.MinTraceDuration(min)));
      default -> {}
    }
  }

  /** Durations and ints compare exactly as nanoseconds; floats are skipped. */
  private static OptionalLong nanos(Value value) {
    if (value instanceof Value.DurationValue d) {
      return OptionalLong.of(d.nanos());
    }
    if (value instanceof Value.IntValue i) {
      return OptionalLong.of(i.value());
    }
    return OptionalLong.empty();
  }

  /** The least duration, inclusive, that {@code duration op value} allows. */
  private static OptionalLong lowerBound(BinaryOp op, Value value) {
    OptionalLong exact = nanos(value);
    if (exact.isEmpty()) {
      return exact;
    }
    long nanos = exact.getAsLong();
    return switch (op) {
      case GT -> nanos < Long.MAX_VALUE ? OptionalLong.of(nanos + 1) : OptionalLong.empty();
      case GTE, EQ -> exact;
      default -> OptionalLong.empty();
    };
  }

  /** The greatest duration, inclusive, that {@code duration op value} allows. */
  private static OptionalLong upperBound(BinaryOp op, Value value) {
    OptionalLong exact = nanos(value);
    if (exact.isEmpty()) {
      return exact;
    }
    long nanos = exact.getAsLong();
    return switch (op) {
      case LT -> nanos > Long.MIN_VALUE ? OptionalLong.of(nanos - 1) : OptionalLong.empty();
      case LTE, EQ -> exact;
      default -> OptionalLong.empty();
    };
  }

  /**
   * Only string and boolean equality: an int literal also equals a double attribute, which an exact
   * {@link SearchHint.AttributeEquals} would miss.
   */
  private static void attribute(
      FieldExpr.Attribute attribute, BinaryOp op, Value value, Set<SearchHint> hints) {
    if (op != BinaryOp.EQ) {
      return;
    }
    SearchHint.Scope scope =
        switch (attribute.scope()) {
          case SPAN -> SearchHint.Scope.SPAN;
          case RESOURCE -> SearchHint.Scope.RESOURCE;
          case NONE -> SearchHint.Scope.ANY;
          default -> null;
        };
    if (scope == null) {
      return;
    }
    if (value instanceof Value.StringValue s) {
      if (attribute.scope() == AttributeScope.RESOURCE
          && attribute.name().equals(Resource.SERVICE_NAME)) {
        hints.add(new SearchHint.ServiceName(s.value()));
      } else {
        hints.add(
            new SearchHint.AttributeEquals(scope, attribute.name(), AttributeValue.of(s.value())));
      }
    } else if (value instanceof Value.BoolValue b) {
      hints.add(
          new SearchHint.AttributeEquals(scope, attribute.name(), AttributeValue.of(b.value())));
    }
  }
}
