package dev.hopscope.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Spans as columns: one primitive array per field, low-cardinality strings (names, status messages,
 * trace states, attribute keys) through one dictionary, and resources and scopes stored once per
 * batch. Decoders write straight into a {@link Builder}; the store encodes the columns without
 * building {@link Span} objects. Immutable once built.
 */
public final class SpanBatch {
  private static final SpanBatch EMPTY = builder().build();

  private final int size;

  /** One array per per-row field, exactly {@code size} long (offsets: size + 1). */
  final RowColumns rows;

  final int[] attributeKeys;
  final AttributeValue[] attributeValues;
  final Event[] events;
  final Link[] links;
  final String[] strings;
  final Resource[] resources;
  final InstrumentationScope[] scopes;

  private SpanBatch(Builder b) {
    size = b.size;
    rows = b.rows.trimmedTo(size);
    attributeKeys = b.attributes.trimmedKeys();
    attributeValues = b.attributes.trimmedValues();
    events = b.events.toArray(new Event[0]);
    links = b.links.toArray(new Link[0]);
    strings = b.strings.values();
    resources = b.resources.values();
    scopes = b.scopes.values();
  }

  public static SpanBatch empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(16, 64);
  }

  /**
   * A builder sized for {@code rows} rows holding {@code attributes} attributes in all: a reader
   * that knows its counts (a block's row group) grows no array and copies none when it builds.
   */
  public static Builder builder(int rows, int attributes) {
    if (rows < 0 || attributes < 0) {
      throw new IllegalArgumentException(
          "rows and attributes must not be negative: " + rows + ", " + attributes);
    }
    return new Builder(Math.max(1, rows), attributes);
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
    return new TraceId(rows.traceIdHigh[row], rows.traceIdLow[row]);
  }

  public long traceIdHigh(int row) {
    return rows.traceIdHigh[row];
  }

  public long traceIdLow(int row) {
    return rows.traceIdLow[row];
  }

  /** The span id as a long (never 0). */
  public long spanId(int row) {
    return rows.spanId[row];
  }

  /** The parent span id as a long, 0 for a root span. */
  public long parentSpanId(int row) {
    return rows.parentSpanId[row];
  }

  public long startNanos(int row) {
    return rows.startNanos[row];
  }

  public long endNanos(int row) {
    return rows.endNanos[row];
  }

  public long durationNanos(int row) {
    return rows.endNanos[row] - rows.startNanos[row];
  }

  public SpanKind kind(int row) {
    return SpanKind.fromNumber(rows.kind[row]);
  }

  public StatusCode statusCode(int row) {
    return StatusCode.fromNumber(rows.statusCode[row]);
  }

  public String statusMessage(int row) {
    return strings[rows.statusMessage[row]];
  }

  public String name(int row) {
    return strings[rows.name[row]];
  }

  /** The dictionary index of the span name: equal names have equal indexes within a batch. */
  public int nameIndex(int row) {
    return rows.name[row];
  }

  /** The dictionary index of the status message (see {@link #string(int)}). */
  public int statusMessageIndex(int row) {
    return rows.statusMessage[row];
  }

  /** The dictionary index of the trace state (see {@link #string(int)}). */
  public int traceStateIndex(int row) {
    return rows.traceState[row];
  }

  /** The dictionary index of an attribute's key (see {@link #string(int)}). */
  public int attributeKeyIndex(int row, int index) {
    return attributeKeys[rows.attributeOffsets[row] + index];
  }

  /**
   * The batch's string dictionary: names, keys, status messages and trace states, each distinct
   * string once, so an encoder can map each index once instead of looking up every row's string.
   */
  public int stringCount() {
    return strings.length;
  }

  public String string(int index) {
    return strings[index];
  }

  public String traceState(int row) {
    return strings[rows.traceState[row]];
  }

  public int flags(int row) {
    return rows.flags[row];
  }

  public Resource resource(int row) {
    return resources[rows.resource[row]];
  }

  /** Index into {@link #resources()}: rows with equal resources share an index. */
  public int resourceIndex(int row) {
    return rows.resource[row];
  }

  public List<Resource> resources() {
    return List.of(resources);
  }

  /** How many distinct resources the rows refer to ({@link #resourceIndex} is below it). */
  public int resourceCount() {
    return resources.length;
  }

  /** Index of the row's scope: rows with equal scopes share an index. */
  public int scopeIndex(int row) {
    return rows.scope[row];
  }

  /** How many distinct scopes the rows refer to ({@link #scopeIndex} is below it). */
  public int scopeCount() {
    return scopes.length;
  }

  public InstrumentationScope scope(int row) {
    return scopes[rows.scope[row]];
  }

  public int attributeCount(int row) {
    return rows.attributeOffsets[row + 1] - rows.attributeOffsets[row];
  }

  public String attributeKey(int row, int index) {
    return strings[attributeKeys[rows.attributeOffsets[row] + index]];
  }

  /**
   * Where attribute {@code index} of row {@code row} sits among all the batch's attributes, below
   * {@link #attributeSlotCount()}: an encoder can remember per attribute what it worked out.
   */
  public int attributeSlot(int row, int index) {
    return rows.attributeOffsets[row] + index;
  }

  public int attributeSlotCount() {
    return rows.attributeOffsets[size];
  }

  public AttributeValue attributeValue(int row, int index) {
    return attributeValues[rows.attributeOffsets[row] + index];
  }

  /**
   * The value of span attribute {@code key} of row {@code row}, or null: the last of the row's
   * attributes under the key, as {@link #attributes} keeps it.
   */
  public @Nullable AttributeValue attributeValue(int row, String key) {
    return SpanObjects.attributeValue(this, row, key);
  }

  public Attributes attributes(int row) {
    return SpanObjects.attributes(this, row);
  }

  public List<Event> events(int row) {
    int from = rows.eventOffsets[row];
    int to = rows.eventOffsets[row + 1];
    return from == to ? List.of() : List.of(Arrays.copyOfRange(events, from, to));
  }

  public List<Link> links(int row) {
    int from = rows.linkOffsets[row];
    int to = rows.linkOffsets[row + 1];
    return from == to ? List.of() : List.of(Arrays.copyOfRange(links, from, to));
  }

  public int droppedAttributesCount(int row) {
    return rows.droppedAttributes[row];
  }

  public int droppedEventsCount(int row) {
    return rows.droppedEvents[row];
  }

  public int droppedLinksCount(int row) {
    return rows.droppedLinks[row];
  }

  /** The object form of one row. */
  public Span span(int row) {
    return span(row, attributes(row));
  }

  /**
   * The object form of one row, its attributes read from this batch only if asked for (see {@link
   * Attributes#deferred}): for short-lived spans, such as a block writer's digest, since the span
   * keeps the batch alive.
   */
  public Span spanView(int row) {
    return span(row, SpanObjects.deferredAttributes(this, row));
  }

  private Span span(int row, Attributes attributes) {
    return SpanObjects.span(this, row, attributes);
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
    int size;
    private boolean open;
    final RowColumns rows;
    private final AttributeColumns attributes;
    private final List<Event> events = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    final Interner<String> strings = new Interner<>(String.class);
    private final Interner<Resource> resources = new Interner<>(Resource.class);
    private final Interner<InstrumentationScope> scopes =
        new Interner<>(InstrumentationScope.class);

    private final RowCopier copier = new RowCopier(this);

    private Builder(int rowCapacity, int attributeCapacity) {
      rows = new RowColumns(rowCapacity);
      attributes = new AttributeColumns(attributeCapacity);
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
      rows.open(size, resourceIndex, scopeIndex);
      return this;
    }

    public Builder traceId(long high, long low) {
      rows.traceIdHigh[size] = high;
      rows.traceIdLow[size] = low;
      return this;
    }

    public Builder spanId(long value) {
      rows.spanId[size] = value;
      return this;
    }

    /** 0 means "no parent". */
    public Builder parentSpanId(long value) {
      rows.parentSpanId[size] = value;
      return this;
    }

    public Builder name(String value) {
      rows.name[size] = strings.indexOf(value);
      return this;
    }

    public Builder traceState(String value) {
      rows.traceState[size] = strings.indexOf(value);
      return this;
    }

    public Builder kind(SpanKind value) {
      rows.kind[size] = (byte) value.number();
      return this;
    }

    public Builder startNanos(long value) {
      rows.startNanos[size] = value;
      return this;
    }

    public Builder endNanos(long value) {
      rows.endNanos[size] = value;
      return this;
    }

    public Builder status(StatusCode code, String message) {
      rows.statusCode[size] = (byte) code.number();
      rows.statusMessage[size] = strings.indexOf(message);
      return this;
    }

    public Builder flags(int value) {
      rows.flags[size] = value;
      return this;
    }

    public Builder droppedCounts(int attributes, int eventCount, int linkCount) {
      rows.droppedAttributes[size] = attributes;
      rows.droppedEvents[size] = eventCount;
      rows.droppedLinks[size] = linkCount;
      return this;
    }

    public Builder attribute(String key, AttributeValue value) {
      requireOpen();
      appendAttribute(strings.indexOf(key), value);
      return this;
    }

    void appendAttribute(int keyIndex, AttributeValue value) {
      attributes.append(keyIndex, value);
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
      return attributes.count - rows.attributeOffsets[size];
    }

    /** The trace id of the open row, so that a validator can reject it before commit. */
    public boolean openSpanHasIds() {
      return (rows.traceIdHigh[size] != 0 || rows.traceIdLow[size] != 0) && rows.spanId[size] != 0;
    }

    public Builder commitSpan() {
      requireOpen();
      if (!openSpanHasIds()) {
        throw new IllegalArgumentException(
            "span needs a non-zero trace id and span id before it can be committed");
      }
      open = false;
      size++;
      rows.attributeOffsets[size] = attributes.count;
      rows.eventOffsets[size] = events.size();
      rows.linkOffsets[size] = links.size();
      return this;
    }

    /** Drops the open row and everything written to it. */
    public Builder discardSpan() {
      requireOpen();
      open = false;
      attributes.count = rows.attributeOffsets[size];
      events.subList(rows.eventOffsets[size], events.size()).clear();
      links.subList(rows.linkOffsets[size], links.size()).clear();
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
      return SpanObjects.append(this, span, resourceIndex, scopeIndex);
    }

    /** Appends row {@code row} of another batch (see {@link RowCopier}). */
    public Builder add(SpanBatch batch, int row) {
      copier.copy(batch, row);
      return this;
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

    private void ensureRowCapacity(int count) {
      rows.ensureCapacity(count);
    }
  }
}
