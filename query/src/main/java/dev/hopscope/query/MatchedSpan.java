package dev.hopscope.query;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A span that satisfied the query.
 *
 * @param attributes the values of the attributes the query's filters compared and of the fields
 *     named in {@code select(...)}, keyed by their normalised TraceQL text ({@code
 *     span.http.method}, {@code duration}); durations are nanoseconds, status and kind their
 *     lower-case names
 */
public record MatchedSpan(Span span, Map<String, AttributeValue> attributes) {
  public MatchedSpan {
    Objects.requireNonNull(span, "span");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
