package dev.hopscope.query;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Trace;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.TraceQlException;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs TraceQL over a {@link TraceSource}: parse and validate, derive store hints, fetch candidates
 * in order, evaluate each, and page. Stateless and thread-safe.
 */
public final class TraceQlEngine {
  private TraceQlEngine() {}

  public static TraceQlEngine create() {
    return new TraceQlEngine();
  }

  /**
   * Parses and validates a query.
   *
   * @throws TraceQlException with the position and what was expected there
   */
  public TraceQlQuery parse(String query) {
    return TraceQlQuery.parse(query);
  }

  /** The hints a search for this query passes to the store; each is a necessary condition. */
  public List<SearchHint> storeHints(TraceQlQuery query) {
    return QueryPlanner.hints(query);
  }

  /**
   * One page of traces matching {@code query} with a span in {@code range}.
   *
   * @param limit the most traces on the page, at least 1
   * @param after the {@link SearchResult#next()} of the previous page
   * @throws TraceQlException when the query does not parse or validate
   */
  public SearchResult search(
      TraceSource source,
      String tenant,
      String query,
      TimeRange range,
      int limit,
      SearchOrder order,
      Optional<SearchCursor> after) {
    return search(source, tenant, parse(query), range, limit, order, after, SearchLimits.NONE);
  }

  /** As {@link #search(TraceSource, String, String, TimeRange, int, SearchOrder, Optional)}. */
  public SearchResult search(
      TraceSource source,
      String tenant,
      TraceQlQuery query,
      TimeRange range,
      int limit,
      SearchOrder order,
      Optional<SearchCursor> after,
      SearchLimits limits) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(limits, "limits");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be at least 1; received " + limit);
    }
    SearchRequest request = new SearchRequest(range, storeHints(query), order, after);
    Evaluation evaluation = new Evaluation(query);
    Instant deadline = deadline(limits);
    List<TraceMatch> matches = new ArrayList<>();
    long inspected = 0;
    try (Stream<Trace> candidates = source.search(tenant, request)) {
      Iterator<Trace> iterator = candidates.iterator();
      while (iterator.hasNext()) {
        Trace trace = iterator.next();
        inspected++;
        evaluation.match(trace).ifPresent(matches::add);
        if (matches.size() >= limit) {
          return new SearchResult(
              matches, Optional.of(cursor(order, trace)), inspected, Optional.empty());
        }
        Optional<String> stop = stopReason(limits, inspected, deadline);
        if (stop.isPresent() && iterator.hasNext()) {
          return new SearchResult(matches, Optional.of(cursor(order, trace)), inspected, stop);
        }
      }
    }
    return new SearchResult(matches, Optional.empty(), inspected, Optional.empty());
  }

  private static Instant deadline(SearchLimits limits) {
    try {
      return limits.clock().instant().plus(limits.timeout());
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }

  private static Optional<String> stopReason(
      SearchLimits limits, long inspected, Instant deadline) {
    if (inspected >= limits.maxInspectedTraces()) {
      return Optional.of(
          "stopped after inspecting "
              + inspected
              + " traces (the per-query limit); narrow the time range or the query, continue"
              + " with the cursor, or raise the limit");
    }
    if (!limits.clock().instant().isBefore(deadline)) {
      return Optional.of(
          "stopped after "
              + limits.timeout()
              + " (the per-query time limit); narrow the time range or the query, continue with"
              + " the cursor, or raise the limit");
    }
    return Optional.empty();
  }

  private static SearchCursor cursor(SearchOrder order, Trace trace) {
    return new SearchCursor(order.sortKey(trace), trace.traceId());
  }

  /** The match of one trace, or empty when it does not match. */
  public Optional<TraceMatch> evaluate(Trace trace, TraceQlQuery query) {
    return new Evaluation(query).match(trace);
  }

  /**
   * True when the trace matches.
   *
   * @throws TraceQlException when the query does not parse or validate
   */
  public boolean matches(Trace trace, String query) {
    return evaluate(trace, parse(query)).isPresent();
  }

  /** The evaluation state of one query: compiled patterns and the fields to report. */
  private static final class Evaluation {
    private final TraceQlQuery query;
    private final FieldEvaluator fields = new FieldEvaluator();
    private final SpansetEvaluator spansets = new SpansetEvaluator(fields);
    private final List<FieldExpr.Attribute> compared;

    Evaluation(TraceQlQuery query) {
      this.query = query;
      this.compared = ComparedAttributes.of(query);
    }

    Optional<TraceMatch> match(Trace trace) {
      if (trace.spans().isEmpty()) {
        return Optional.empty();
      }
      TraceContext context = new TraceContext(trace);
      List<Spanset> result = spansets.run(query.pipeline(), context);
      if (result.isEmpty()) {
        return Optional.empty();
      }
      List<MatchedSpanset> out = new ArrayList<>(result.size());
      for (Spanset spanset : result) {
        out.add(report(spanset, context));
      }
      return Optional.of(new TraceMatch(trace, out));
    }

    private MatchedSpanset report(Spanset spanset, TraceContext context) {
      List<MatchedSpan> spans = new ArrayList<>(spanset.spans().cardinality());
      for (int i = spanset.spans().nextSetBit(0); i >= 0; i = spanset.spans().nextSetBit(i + 1)) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        for (FieldExpr.Attribute attribute : compared) {
          put(attributes, attribute, context, i);
        }
        for (FieldExpr field : spanset.selected()) {
          put(attributes, field, context, i);
        }
        spans.add(new MatchedSpan(context.span(i), attributes));
      }
      Map<String, AttributeValue> attributes = new LinkedHashMap<>();
      spanset
          .attributes()
          .forEach(
              (key, value) -> {
                AttributeValue reported = Values.toAttribute(value);
                if (reported != null) {
                  attributes.put(key, reported);
                }
              });
      return new MatchedSpanset(spans, attributes);
    }

    private void put(
        Map<String, AttributeValue> attributes, FieldExpr field, TraceContext context, int i) {
      AttributeValue value = Values.toAttribute(fields.evaluate(field, context, i));
      if (value != null) {
        attributes.put(field.toString(), value);
      }
    }
  }
}
