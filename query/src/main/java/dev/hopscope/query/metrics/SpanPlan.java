package dev.hopscope.query.metrics;

import dev.hopscope.model.Trace;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.SpanPipeline;
import dev.hopscope.query.traceql.AttributeScope;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.MetricsAggregate;
import dev.hopscope.query.traceql.SpansetExpr;
import dev.hopscope.query.traceql.Stage;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers a metrics pipeline from the store's spans one at a time instead of whole traces, when
 * every field it reads belongs to the span itself: one {@code { }} whose condition, by() and
 * function read the span's own intrinsics and its span, resource, event and link attributes — not
 * the trace (root, trace duration), the parent, children or nested sets. Such a span matches alone
 * exactly as inside its trace, so each candidate is judged as a trace of one span by the evaluator
 * a scan uses; the store hands over only rows its hints pass, without fetching traces.
 */
final class SpanPlan {
  private static final int CHECK_EVERY = 4096;

  private final SpanPipeline pipeline;
  private final MetricsRequest request;
  long inspectedSpans;
  Optional<String> stoppedBy = Optional.empty();

  private SpanPlan(SpanPipeline pipeline, MetricsRequest request) {
    this.pipeline = pipeline;
    this.request = request;
  }

  static Optional<SpanPlan> of(
      SpansetExpr.Pipeline pipeline, MetricsAggregate aggregate, MetricsRequest request) {
    if (aggregate.compare().isPresent() || pipeline.stages().size() != 1) {
      return Optional.empty();
    }
    Stage stage = pipeline.stages().get(0);
    if (!(stage instanceof SpansetExpr.Filter filter)
        || !filter.condition().map(SpanPlan::spanLocal).orElse(true)
        || !aggregate.attribute().map(SpanPlan::spanLocal).orElse(true)) {
      return Optional.empty();
    }
    for (FieldExpr field : aggregate.by()) {
      if (!spanLocal(field)) {
        return Optional.empty();
      }
    }
    return Optional.of(new SpanPlan(SpanPipeline.of(pipeline), request));
  }

  /**
   * Feeds the matching spans to {@code series}; false, having fed nothing, when the source cannot
   * hand spans over alone (then the caller scans traces). A time limit that stops it sets {@link
   * #stoppedBy}; the series then hold the spans read.
   */
  boolean run(
      TraceSource source,
      String tenant,
      SeriesAggregator series,
      SearchLimits limits,
      Instant deadline) {
    // Spans start in (start, end] (or [start, end] for an instant query): one window holds both.
    TimeRange range = new TimeRange(request.startNanos(), request.endNanos() + 1);
    try {
      return source.spans(
          tenant,
          range,
          pipeline.storeHints(),
          span -> {
            inspectedSpans++;
            if (inspectedSpans % CHECK_EVERY == 0 && !limits.clock().instant().isBefore(deadline)) {
              throw new TimeUp();
            }
            pipeline.forEachMatch(new Trace(span.traceId(), List.of(span)), series::observe);
          });
    } catch (TimeUp e) {
      stoppedBy =
          Optional.of(
              "stopped after "
                  + limits.timeout()
                  + " (the per-query time limit); the series cover only the spans read: narrow"
                  + " the time range or the query, or raise the limit");
      return true;
    }
  }

  /** True when the field reads nothing outside the span (and its resource, events and links). */
  static boolean spanLocal(FieldExpr field) {
    return switch (field) {
      case FieldExpr.Literal literal -> true;
      case FieldExpr.IntrinsicField intrinsic ->
          switch (intrinsic.intrinsic()) {
            case NAME,
                STATUS,
                STATUS_MESSAGE,
                KIND,
                DURATION,
                TRACE_ID,
                SPAN_ID,
                PARENT_ID,
                INSTRUMENTATION_NAME,
                INSTRUMENTATION_VERSION,
                EVENT_NAME,
                EVENT_TIME_SINCE_START,
                LINK_TRACE_ID,
                LINK_SPAN_ID ->
                true;
            default -> false;
          };
      case FieldExpr.Attribute attribute -> attribute.scope() != AttributeScope.PARENT;
      case FieldExpr.Binary binary -> spanLocal(binary.left()) && spanLocal(binary.right());
      case FieldExpr.Unary unary -> spanLocal(unary.operand());
      case FieldExpr.UnknownName unknown -> false;
    };
  }

  /** Unwinds the store's read when the query's time is up; never leaves this class. */
  private static final class TimeUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimeUp() {
      super(null, null, false, false);
    }
  }
}
