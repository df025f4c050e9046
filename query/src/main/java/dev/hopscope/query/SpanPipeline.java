package dev.hopscope.query;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.SpansetExpr;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.query.traceql.Value;
import dev.hopscope.store.SearchHint;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spans a search pipeline selects, one trace at a time, for the metrics engine: the same
 * evaluation as search, so a metrics query counts exactly the spans a search with its pipeline
 * returns. Not thread-safe (compiled regexes are cached): one per query run.
 */
public final class SpanPipeline {
  private final SpansetExpr.Pipeline pipeline;
  private final FieldEvaluator fields = new FieldEvaluator();
  private final SpansetEvaluator spansets = new SpansetEvaluator(fields);

  private SpanPipeline(SpansetExpr.Pipeline pipeline) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
  }

  public static SpanPipeline of(SpansetExpr.Pipeline pipeline) {
    return new SpanPipeline(pipeline);
  }

  /** The store hints of the pipeline: necessary conditions only, as for a search. */
  public List<SearchHint> storeHints() {
    return QueryPlanner.hints(new TraceQlQuery(pipeline.toString(), pipeline, Map.of()));
  }

  /** One selected span and its trace, with the pipeline's evaluator for fields of it. */
  public interface MatchedSpan {
    Span span();

    /** The value of a field for this span; {@code nil} when the span has none. */
    Value field(FieldExpr field);

    /** True when the span satisfies a filter condition, as in {@code { condition }}. */
    boolean matches(FieldExpr condition);
  }

  /** Calls {@code visitor} once per span in any spanset the pipeline leaves for this trace. */
  public void forEachMatch(Trace trace, java.util.function.Consumer<MatchedSpan> visitor) {
    if (trace.spans().isEmpty()) {
      return;
    }
    TraceContext context = new TraceContext(trace);
    BitSet selected = new BitSet(context.size());
    for (Spanset spanset : spansets.run(pipeline, context)) {
      selected.or(spanset.spans());
    }
    for (int i = selected.nextSetBit(0); i >= 0; i = selected.nextSetBit(i + 1)) {
      int index = i;
      visitor.accept(
          new MatchedSpan() {
            @Override
            public Span span() {
              return context.span(index);
            }

            @Override
            public Value field(FieldExpr field) {
              return fields.evaluate(field, context, index);
            }

            @Override
            public boolean matches(FieldExpr condition) {
              return fields.matches(condition, context, index);
            }
          });
    }
  }
}
