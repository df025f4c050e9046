package dev.hopscope.query.metrics;

import dev.hopscope.model.Trace;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.SpanPipeline;
import dev.hopscope.query.traceql.MetricsExpr;
import dev.hopscope.query.traceql.MetricsQuery;
import dev.hopscope.query.traceql.SecondStage;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs TraceQL metrics queries over a {@link TraceSource}: each metrics pipeline selects its spans
 * exactly as a search with that pipeline would, and its function turns them into series on the
 * request's steps. Where the store's per-grain span cells answer a pipeline exactly ({@link
 * CellPlan}), they are read instead of the spans; where the pipeline judges each span alone ({@link
 * SpanPlan}), the store hands over candidate spans without their traces; otherwise the traces of
 * the window are scanned. Stateless and thread-safe.
 */
public final class MetricsEngine {
  private MetricsEngine() {}

  public static MetricsEngine create() {
    return new MetricsEngine();
  }

  /**
   * The series of {@code query} on the steps of {@code request}. A limit that stops the scan
   * (traces read, wall time) ends it early with the series so far and {@link
   * MetricsResult#stoppedBy()} naming the limit.
   */
  public MetricsResult evaluate(
      TraceSource source,
      String tenant,
      MetricsQuery query,
      MetricsRequest request,
      SearchLimits limits) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(request, "request");
    MetricsRequest effective =
        query.exemplarsWanted()
            ? request
            : new MetricsRequest(
                request.startNanos(),
                request.endNanos(),
                request.stepNanos(),
                request.instant(),
                0);
    Scan scan = new Scan(source, tenant, effective, limits);
    List<TimeSeries> series = SeriesOps.finish(scan.expr(query.root()), effective);
    return new MetricsResult(
        series, effective, scan.inspectedTraces, scan.inspectedSpans, scan.stoppedBy);
  }

  /** One evaluation: the budget and counters shared by every pipeline of the query. */
  private static final class Scan {
    private final TraceSource source;
    private final String tenant;
    private final MetricsRequest request;
    private final SearchLimits limits;
    private final Instant deadline;
    long inspectedTraces;
    long inspectedSpans;
    Optional<String> stoppedBy = Optional.empty();

    Scan(TraceSource source, String tenant, MetricsRequest request, SearchLimits limits) {
      this.source = source;
      this.tenant = tenant;
      this.request = request;
      this.limits = limits;
      Instant now = limits.clock().instant();
      Instant end;
      try {
        end = now.plus(limits.timeout());
      } catch (ArithmeticException | java.time.DateTimeException e) {
        end = Instant.MAX;
      }
      this.deadline = end;
    }

    List<TimeSeries> expr(MetricsExpr expr) {
      return switch (expr) {
        case MetricsExpr.Aggregation aggregation -> aggregation(aggregation);
        case MetricsExpr.Staged staged -> {
          List<TimeSeries> series = expr(staged.inner());
          for (SecondStage stage : staged.stages()) {
            series = SeriesOps.stage(stage, series, request.intervals());
          }
          yield series;
        }
        case MetricsExpr.Math math ->
            SeriesOps.binary(math.op(), expr(math.left()), expr(math.right()));
        case MetricsExpr.ScalarMath scalar ->
            SeriesOps.scalar(
                scalar.op(), scalar.scalar(), scalar.scalarOnLeft(), expr(scalar.series()));
      };
    }

    private List<TimeSeries> aggregation(MetricsExpr.Aggregation aggregation) {
      SpanPipeline pipeline = SpanPipeline.of(aggregation.pipeline());
      CompareAggregator compare =
          aggregation
              .aggregate()
              .compare()
              .map(c -> new CompareAggregator(c, request))
              .orElse(null);
      SeriesAggregator series =
          compare == null ? new SeriesAggregator(aggregation.aggregate(), request) : null;
      if (series != null) {
        Optional<CellPlan> plan =
            CellPlan.of(aggregation.pipeline(), aggregation.aggregate(), request);
        if (plan.isPresent() && plan.get().run(source, tenant, series)) {
          inspectedSpans += plan.get().inspectedSpans;
          return series.result();
        }
        Optional<SpanPlan> spans =
            SpanPlan.of(aggregation.pipeline(), aggregation.aggregate(), request);
        if (spans.isPresent() && spans.get().run(source, tenant, series, limits, deadline)) {
          inspectedSpans += spans.get().inspectedSpans;
          stoppedBy = spans.get().stoppedBy;
          return series.result();
        }
      }
      // Spans start in (start, end]; a trace holding one overlaps [start, end + 1).
      TimeRange range = new TimeRange(request.startNanos(), request.endNanos() + 1);
      SearchRequest search =
          new SearchRequest(
              range, pipeline.storeHints(), SearchOrder.NEWEST_FIRST, Optional.empty());
      try (Stream<Trace> traces = source.search(tenant, search)) {
        Iterator<Trace> iterator = traces.iterator();
        while (stoppedBy.isEmpty() && iterator.hasNext()) {
          Trace trace = iterator.next();
          inspectedTraces++;
          inspectedSpans += trace.spans().size();
          pipeline.forEachMatch(
              trace,
              match -> {
                if (compare != null) {
                  compare.observe(match);
                } else {
                  // Without compare() the series aggregator is there.
                  Objects.requireNonNull(series).observe(match);
                }
              });
          stoppedBy = stopReason();
        }
      }
      return compare != null ? compare.result() : Objects.requireNonNull(series).result();
    }

    private Optional<String> stopReason() {
      if (inspectedTraces >= limits.maxInspectedTraces()) {
        return Optional.of(
            "stopped after inspecting "
                + inspectedTraces
                + " traces (the per-query limit); the series cover only those: narrow the time"
                + " range or the query, or raise the limit");
      }
      if (!limits.clock().instant().isBefore(deadline)) {
        return Optional.of(
            "stopped after "
                + limits.timeout()
                + " (the per-query time limit); the series cover only the traces read: narrow"
                + " the time range or the query, or raise the limit");
      }
      return Optional.empty();
    }
  }
}
