package dev.hopscope.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work, in the object form used by APIs, analysis and tests. Ingest and storage move
 * spans as {@link SpanBatch} columns instead. Times are epoch nanoseconds.
 *
 * @param parentSpanId empty for a root span
 */
public record Span(
    TraceId traceId,
    SpanId spanId,
    Optional<SpanId> parentSpanId,
    String traceState,
    String name,
    SpanKind kind,
    long startNanos,
    long endNanos,
    Attributes attributes,
    List<Event> events,
    List<Link> links,
    Status status,
    int flags,
    Resource resource,
    InstrumentationScope scope,
    int droppedAttributesCount,
    int droppedEventsCount,
    int droppedLinksCount) {

  public Span {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    Objects.requireNonNull(parentSpanId, "parentSpanId");
    Objects.requireNonNull(traceState, "traceState");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(attributes, "attributes");
    events = List.copyOf(events);
    links = List.copyOf(links);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(scope, "scope");
  }

  public static Builder builder(TraceId traceId, SpanId spanId) {
    return new Builder(traceId, spanId);
  }

  public long durationNanos() {
    return endNanos - startNanos;
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public String serviceName() {
    return resource.serviceName();
  }

  /** Builds a span field by field; unset fields take OTLP's defaults. */
  public static final class Builder {
    private final TraceId traceId;
    private final SpanId spanId;
    private Optional<SpanId> parentSpanId = Optional.empty();
    private String traceState = "";
    private String name = "";
    private SpanKind kind = SpanKind.UNSPECIFIED;
    private long startNanos;
    private long endNanos;
    private Attributes attributes = Attributes.empty();
    private List<Event> events = List.of();
    private List<Link> links = List.of();
    private Status status = Status.UNSET;
    private int flags;
    private Resource resource = Resource.EMPTY;
    private InstrumentationScope scope = InstrumentationScope.EMPTY;
    private int droppedAttributesCount;
    private int droppedEventsCount;
    private int droppedLinksCount;

    private Builder(TraceId traceId, SpanId spanId) {
      this.traceId = traceId;
      this.spanId = spanId;
    }

    public Builder parentSpanId(@Nullable SpanId parent) {
      this.parentSpanId = Optional.ofNullable(parent);
      return this;
    }

    public Builder traceState(String traceState) {
      this.traceState = traceState;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder kind(SpanKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder startNanos(long startNanos) {
      this.startNanos = startNanos;
      return this;
    }

    public Builder endNanos(long endNanos) {
      this.endNanos = endNanos;
      return this;
    }

    public Builder attributes(Attributes attributes) {
      this.attributes = attributes;
      return this;
    }

    public Builder events(List<Event> events) {
      this.events = events;
      return this;
    }

    public Builder links(List<Link> links) {
      this.links = links;
      return this;
    }

    public Builder status(Status status) {
      this.status = status;
      return this;
    }

    public Builder flags(int flags) {
      this.flags = flags;
      return this;
    }

    public Builder resource(Resource resource) {
      this.resource = resource;
      return this;
    }

    public Builder scope(InstrumentationScope scope) {
      this.scope = scope;
      return this;
    }

    public Builder droppedCounts(int attributes, int events, int links) {
      this.droppedAttributesCount = attributes;
      this.droppedEventsCount = events;
      this.droppedLinksCount = links;
      return this;
    }

    public Span build() {
      return new Span(
          traceId,
          spanId,
          parentSpanId,
          traceState,
          name,
          kind,
          startNanos,
          endNanos,
          attributes,
          events,
          links,
          status,
          flags,
          resource,
          scope,
          droppedAttributesCount,
          droppedEventsCount,
          droppedLinksCount);
    }
  }
}
