package dev.hopscope.query.metrics;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.query.SpanPipeline;
import dev.hopscope.query.traceql.AttributeScope;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.Intrinsic;
import dev.hopscope.query.traceql.MetricsAggregate;
import dev.hopscope.query.traceql.MetricsFunction;
import dev.hopscope.query.traceql.SpansetExpr;
import dev.hopscope.query.traceql.Stage;
import dev.hopscope.query.traceql.Value;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.cells.SpanCells;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Answers a metrics pipeline from the store's {@link SpanCell}s instead of its spans, when that
 * gives the same series: the filter and by() read only what a cell keys (service, name, kind,
 * status), the function reads only the duration, and the steps are whole grains. Each distinct key
 * is judged once, on a stand-in span that has only those fields, by the same evaluator a scan uses,
 * so the two paths cannot disagree on which spans match or how they group.
 */
final class CellPlan {
  private static final Resource NO_SERVICE = Resource.of(Attributes.empty());
  private static final TraceId STAND_IN_TRACE = new TraceId(0, 1);
  private static final SpanId STAND_IN_SPAN = new SpanId(1);

  private final SpanPipeline pipeline;
  private final MetricsAggregate aggregate;
  private final MetricsRequest request;
  // Per cell key: the by() values of a matching stand-in, or empty when it does not match.
  private final Map<CellKey, Optional<List<Value>>> judged = new HashMap<>();
  long inspectedSpans;

  private CellPlan(SpanPipeline pipeline, MetricsAggregate aggregate, MetricsRequest request) {
    this.pipeline = pipeline;
    this.aggregate = aggregate;
    this.request = request;
  }

  /** A plan when cells can answer this pipeline and request exactly, else empty. */
  static Optional<CellPlan> of(
      SpansetExpr.Pipeline pipeline, MetricsAggregate aggregate, MetricsRequest request) {
    if (!wholeGrains(request) || !readsOnlyDuration(aggregate) || !filterOnKeys(pipeline)) {
      return Optional.empty();
    }
    for (FieldExpr field : aggregate.by()) {
      if (!onKeys(field)) {
        return Optional.empty();
      }
    }
    return Optional.of(new CellPlan(SpanPipeline.of(pipeline), aggregate, request));
  }

  /**
   * Feeds the source's cells to {@code series}; false, having fed nothing, when the source keeps no
   * cells for the whole window (then the caller scans).
   */
  boolean run(TraceSource source, String tenant, SeriesAggregator series) {
    long firstGrain = Math.floorDiv(request.startNanos(), SpanCells.GRAIN_NANOS);
    long endGrain = Math.floorDiv(request.endNanos(), SpanCells.GRAIN_NANOS);
    return source.spanCells(
        tenant,
        firstGrain,
        endGrain,
        cell -> {
          Optional<List<Value>> by = judged.computeIfAbsent(CellKey.of(cell), this::judge);
          if (by.isPresent()) {
            int interval = request.interval((cell.grain() + 1) * SpanCells.GRAIN_NANOS);
            if (interval >= 0) {
              inspectedSpans += cell.count();
              series.observeCell(by.get(), interval, cell);
            }
          }
        });
  }

  private Optional<List<Value>> judge(CellKey key) {
    Resource resource =
        key.service() == null
            ? NO_SERVICE
            : Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of(key.service())));
    Span standIn =
        Span.builder(STAND_IN_TRACE, STAND_IN_SPAN)
            .name(key.name())
            .kind(key.kind())
            .status(new Status(key.status(), ""))
            .startNanos(request.startNanos() + 1)
            .endNanos(request.startNanos() + 1)
            .resource(resource)
            .build();
    List<List<Value>> found = new ArrayList<>(1);
    pipeline.forEachMatch(
        new Trace(STAND_IN_TRACE, List.of(standIn)),
        match -> {
          List<Value> by = new ArrayList<>(aggregate.by().size());
          for (FieldExpr field : aggregate.by()) {
            by.add(match.field(field));
          }
          found.add(by);
        });
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static boolean wholeGrains(MetricsRequest request) {
    return !request.instant()
        && request.stepNanos() % SpanCells.GRAIN_NANOS == 0
        && Math.floorMod(request.startNanos(), SpanCells.GRAIN_NANOS) == 0;
  }

  private static boolean readsOnlyDuration(MetricsAggregate aggregate) {
    if (aggregate.compare().isPresent() || aggregate.function() == MetricsFunction.COMPARE) {
      return false;
    }
    return aggregate
        .attribute()
        .map(
            field ->
                field instanceof FieldExpr.IntrinsicField intrinsic
                    && intrinsic.intrinsic() == Intrinsic.DURATION)
        .orElse(true);
  }

  private static boolean filterOnKeys(SpansetExpr.Pipeline pipeline) {
    if (pipeline.stages().size() != 1) {
      return false;
    }
    Stage stage = pipeline.stages().get(0);
    return stage instanceof SpansetExpr.Filter filter
        && filter.condition().map(CellPlan::onKeys).orElse(true);
  }

  /** True when the field reads nothing but literals and what a cell keys. */
  private static boolean onKeys(FieldExpr field) {
    return switch (field) {
      case FieldExpr.Literal literal -> true;
      case FieldExpr.IntrinsicField intrinsic ->
          switch (intrinsic.intrinsic()) {
            case NAME, KIND, STATUS -> true;
            default -> false;
          };
      case FieldExpr.Attribute attribute ->
          attribute.scope() == AttributeScope.RESOURCE
              && attribute.name().equals(Resource.SERVICE_NAME);
      case FieldExpr.Binary binary -> onKeys(binary.left()) && onKeys(binary.right());
      case FieldExpr.Unary unary -> onKeys(unary.operand());
      case FieldExpr.UnknownName unknown -> false;
    };
  }

  private record CellKey(@Nullable String service, String name, SpanKind kind, StatusCode status) {
    static CellKey of(SpanCell cell) {
      return new CellKey(cell.service(), cell.name(), cell.kind(), cell.status());
    }
  }
}
