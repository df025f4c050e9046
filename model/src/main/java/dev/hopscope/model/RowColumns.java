package dev.hopscope.model;

import java.util.Arrays;

/**
 * The per-row columns of a {@link SpanBatch}: one primitive array per span field, grown by the
 * builder and trimmed once when the batch is built. Offsets arrays have one entry more than rows.
 * Package-private and mutable; a built batch never changes its copy.
 */
final class RowColumns {
  long[] traceIdHigh;
  long[] traceIdLow;
  long[] spanId;
  long[] parentSpanId;
  long[] startNanos;
  long[] endNanos;
  byte[] kind;
  byte[] statusCode;
  int[] statusMessage;
  int[] name;
  int[] traceState;
  int[] flags;
  int[] resource;
  int[] scope;
  int[] droppedAttributes;
  int[] droppedEvents;
  int[] droppedLinks;
  int[] attributeOffsets;
  int[] eventOffsets;
  int[] linkOffsets;

  RowColumns(int capacity) {
    resize(capacity);
  }

  private RowColumns(RowColumns source, int size) {
    copyFrom(source, size);
  }

  int capacity() {
    return traceIdHigh.length;
  }

  /** Sets row {@code row} to OTLP's defaults (zero everywhere) with its resource and scope. */
  void open(int row, int resourceIndex, int scopeIndex) {
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
  }

  /** Grows (doubling) so that {@code rows} rows fit. */
  void ensureCapacity(int rows) {
    if (rows > capacity()) {
      copyFrom(this, Math.max(rows, capacity() * 2));
    }
  }

  /**
   * The first {@code size} rows in exactly sized arrays: these very columns when they already are,
   * else a copy. Sharing is safe because a builder writes a row only after {@link #ensureCapacity},
   * which replaces every array with a larger copy before the first write past the end.
   */
  RowColumns trimmedTo(int size) {
    return size == capacity() ? this : new RowColumns(this, size);
  }

  private void resize(int capacity) {
    traceIdHigh = new long[capacity];
    traceIdLow = new long[capacity];
    spanId = new long[capacity];
    parentSpanId = new long[capacity];
    startNanos = new long[capacity];
    endNanos = new long[capacity];
    kind = new byte[capacity];
    statusCode = new byte[capacity];
    statusMessage = new int[capacity];
    name = new int[capacity];
    traceState = new int[capacity];
    flags = new int[capacity];
    resource = new int[capacity];
    scope = new int[capacity];
    droppedAttributes = new int[capacity];
    droppedEvents = new int[capacity];
    droppedLinks = new int[capacity];
    attributeOffsets = new int[capacity + 1];
    eventOffsets = new int[capacity + 1];
    linkOffsets = new int[capacity + 1];
  }

  private void copyFrom(RowColumns source, int length) {
    traceIdHigh = Arrays.copyOf(source.traceIdHigh, length);
    traceIdLow = Arrays.copyOf(source.traceIdLow, length);
    spanId = Arrays.copyOf(source.spanId, length);
    parentSpanId = Arrays.copyOf(source.parentSpanId, length);
    startNanos = Arrays.copyOf(source.startNanos, length);
    endNanos = Arrays.copyOf(source.endNanos, length);
    kind = Arrays.copyOf(source.kind, length);
    statusCode = Arrays.copyOf(source.statusCode, length);
    statusMessage = Arrays.copyOf(source.statusMessage, length);
    name = Arrays.copyOf(source.name, length);
    traceState = Arrays.copyOf(source.traceState, length);
    flags = Arrays.copyOf(source.flags, length);
    resource = Arrays.copyOf(source.resource, length);
    scope = Arrays.copyOf(source.scope, length);
    droppedAttributes = Arrays.copyOf(source.droppedAttributes, length);
    droppedEvents = Arrays.copyOf(source.droppedEvents, length);
    droppedLinks = Arrays.copyOf(source.droppedLinks, length);
    attributeOffsets = Arrays.copyOf(source.attributeOffsets, length + 1);
    eventOffsets = Arrays.copyOf(source.eventOffsets, length + 1);
    linkOffsets = Arrays.copyOf(source.linkOffsets, length + 1);
  }
}
