package dev.hopscope.query;

import dev.hopscope.model.Span;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shorthands for running queries against the shop in tests. */
final class EngineFixture {
  static final TraceQlEngine ENGINE = TraceQlEngine.create();

  private final TraceSource source;

  EngineFixture(TraceSource source) {
    this.source = source;
  }

  SearchResult search(String query) {
    return ENGINE.search(
        source, Shop.TENANT, query, TimeRange.ALL, 100, SearchOrder.NEWEST_FIRST, Optional.empty());
  }

  /** Ids of the matching traces, newest first. */
  List<TraceId> traces(String query) {
    List<TraceId> ids = new ArrayList<>();
    for (TraceMatch match : search(query).traces()) {
      ids.add(match.trace().traceId());
    }
    return ids;
  }

  /** Names of the matched spans, newest trace first, trace order within a trace. */
  List<String> spans(String query) {
    List<String> names = new ArrayList<>();
    for (TraceMatch match : search(query).traces()) {
      for (Span span : match.matchedSpans()) {
        names.add(span.name());
      }
    }
    return names;
  }
}
