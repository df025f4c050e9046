package dev.hopscope.server.api;

import dev.hopscope.model.Trace;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.SearchResult;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The traces an aggregate is computed over: every trace in the window, or those a TraceQL query
 * selects, newest first, at most {@code max} (the answer says when the cap was hit).
 */
final class TraceSets {
  private final TraceSource source;
  private final TraceQlEngine engine;
  private final SearchLimits limits;

  TraceSets(TraceSource source, TraceQlEngine engine, SearchLimits limits) {
    this.source = source;
    this.engine = engine;
    this.limits = limits;
  }

  /** The selected traces and whether more matched than were taken. */
  record Selection(List<Trace> traces, boolean capped) {}

  Selection select(String tenant, String query, TimeRange range, int max) {
    List<Trace> traces = new ArrayList<>();
    Optional<SearchCursor> after = Optional.empty();
    while (traces.size() < max) {
      SearchResult page =
          SearchApi.run(
              engine,
              source,
              tenant,
              query,
              range,
              Math.min(500, max - traces.size()),
              SearchOrder.NEWEST_FIRST,
              after,
              limits);
      for (TraceMatch match : page.traces()) {
        traces.add(match.trace());
      }
      if (page.next().isEmpty() || page.traces().isEmpty() && page.stoppedBy().isPresent()) {
        return new Selection(traces, false);
      }
      after = page.next();
    }
    return new Selection(traces, true);
  }
}
