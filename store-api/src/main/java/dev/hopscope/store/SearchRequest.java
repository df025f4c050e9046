package dev.hopscope.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A search for traces with at least one span in {@code range}.
 *
 * @param hints predicates the store may use to skip traces; never a change in answers
 * @param after resume after this position (exclusive) in {@code order}
 */
public record SearchRequest(
    TimeRange range, List<SearchHint> hints, SearchOrder order, Optional<SearchCursor> after) {
  public SearchRequest {
    Objects.requireNonNull(range, "range");
    hints = List.copyOf(hints);
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(after, "after");
  }

  public static SearchRequest of(TimeRange range) {
    return new SearchRequest(range, List.of(), SearchOrder.NEWEST_FIRST, Optional.empty());
  }
}
