package dev.hopscope.store.internal;

import dev.hopscope.model.Trace;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Orders fully merged candidate traces for a search and applies its cursor. */
public final class SearchResults {
  private SearchResults() {}

  /** Candidates in the request's order, strictly after its cursor. */
  public static Stream<Trace> ordered(Collection<Trace> candidates, SearchRequest request) {
    SearchOrder order = request.order();
    List<Keyed> keyed = new ArrayList<>(candidates.size());
    for (Trace trace : candidates) {
      long key = order.sortKey(trace);
      if (request.after().isEmpty()
          || SearchOrder.isAfter(key, trace.traceId(), request.after().get())) {
        keyed.add(new Keyed(key, trace));
      }
    }
    keyed.sort((a, b) -> SearchOrder.compare(a.key, a.trace.traceId(), b.key, b.trace.traceId()));
    return keyed.stream().map(Keyed::trace);
  }

  private record Keyed(long key, Trace trace) {}
}
