package dev.hopscope.model;

import java.util.Objects;

/** A pointer from a span to a span of another (or the same) trace. */
public record Link(
    TraceId traceId,
    SpanId spanId,
    String traceState,
    Attributes attributes,
    int flags,
    int droppedAttributesCount) {
  public Link {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    Objects.requireNonNull(traceState, "traceState");
    Objects.requireNonNull(attributes, "attributes");
  }

  public static Link of(TraceId traceId, SpanId spanId) {
    return new Link(traceId, spanId, "", Attributes.empty(), 0, 0);
  }
}
