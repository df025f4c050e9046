package dev.hopscope.query;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A trace that matched a query, with the spansets that made it match (never empty). */
public record TraceMatch(Trace trace, List<MatchedSpanset> spansets) {
  public TraceMatch {
    Objects.requireNonNull(trace, "trace");
    spansets = List.copyOf(spansets);
  }

  /** Every matched span once, in trace order of first appearance across spansets. */
  public List<Span> matchedSpans() {
    Set<Span> spans = new LinkedHashSet<>();
    for (MatchedSpanset spanset : spansets) {
      for (MatchedSpan span : spanset.spans()) {
        spans.add(span.span());
      }
    }
    return new ArrayList<>(spans);
  }
}
