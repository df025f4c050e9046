package dev.hopscope.query;

import dev.hopscope.store.SearchCursor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a search.
 *
 * @param traces the matches, in the requested order
 * @param next where the next page starts; empty when the store has no further candidates. Present
 *     when the page is full or a {@link SearchLimits} limit stopped the search; it then names the
 *     last trace inspected, so nothing between the pages is skipped.
 * @param inspectedTraces candidates the store returned and the engine evaluated
 * @param stoppedBy when a limit ended the page early, which one and how to raise it
 */
public record SearchResult(
    List<TraceMatch> traces,
    Optional<SearchCursor> next,
    long inspectedTraces,
    Optional<String> stoppedBy) {
  public SearchResult {
    traces = List.copyOf(traces);
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(stoppedBy, "stoppedBy");
  }
}
