package dev.hopscope.query;

import dev.hopscope.query.traceql.AggregateKind;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.SpansetExpr;
import dev.hopscope.query.traceql.SpansetOp;
import dev.hopscope.query.traceql.Stage;
import dev.hopscope.query.traceql.Value;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a pipeline over one trace. The input is one spanset holding every span; each stage maps the
 * spansets it receives to new ones, and empty spansets are dropped, so the trace matches when any
 * spanset survives the last stage.
 */
final class SpansetEvaluator {
  private final FieldEvaluator fields;

  SpansetEvaluator(FieldEvaluator fields) {
    this.fields = fields;
  }

  List<Spanset> run(SpansetExpr.Pipeline pipeline, TraceContext context) {
    return pipeline(pipeline, List.of(Spanset.all(context)), context);
  }

  private List<Spanset> pipeline(
      SpansetExpr.Pipeline pipeline, List<Spanset> input, TraceContext context) {
    List<Spanset> current = input;
    for (Stage stage : pipeline.stages()) {
      current = stage(stage, current, context);
      if (current.isEmpty()) {
        break;
      }
    }
    return current;
  }

  private List<Spanset> stage(Stage stage, List<Spanset> input, TraceContext context) {
    List<Spanset> out = new ArrayList<>();
    switch (stage) {
      case SpansetExpr expression -> {
        for (Spanset spanset : input) {
          out.addAll(spanset(expression, spanset, context));
        }
      }
      case Stage.ScalarFilter scalar -> {
        for (Spanset spanset : input) {
          Optional<Value> value = aggregate(scalar.aggregate(), spanset, context);
          if (value.isPresent() && Values.compare(scalar.op(), value.get(), scalar.value())) {
            out.add(spanset.withAttribute(scalar.aggregate().toString(), value.get()));
          }
        }
      }
      case Stage.GroupBy by -> {
        for (Spanset spanset : input) {
          out.addAll(group(by.expression(), spanset, context));
        }
      }
      case Stage.Select select -> {
        for (Spanset spanset : input) {
          out.add(spanset.withSelected(select.fields()));
        }
      }
      case Stage.Coalesce coalesce -> {
        BitSet union = new BitSet();
        Set<FieldExpr> selected = new LinkedHashSet<>();
        for (Spanset spanset : input) {
          union.or(spanset.spans());
          selected.addAll(spanset.selected());
        }
        out.add(new Spanset(union, Map.of(), selected));
      }
    }
    return out;
  }

  private List<Spanset> spanset(SpansetExpr expression, Spanset input, TraceContext context) {
    return switch (expression) {
      case SpansetExpr.Filter filter -> {
        if (filter.condition().isEmpty()) {
          yield List.of(input);
        }
        BitSet kept = new BitSet();
        FieldExpr condition = filter.condition().get();
        for (int i = input.spans().nextSetBit(0); i >= 0; i = input.spans().nextSetBit(i + 1)) {
          if (fields.matches(condition, context, i)) {
            kept.set(i);
          }
        }
        yield kept.isEmpty() ? List.of() : List.of(input.withSpans(kept));
      }
      case SpansetExpr.Pipeline nested -> pipeline(nested, List.of(input), context);
      case SpansetExpr.Operation operation -> operation(operation, input, context);
    };
  }

  private List<Spanset> operation(
      SpansetExpr.Operation operation, Spanset input, TraceContext context) {
    List<Spanset> left = spanset(operation.left(), input, context);
    // Only || and the negated relations can match with nothing on the left.
    if (left.isEmpty() && operation.op() != SpansetOp.OR && !operation.op().isNegated()) {
      return List.of();
    }
    List<Spanset> right = spanset(operation.right(), input, context);
    BitSet leftSpans = union(left);
    BitSet rightSpans = union(right);
    BitSet result =
        switch (operation.op()) {
          case AND -> right.isEmpty() ? new BitSet() : or(leftSpans, rightSpans);
          case OR -> or(leftSpans, rightSpans);
          default -> Structure.evaluate(operation.op(), leftSpans, rightSpans, context);
        };
    if (result.isEmpty()) {
      return List.of();
    }
    Set<FieldExpr> selected = new LinkedHashSet<>(input.selected());
    left.forEach(s -> selected.addAll(s.selected()));
    right.forEach(s -> selected.addAll(s.selected()));
    return List.of(new Spanset(result, input.attributes(), selected));
  }

  private static BitSet union(List<Spanset> spansets) {
    BitSet union = new BitSet();
    for (Spanset spanset : spansets) {
      union.or(spanset.spans());
    }
    return union;
  }

  private static BitSet or(BitSet a, BitSet b) {
    BitSet union = (BitSet) a.clone();
    union.or(b);
    return union;
  }

  private List<Spanset> group(FieldExpr key, Spanset input, TraceContext context) {
    Map<Value, BitSet> groups = new LinkedHashMap<>();
    for (int i = input.spans().nextSetBit(0); i >= 0; i = input.spans().nextSetBit(i + 1)) {
      Value value = fields.evaluate(key, context, i);
      // Spans without a value for the key belong to no group, as in Tempo.
      if (!(value instanceof Value.NilValue) && !Values.isComposite(value)) {
        groups.computeIfAbsent(value, v -> new BitSet()).set(i);
      }
    }
    List<Spanset> out = new ArrayList<>(groups.size());
    groups.forEach(
        (value, spans) -> out.add(input.withSpans(spans).withAttribute(key.toString(), value)));
    return out;
  }

  /** The aggregate over the spanset; empty when no span has a numeric value for it. */
  private Optional<Value> aggregate(
      Stage.Aggregate aggregate, Spanset spanset, TraceContext context) {
    if (aggregate.kind() == AggregateKind.COUNT) {
      return Optional.of(new Value.IntValue(spanset.spans().cardinality()));
    }
    FieldExpr argument = aggregate.argument().orElseThrow();
    List<Value> values = new ArrayList<>();
    BitSet spans = spanset.spans();
    for (int i = spans.nextSetBit(0); i >= 0; i = spans.nextSetBit(i + 1)) {
      Value value = fields.evaluate(argument, context, i);
      if (Values.isNumeric(value)) {
        values.add(value);
      }
    }
    return Aggregates.compute(aggregate.kind(), values);
  }
}
