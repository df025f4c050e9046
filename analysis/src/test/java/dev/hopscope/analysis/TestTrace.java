package dev.hopscope.analysis;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built traces with times in milliseconds from a fixed epoch, so tests read like timelines.
 */
public final class TestTrace {
  public static final long EPOCH = 1_750_000_000_000_000_000L;
  public static final long MS = 1_000_000L;

  private final TraceId traceId;
  private final List<Span> spans = new ArrayList<>();
  private long nextId = 1;

  public TestTrace() {
    this(new TraceId(0x1234, 0x5678));
  }

  public TestTrace(TraceId traceId) {
    this.traceId = traceId;
  }

  public SpanBuilder span(String service, String name) {
    return new SpanBuilder(service, name);
  }

  public Trace build() {
    return new Trace(traceId, spans);
  }

  public List<Span> spans() {
    return List.copyOf(spans);
  }

  /** One span; {@link #add()} returns its id for use as a parent. */
  public final class SpanBuilder {
    private final String service;
    private final String name;
    private SpanKind kind = SpanKind.INTERNAL;
    private SpanId parent;
    private SpanId id;
    private long startNanos;
    private long endNanos;
    private String host = "";
    private Status status = Status.UNSET;
    private final Attributes.Builder attributes = Attributes.builder();

    private SpanBuilder(String service, String name) {
      this.service = service;
      this.name = name;
    }

    public SpanBuilder kind(SpanKind kind) {
      this.kind = kind;
      return this;
    }

    public SpanBuilder parent(SpanId parent) {
      this.parent = parent;
      return this;
    }

    public SpanBuilder id(long id) {
      this.id = new SpanId(id);
      return this;
    }

    /** Start and end in milliseconds after {@link #EPOCH}; fractions allowed. */
    public SpanBuilder at(double startMs, double endMs) {
      return atNanos(Math.round(startMs * MS), Math.round(endMs * MS));
    }

    public SpanBuilder atNanos(long start, long end) {
      this.startNanos = EPOCH + start;
      this.endNanos = EPOCH + end;
      return this;
    }

    public SpanBuilder host(String host) {
      this.host = host;
      return this;
    }

    public SpanBuilder error(String message) {
      this.status = Status.error(message);
      return this;
    }

    public SpanBuilder attr(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    public SpanBuilder attr(String key, long value) {
      attributes.put(key, value);
      return this;
    }

    public SpanId add() {
      SpanId spanId = id != null ? id : new SpanId(nextId++);
      Attributes.Builder resource = Attributes.builder().put("service.name", service);
      if (!host.isEmpty()) {
        resource.put("host.name", host);
      }
      spans.add(
          Span.builder(traceId, spanId)
              .parentSpanId(parent)
              .name(name)
              .kind(kind)
              .startNanos(startNanos)
              .endNanos(endNanos)
              .status(status)
              .attributes(attributes.build())
              .resource(Resource.of(resource.build()))
              .build());
      return spanId;
    }
  }
}
