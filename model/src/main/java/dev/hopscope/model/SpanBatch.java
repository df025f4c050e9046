package dev.hopscope.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Spans as columns: one primitive array per field, low-cardinality strings (names, status messages,
 * trace states, attribute keys) through one dictionary, and resources and scopes stored once per
 * batch. Decoders write straight into a {@link Builder}; the store encodes the columns without
 * building {@link Span} objects. Immutable once built.
 */
public final class SpanBatch {
  private static final SpanBatch EMPTY = builder().build();

  private final int size;
  private final long[] traceIdHigh;
  private final long[] traceIdLow;
  private final long[] spanId;
  private final long[] parentSpanId;
  private final long[] startNanos;
  private final long[] endNanos;
  private final byte[] kind;
  private final byte[] statusCode;
  private final int[] statusMessage;
  private final int[] name;
  private final int[] traceState;
  private final int[] flags;
  private final int[] resource;
  private final int[] scope;
  private final int[] droppedAttributes;
  private final int[] droppedEvents;
  private final int[] droppedLinks;
  private final int[] attributeOffsets;
  private final int[] attributeKeys;
  private final AttributeValue[] attributeValues;
  private final int[] eventOffsets;
  private final Event[] events;
  private final int[] linkOffsets;
  private final Link[] links;
  private final String[] strings;
  private final Resource[] resources;
  private final InstrumentationScope[] scopes;

  private SpanBatch(Builder b) {
    size = b.size;
    traceIdHigh = Arrays.copyOf(b.traceIdHigh, size);
    traceIdLow = Arrays.copyOf(b.traceIdLow, size);
    spanId = Arrays.copyOf(b.spanId, size);
    parentSpanId = Arrays.copyOf(b.parentSpanId, size);
    startNanos = Arrays.copyOf(b.startNanos, size);
    endNanos = Arrays.copyOf(b.endNanos, size);
    kind = Arrays.copyOf(b.kind, size);
    statusCode = Arrays.copyOf(b.statusCode, size);
    statusMessage = Arrays.copyOf(b.statusMessage, size);
    name = Arrays.copyOf(b.name, size);
    traceState = Arrays.copyOf(b.traceState, size);
    flags = Arrays.copyOf(b.flags, size);
    resource = Arrays.copyOf(b.resource, size);
    scope = Arrays.copyOf(b.scope, size);
    droppedAttributes = Arrays.copyOf(b.droppedAttributes, size);
    droppedEvents = Arrays.copyOf(b.droppedEvents, size);
    droppedLinks = Arrays.copyOf(b.droppedLinks, size);
    attributeOffsets = Arrays.copyOf(b.attributeOffsets, size + 1);
    attributeKeys = Arrays.copyOf(b.attributeKeys, b.attributeCount);
    attributeValues = Arrays.copyOf(b.attributeValues, b.attributeCount);
    eventOffsets = Arrays.copyOf(b.eventOffsets, size + 1);
    events = b.events.toArray(new Event[0]);
    linkOffsets = Arrays.copyOf(b.linkOffsets, size + 1);
    links = b.links.toArray(new Link[0]);
    strings = b.strings.values();
    resources = b.resources.values();
    scopes = b.scopes.values();
  }

  public static SpanBatch empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The columnar form of {@code spans}, in the same order. */
  public static SpanBatch of(Collection<Span> spans) {
    Builder builder = builder();
    for (Span span : spans) {
      builder.add(span);
    }
    return builder.build();
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public TraceId traceId(int row) {
    return new TraceId(traceIdHigh[row], traceIdLow[row]);
  }

  public long traceIdHigh(int row) {
    return traceIdHigh[row];
  }

  public long traceIdLow(int row) {
    return traceIdLow[row];
  }

  /** The span id as a long (never 0). */
  public long spanId(int row) {
    return spanId[row];
  }

  /** The parent span id as a long, 0 for a root span. */
  public long parentSpanId(int row) {
    return parentSpanId[row];
  }

  public long startNanos(int row) {
    return startNanos[row];
  }

  public long endNanos(int row) {
    return endNanos[row];
  }

  public long durationNanos(int row) {
    return endNanos[row] - startNanos[row];
  }

  public SpanKind kind(int row) {
    return SpanKind.fromNumber(kind[row]);
  }

  public StatusCode statusCode(int row) {
    return StatusCode.fromNumber(statusCode[row]);
  }

  public String statusMessage(int row) {
    return strings[statusMessage[row]];
  }

  public String name(int row) {
    return strings[name[row]];
  }

  /** The dictionary index of the span name: equal names have equal indexes within a batch. */
  public int nameIndex(int row) {
    return name[row];
  }

  public String traceState(int row) {
    return strings[traceState[row]];
  }

  public int flags(int row) {
    return flags[row];
  }

  public Resource resource(int row) {
    return resources[resource[row]];
  }

  /** Index into {@link #resources()}: rows with equal resources share an index. */
  public int resourceIndex(int row) {
    return resource[row];
  }

  public List<Resource> resources() {
    return List.of(resources);
  }

  public InstrumentationScope scope(int row) {
    return scopes[scope[row]];
  }

  public int attributeCount(int row) {
    return attributeOffsets[row + 1] - attributeOffsets[row];
  }

  public String attributeKey(int row, int index) {
    return strings[attributeKeys[attributeOffsets[row] + index]];
  }

  public AttributeValue attributeValue(int row, int index) {
    return attributeValues[attributeOffsets[row] + index];
  }

  public Attributes attributes(int row) {
    int from = attributeOffsets[row];
    int to = attributeOffsets[row + 1];
    if (from == to) {
      return Attributes.empty();
    }
    Attributes.Builder out = Attributes.builder();
    for (int i = from; i < to; i++) {
      out.put(strings[attributeKeys[i]], attributeValues[i]);
    }
    return out.build();
  }

  public List<Event> events(int row) {
    return List.of(Arrays.copyOfRange(events, eventOffsets[row], eventOffsets[row + 1]));
  }

  public List<Link> links(int row) {
    return List.of(Arrays.copyOfRange(links, linkOffsets[row], linkOffsets[row + 1]));
  }

  public int droppedAttributesCount(int row) {
    return droppedAttributes[row];
  }

  public int droppedEventsCount(int row) {
    return droppedEvents[row];
  }

  public int droppedLinksCount(int row) {
    return droppedLinks[row];
  }

  /** The object form of one row. */
  public Span span(int row) {
    long parent = parentSpanId[row];
    return new Span(
        traceId(row),
        new SpanId(spanId[row]),
        parent == 0 ? Optional.empty() : Optional.of(new SpanId(parent)),
        traceState(row),
        name(row),
        kind(row),
        startNanos[row],
        endNanos[row],
        attributes(row),
        events(row),
        links(row),
        new Status(statusCode(row), statusMessage(row)),
        flags[row],
        resource(row),
        scope(row),
        droppedAttributes[row],
        droppedEvents[row],
        droppedLinks[row]);
  }

  public List<Span> toSpans() {
    List<Span> out = new ArrayList<>(size);
    for (int row = 0; row < size; row++) {
      out.add(span(row));
    }
    return out;
  }

  /**
   * Appends rows one at a time. A decoder calls {@link #beginSpan}, sets fields in whatever order
   * the wire gives them, then {@link #commitSpan} or {@link #discardSpan} (for a span that failed
   * validation). Not thread-safe.
   */
  public static final class Builder {
    private int size;
    private boolean open;
    private long[] traceIdHigh = new long[16];
    private long[] traceIdLow = new long[16];
    private long[] spanId = new long[16];
    private long[] parentSpanId = new long[16];
    private long[] startNanos = new long[16];
    private long[] endNanos = new long[16];
    private byte[] kind = new byte[16];
    private byte[] statusCode = new byte[16];
    private int[] statusMessage = new int[16];
    private int[] name = new int[16];
    private int[] traceState = new int[16];
    private int[] flags = new int[16];
    private int[] resource = new int[16];
    private int[] scope = new int[16];
    private int[] droppedAttributes = new int[16];
    private int[] droppedEvents = new int[16];
    private int[] droppedLinks = new int[16];
    private int[] attributeOffsets = new int[17];
    private int[] eventOffsets = new int[17];
    private int[] linkOffsets = new int[17];
    private int attributeCount;
    private int[] attributeKeys = new int[64];
    private AttributeValue[] attributeValues = new AttributeValue[64];
    private final List<Event> events = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Interner<String> strings = new Interner<>(String.class);
    private final Interner<Resource> resources = new Interner<>(Resource.class);
    private final Interner<InstrumentationScope> scopes =
        new Interner<>(InstrumentationScope.class);

    private Builder() {
      strings.indexOf("");
    }

    public int size() {
      return size;
    }

    /** Registers a resource once; rows refer to it by the returned index. */
    public int resourceIndex(Resource value) {
      return resources.indexOf(value);
    }

    public int scopeIndex(InstrumentationScope value) {
      return scopes.indexOf(value);
    }

    /** Opens a row with OTLP defaults for every field. */
    public Builder beginSpan(int resourceIndex, int scopeIndex) {
      if (open) {
        throw new IllegalStateException("commit or discard the open span first");
      }
      if (resourceIndex < 0 || resourceIndex >= resources.size()) {
        throw new IllegalArgumentException("unknown resource index " + resourceIndex);
      }
      if (scopeIndex < 0 || scopeIndex >= scopes.size()) {
        throw new IllegalArgumentException("unknown scope index " + scopeIndex);
      }
      ensureRowCapacity(size + 1);
      open = true;
      int row = size;
      traceIdHigh[row] = 0;
      traceIdLow[row] = 0;
      spanId[row] = 0;
      parentSpanId[row] = 0;
      startNanos[row] = 0;
      endNanos[row] = 0;
      kind[row] = 0;
      statusCode[row] = 0;
      statusMessage[row] = 0;
      name[row] = 0;
      traceState[row] = 0;
      flags[row] = 0;
      resource[row] = resourceIndex;
      scope[row] = scopeIndex;
      droppedAttributes[row] = 0;
      droppedEvents[row] = 0;
      droppedLinks[row] = 0;
      return this;
    }

    public Builder traceId(long high, long low) {
      traceIdHigh[size] = high;
      traceIdLow[size] = low;
      return this;
    }

    public Builder spanId(long value) {
      spanId[size] = value;
      return this;
    }

    /** 0 means "no parent". */
    public Builder parentSpanId(long value) {
      parentSpanId[size] = value;
      return this;
    }

    public Builder name(String value) {
      name[size] = strings.indexOf(value);
      return this;
    }

    public Builder traceState(String value) {
      traceState[size] = strings.indexOf(value);
      return this;
    }

    public Builder kind(SpanKind value) {
      kind[size] = (byte) value.number();
      return this;
    }

    public Builder startNanos(long value) {
      startNanos[size] = value;
      return this;
    }

    public Builder endNanos(long value) {
      endNanos[size] = value;
      return this;
    }

    public Builder status(StatusCode code, String message) {
      statusCode[size] = (byte) code.number();
      statusMessage[size] = strings.indexOf(message);
      return this;
    }

    public Builder flags(int value) {
      flags[size] = value;
      return this;
    }

    public Builder droppedCounts(int attributes, int eventCount, int linkCount) {
      droppedAttributes[size] = attributes;
      droppedEvents[size] = eventCount;
      droppedLinks[size] = linkCount;
      return this;
    }

    public Builder attribute(String key, AttributeValue value) {
      requireOpen();
      if (attributeCount == attributeKeys.length) {
        attributeKeys = Arrays.copyOf(attributeKeys, attributeCount * 2);
        attributeValues = Arrays.copyOf(attributeValues, attributeCount * 2);
      }
      attributeKeys[attributeCount] = strings.indexOf(key);
      attributeValues[attributeCount] = value;
      attributeCount++;
      return this;
    }

    public Builder event(Event value) {
      requireOpen();
      events.add(value);
      return this;
    }

    public Builder link(Link value) {
      requireOpen();
      links.add(value);
      return this;
    }

    /** The attributes written to the open row so far. */
    public int openAttributeCount() {
      return attributeCount - attributeOffsets[size];
    }

    /** The trace id of the open row, so that a validator can reject it before commit. */
    public boolean openSpanHasIds() {
      return (traceIdHigh[size] != 0 || traceIdLow[size] != 0) && spanId[size] != 0;
    }

    public Builder commitSpan() {
      requireOpen();
      if (!openSpanHasIds()) {
        throw new IllegalArgumentException(
            "span needs a non-zero trace id and span id before it can be committed");
      }
      open = false;
      size++;
      attributeOffsets[size] = attributeCount;
      eventOffsets[size] = events.size();
      linkOffsets[size] = links.size();
      return this;
    }

    /** Drops the open row and everything written to it. */
    public Builder discardSpan() {
      requireOpen();
      open = false;
      attributeCount = attributeOffsets[size];
      events.subList(eventOffsets[size], events.size()).clear();
      links.subList(linkOffsets[size], links.size()).clear();
      return this;
    }

    /** Appends a span in object form. */
    public Builder add(Span span) {
      return add(span, resourceIndex(span.resource()), scopeIndex(span.scope()));
    }

    /**
     * Appends a span whose resource and scope the caller already registered: a caller that sees the
     * same resource object for many spans can skip hashing its attributes every time.
     */
    public Builder add(Span span, int resourceIndex, int scopeIndex) {
      beginSpan(resourceIndex, scopeIndex)
          .traceId(span.traceId().high(), span.traceId().low())
          .spanId(span.spanId().value())
          .parentSpanId(span.parentSpanId().map(SpanId::value).orElse(0L))
          .traceState(span.traceState())
          .name(span.name())
          .kind(span.kind())
          .startNanos(span.startNanos())
          .endNanos(span.endNanos())
          .status(span.status().code(), span.status().message())
          .flags(span.flags())
          .droppedCounts(
              span.droppedAttributesCount(), span.droppedEventsCount(), span.droppedLinksCount());
      span.attributes().forEach(this::attribute);
      span.events().forEach(this::event);
      span.links().forEach(this::link);
      return commitSpan();
    }

    /** Appends row {@code row} of another batch. */
    public Builder add(SpanBatch batch, int row) {
      beginSpan(resourceIndex(batch.resource(row)), scopeIndex(batch.scope(row)))
          .traceId(batch.traceIdHigh(row), batch.traceIdLow(row))
          .spanId(batch.spanId(row))
          .parentSpanId(batch.parentSpanId(row))
          .traceState(batch.traceState(row))
          .name(batch.name(row))
          .kind(batch.kind(row))
          .startNanos(batch.startNanos(row))
          .endNanos(batch.endNanos(row))
          .status(batch.statusCode(row), batch.statusMessage(row))
          .flags(batch.flags(row))
          .droppedCounts(
              batch.droppedAttributesCount(row),
              batch.droppedEventsCount(row),
              batch.droppedLinksCount(row));
      for (int i = 0; i < batch.attributeCount(row); i++) {
        attribute(batch.attributeKey(row, i), batch.attributeValue(row, i));
      }
      for (int i = batch.eventOffsets[row]; i < batch.eventOffsets[row + 1]; i++) {
        event(batch.events[i]);
      }
      for (int i = batch.linkOffsets[row]; i < batch.linkOffsets[row + 1]; i++) {
        link(batch.links[i]);
      }
      return commitSpan();
    }

    public SpanBatch build() {
      if (open) {
        throw new IllegalStateException("commit or discard the open span before build()");
      }
      return new SpanBatch(this);
    }

    private void requireOpen() {
      if (!open) {
        throw new IllegalStateException("call beginSpan() first");
      }
    }

    private void ensureRowCapacity(int rows) {
      if (rows <= traceIdHigh.length) {
        return;
      }
      int capacity = Math.max(rows, traceIdHigh.length * 2);
      traceIdHigh = Arrays.copyOf(traceIdHigh, capacity);
      traceIdLow = Arrays.copyOf(traceIdLow, capacity);
      spanId = Arrays.copyOf(spanId, capacity);
      parentSpanId = Arrays.copyOf(parentSpanId, capacity);
      startNanos = Arrays.copyOf(startNanos, capacity);
      endNanos = Arrays.copyOf(endNanos, capacity);
      kind = Arrays.copyOf(kind, capacity);
      statusCode = Arrays.copyOf(statusCode, capacity);
      statusMessage = Arrays.copyOf(statusMessage, capacity);
      name = Arrays.copyOf(name, capacity);
      traceState = Arrays.copyOf(traceState, capacity);
      flags = Arrays.copyOf(flags, capacity);
      resource = Arrays.copyOf(resource, capacity);
      scope = Arrays.copyOf(scope, capacity);
      droppedAttributes = Arrays.copyOf(droppedAttributes, capacity);
      droppedEvents = Arrays.copyOf(droppedEvents, capacity);
      droppedLinks = Arrays.copyOf(droppedLinks, capacity);
      attributeOffsets = Arrays.copyOf(attributeOffsets, capacity + 1);
      eventOffsets = Arrays.copyOf(eventOffsets, capacity + 1);
      linkOffsets = Arrays.copyOf(linkOffsets, capacity + 1);
    }
  }
}
