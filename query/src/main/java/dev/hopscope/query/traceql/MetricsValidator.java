package dev.hopscope.query.traceql;

import java.util.List;
import java.util.Map;

/** Semantic checks on a metrics query: its pipelines, functions, second stages and hints. */
final class MetricsValidator {
  private final String query;

  private MetricsValidator(String query) {
    this.query = query;
  }

  static void validate(String query, MetricsExpr root, Map<String, Value> hints) {
    MetricsValidator validator = new MetricsValidator(query);
    validator.expr(root, true);
    validator.hints(hints);
  }

  /**
   * @param alone false inside arithmetic: compare()'s series (baseline and selection per attribute
   *     value) have no meaning there, nor under topk or a filter
   */
  private void expr(MetricsExpr expr, boolean alone) {
    switch (expr) {
      case MetricsExpr.Aggregation aggregation -> {
        Validator.validate(query, aggregation.pipeline());
        aggregate(aggregation.aggregate(), alone);
      }
      case MetricsExpr.Staged staged -> {
        for (SecondStage stage : staged.stages()) {
          stage(stage);
        }
        expr(staged.inner(), false);
      }
      case MetricsExpr.Math math -> {
        expr(math.left(), false);
        expr(math.right(), false);
      }
      case MetricsExpr.ScalarMath scalar -> {
        finite(scalar.scalar(), scalar.position());
        expr(scalar.series(), false);
      }
    }
  }

  private void stage(SecondStage stage) {
    switch (stage) {
      case SecondStage.TopK topK -> {
        if (topK.count() < 1) {
          throw error(
              topK.position(),
              (topK.bottom() ? "bottomk" : "topk")
                  + "() keeps at least one series; use 1 or more, e.g. topk(10)");
        }
      }
      case SecondStage.Filter filter -> finite(filter.value(), filter.position());
    }
  }

  private void finite(Value value, int position) {
    if (!Double.isFinite(MetricsExpr.asDouble(value))) {
      throw error(
          position, "the number here is not finite (a division by zero?); use a plain number");
    }
  }

  private void aggregate(MetricsAggregate aggregate, boolean alone) {
    String function = aggregate.function().text();
    aggregate.attribute().ifPresent(field -> Validator.metricsField(query, field, function, true));
    for (double q : aggregate.quantiles()) {
      if (!(q >= 0 && q <= 1)) {
        throw error(
            aggregate.position(),
            "quantile " + q + " is outside 0 to 1; write quantiles as fractions, e.g. .99 for p99");
      }
    }
    List<FieldExpr> by = aggregate.by();
    if (by.size() > MetricsAggregate.MAX_GROUP_BY) {
      throw error(
          by.get(MetricsAggregate.MAX_GROUP_BY).position(),
          "by() takes at most "
              + MetricsAggregate.MAX_GROUP_BY
              + " fields (Tempo's limit too); drop some or filter on them instead");
    }
    for (FieldExpr field : by) {
      Validator.metricsField(query, field, "by", false);
    }
    aggregate.compare().ifPresent(compare -> compare(compare, aggregate.position(), alone));
  }

  private void compare(MetricsAggregate.Compare compare, int position, boolean alone) {
    if (!alone) {
      throw error(
          position,
          "compare() gives baseline and selection series per attribute value; it cannot be"
              + " ranked, filtered or used in arithmetic, so run it on its own");
    }
    Validator.validate(query, new SpansetExpr.Pipeline(List.of(compare.selection()), position));
    if (compare.topN() < 1 || compare.topN() > MetricsAggregate.Compare.MAX_TOP_N) {
      throw error(
          position,
          "compare() keeps 1 to "
              + MetricsAggregate.Compare.MAX_TOP_N
              + " values per attribute; received "
              + compare.topN());
    }
    if (compare.start() == 0 && compare.end() == 0) {
      return;
    }
    if (compare.start() <= 0 || compare.end() <= 0) {
      throw error(position, "compare() start and end are unix nanoseconds, both above 0");
    }
    if (compare.end() <= compare.start()) {
      throw error(position, "compare() end must be after start");
    }
  }

  private void hints(Map<String, Value> hints) {
    int at = Math.max(0, query.lastIndexOf("with"));
    Value exemplars = hints.get("exemplars");
    if (exemplars != null && !(exemplars instanceof Value.BoolValue)) {
      throw error(at, "hint exemplars takes true or false, found " + exemplars.toTraceQl());
    }
    Value sample = hints.get("sample");
    if (sample != null && !(sample instanceof Value.BoolValue)) {
      double fraction =
          sample instanceof Value.IntValue || sample instanceof Value.FloatValue
              ? MetricsExpr.asDouble(sample)
              : Double.NaN;
      if (!(fraction > 0 && fraction <= 1)) {
        throw error(
            at,
            "hint sample takes true, false or a fraction in (0, 1], found " + sample.toTraceQl());
      }
    }
  }

  private TraceQlException error(int offset, String reason) {
    return new TraceQlException(TraceQlException.Phase.VALIDATE, query, offset, reason);
  }
}
