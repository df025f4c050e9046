package dev.hopscope.query;

import dev.hopscope.model.AttributeValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One spanset of a match: its spans in trace order, and the values that describe the set as a
 * whole: the {@code by(...)} value it was grouped by and the aggregates its scalar filters computed
 * ({@code count()}, {@code avg(duration)}), keyed by their TraceQL text.
 */
public record MatchedSpanset(List<MatchedSpan> spans, Map<String, AttributeValue> attributes) {
  public MatchedSpanset {
    spans = List.copyOf(spans);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
