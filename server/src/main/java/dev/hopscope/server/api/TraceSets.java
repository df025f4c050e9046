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
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The traces an aggregate is computed over: every trace in the window, or those a TraceQL query
 * selects, at most {@code max} (the answer says when the cap was hit). Traces are handed over one
 * at a time so that an aggregate never holds the window in memory.
 */
final class TraceSets {
  /** Large pages: every page of a search pays for one pass over the window. */
  private static final int PAGE = 5_000;

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
    boolean capped = forEach(tenant, query, range, max, traces::add);
    return new Selection(traces, capped);
  }

  /** True for a query every trace matches as written: none, or an empty spanset filter. */
  static boolean everyTrace(@Nullable String query) {
    return query == null || query.isBlank() || query.replaceAll("\\s+", "").equals("{}");
  }

  /**
   * Hands each selected trace to {@code consumer}; returns true when the cap cut the selection. The
   * whole window ({@code {}}) is one streaming scan of the store, keeping the latest-starting
   * traces when capped; a query pages through the search, newest first.
   */
  boolean forEach(String tenant, String query, TimeRange range, int max, Consumer<Trace> consumer) {
    if (everyTrace(query)) {
      return source.scan(tenant, range, max, consumer);
    }
    int taken = 0;
    Optional<SearchCursor> after = Optional.empty();
    while (taken < max) {
      SearchResult page =
          SearchApi.run(
              engine,
              source,
              tenant,
              query,
              range,
              Math.min(PAGE, max - taken),
              SearchOrder.NEWEST_FIRST,
              after,
              limits);
      for (TraceMatch match : page.traces()) {
        consumer.accept(match.trace());
        taken++;
      }
      if (page.next().isEmpty() || page.traces().isEmpty() && page.stoppedBy().isPresent()) {
        return false;
      }
      after = page.next();
    }
    return true;
  }
}
