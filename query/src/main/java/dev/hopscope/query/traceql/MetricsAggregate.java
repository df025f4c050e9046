package dev.hopscope.query.traceql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A metrics function with its arguments: {@code quantile_over_time(duration, .5, .99) by (name)}.
 *
 * @param attribute the field the {@code *_over_time} functions read; empty for rate,
 *     count_over_time and compare
 * @param quantiles the quantiles of quantile_over_time, each in [0, 1]
 * @param by the fields that split the result into series, at most {@link #MAX_GROUP_BY}
 * @param compare the arguments of {@code compare(...)}, present only for it
 */
public record MetricsAggregate(
    MetricsFunction function,
    Optional<FieldExpr> attribute,
    List<Double> quantiles,
    List<FieldExpr> by,
    Optional<Compare> compare,
    int position) {
  /** Tempo's limit on group-by fields, kept so queries that run here also run there. */
  public static final int MAX_GROUP_BY = 5;

  public MetricsAggregate {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(compare, "compare");
    quantiles = List.copyOf(quantiles);
    by = List.copyOf(by);
  }

  /**
   * {@code compare({filter}, topN, start, end)}: spans matching the filter (inside the window when
   * one is given) are the selection, the others the baseline.
   *
   * @param start unix nanoseconds, 0 when no window is given (then {@code end} is 0 too)
   */
  public record Compare(SpansetExpr.Filter selection, int topN, long start, long end) {
    /** Tempo's default number of values kept per attribute. */
    public static final int DEFAULT_TOP_N = 10;

    public static final int MAX_TOP_N = 1000;

    public Compare {
      Objects.requireNonNull(selection, "selection");
    }
  }

  @Override
  public String toString() {
    return MetricsPrinter.aggregate(this);
  }
}
