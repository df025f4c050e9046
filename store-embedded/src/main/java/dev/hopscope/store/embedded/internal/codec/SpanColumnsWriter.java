package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.SpanBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits rows into {@link Column}s against shared {@link Tables}. Rows are (batch, row) references,
 * so a block cut encodes rows straight from the batches they arrived in.
 */
public final class SpanColumnsWriter {
  private SpanColumnsWriter() {}

  /**
   * One sink per {@link Column}, sized for the rows {@code [from, to)} so that a typical batch
   * fills them without growing: a grown sink is an array copied and thrown away, on the ingest
   * path's decode thread.
   */
  public static ByteSink[] sinks(RowRefs refs, int from, int to) {
    int rows = to - from;
    long attributes = 0;
    for (int i = from; i < to; i++) {
      attributes += refs.batch(i).attributeCount(refs.row(i));
    }
    ByteSink[] sinks = new ByteSink[Column.COUNT];
    for (Column column : Column.values()) {
      long bytes =
          switch (column) {
            case TRACE_RUNS -> rows * 17L;
            case SPAN_ID, PARENT -> rows * 9L;
            case START, DURATION -> rows * 5L;
            case ATTRIBUTE_KEY -> attributes;
            case ATTRIBUTE_VALUE -> attributes * 3;
            case DROPPED -> rows * 3L;
            default -> rows;
          };
      sinks[column.ordinal()] = new ByteSink((int) Math.min(1 << 24, Math.max(64, bytes)));
    }
    return sinks;
  }

  /**
   * Encodes the rows {@code [from, to)} of {@code refs} in order into {@code sinks}, one per {@link
   * Column} by ordinal, which are cleared first.
   */
  public static void encode(RowRefs refs, int from, int to, ByteSink[] sinks) {
    for (ByteSink sink : sinks) {
      sink.clear();
    }
    long previousStart = 0;
    Map<Long, Integer> runRows = new HashMap<>();
    int row = from;
    while (row < to) {
      int runEnd = runEnd(refs, row, to);
      SpanBatch batch = refs.batch(row);
      int at = refs.row(row);
      sinks[Column.TRACE_RUNS.ordinal()]
          .writeLong(batch.traceIdHigh(at))
          .writeLong(batch.traceIdLow(at))
          .writeVarInt(runEnd - row);
      runRows.clear();
      if (runEnd - row > SHORT_RUN) {
        for (int r = row; r < runEnd; r++) {
          runRows.putIfAbsent(spanId(refs, r), r - row);
        }
      }
      previousStart = writeRun(refs, row, runEnd, runRows, sinks, previousStart);
      row = runEnd;
    }
  }

  /** Runs up to this many rows find a parent by scanning; longer ones use a map. */
  private static final int SHORT_RUN = 64;

  private static long spanId(RowRefs refs, int index) {
    return refs.batch(index).spanId(refs.row(index));
  }

  /**
   * The run-relative row of the first span of the run (rows {@code runStart..}) with id {@code
   * parent}, or -1. A short run is scanned up to {@code row}, which finds exactly the backward
   * references the reader resolves, without boxing every span id into a map.
   */
  private static int localRow(
      RowRefs refs, int runStart, int runEnd, int row, long parent, Map<Long, Integer> runRows) {
    if (runEnd - runStart > SHORT_RUN) {
      Integer local = runRows.get(parent);
      return local == null ? -1 : local;
    }
    for (int r = runStart; r < row; r++) {
      if (spanId(refs, r) == parent) {
        return r - runStart;
      }
    }
    return -1;
  }

  private static int runEnd(RowRefs refs, int row, int to) {
    SpanBatch first = refs.batch(row);
    long high = first.traceIdHigh(refs.row(row));
    long low = first.traceIdLow(refs.row(row));
    int end = row + 1;
    while (end < to) {
      SpanBatch batch = refs.batch(end);
      int at = refs.row(end);
      if (batch.traceIdHigh(at) != high || batch.traceIdLow(at) != low) {
        break;
      }
      end++;
    }
    return end;
  }

  /** Returns the start time of the run's last row, the base of the next delta. */
  private static long writeRun(
      RowRefs refs,
      int from,
      int to,
      Map<Long, Integer> runRows,
      ByteSink[] sinks,
      long previousStart) {
    long start = previousStart;
    for (int index = from; index < to; index++) {
      writeParent(refs, from, to, index, runRows, sinks[Column.PARENT.ordinal()]);
      start = writeRow(refs, index, sinks, start);
    }
    return start;
  }

  private static void writeParent(
      RowRefs refs, int from, int to, int index, Map<Long, Integer> runRows, ByteSink parents) {
    long parent = refs.batch(index).parentSpanId(refs.row(index));
    if (parent == 0) {
      parents.writeVarInt(0);
      return;
    }
    int local = localRow(refs, from, to, index, parent, runRows);
    // Rows are sorted by start time, so a child whose clock runs ahead of its parent's (clock
    // skew) comes first; the reader resolves only backward references, so a parent written later
    // is stored by value.
    if (local < 0 || local >= index - from) {
      parents.writeVarInt(1).writeLong(parent);
    } else {
      parents.writeVarInt(2 + local);
    }
  }

  /**
   * Writes row {@code index}'s columns but its parent, and returns its start, the base of the next
   * delta. Its own method, as are the attributes, events and links: inlined into the loops above,
   * the whole encoding was one compile that the JIT built again and again in a fresh server's first
   * minute (docs/benchmarks.md, session 16).
   */
  private static long writeRow(RowRefs refs, int index, ByteSink[] sinks, long previousStart) {
    SpanBatch batch = refs.batch(index);
    BatchTables strings = refs.mapping(index);
    int row = refs.row(index);
    long start = batch.startNanos(row);
    sinks[Column.SPAN_ID.ordinal()].writeLong(batch.spanId(row));
    sinks[Column.START.ordinal()].writeSignedVarLong(start - previousStart);
    sinks[Column.DURATION.ordinal()].writeSignedVarLong(batch.durationNanos(row));
    sinks[Column.KIND_STATUS.ordinal()].writeByte(
        batch.kind(row).number() | (batch.statusCode(row).number() << 4));
    sinks[Column.STATUS_MESSAGE.ordinal()].writeVarInt(
        strings.string(batch.statusMessageIndex(row)));
    sinks[Column.NAME.ordinal()].writeVarInt(strings.string(batch.nameIndex(row)));
    sinks[Column.TRACE_STATE.ordinal()].writeVarInt(strings.string(batch.traceStateIndex(row)));
    sinks[Column.FLAGS.ordinal()].writeVarInt(batch.flags(row));
    sinks[Column.RESOURCE.ordinal()].writeVarInt(strings.resource(row));
    sinks[Column.SCOPE.ordinal()].writeVarInt(strings.scope(row));
    sinks[Column.DROPPED.ordinal()]
        .writeVarInt(batch.droppedAttributesCount(row))
        .writeVarInt(batch.droppedEventsCount(row))
        .writeVarInt(batch.droppedLinksCount(row));
    writeAttributes(batch, strings, row, refs.tables(), sinks);
    writeEvents(batch.events(row), start, refs.tables(), sinks[Column.EVENTS.ordinal()]);
    writeLinks(batch.links(row), refs.tables(), sinks[Column.LINKS.ordinal()]);
    return start;
  }

  private static void writeAttributes(
      SpanBatch batch, BatchTables strings, int row, Tables tables, ByteSink[] sinks) {
    int attributes = batch.attributeCount(row);
    sinks[Column.ATTRIBUTE_COUNT.ordinal()].writeVarInt(attributes);
    ByteSink keys = sinks[Column.ATTRIBUTE_KEY.ordinal()];
    ByteSink values = sinks[Column.ATTRIBUTE_VALUE.ordinal()];
    for (int i = 0; i < attributes; i++) {
      keys.writeVarInt(strings.string(batch.attributeKeyIndex(row, i)));
      int valueString = strings.valueString(row, i);
      if (valueString >= 0) {
        AttributeCodec.writeString(valueString, values);
      } else {
        AttributeCodec.writeValue(batch.attributeValue(row, i), tables, values);
      }
    }
  }

  private static void writeEvents(List<Event> events, long spanStart, Tables tables, ByteSink out) {
    out.writeVarInt(events.size());
    for (Event event : events) {
      out.writeSignedVarLong(event.timeNanos() - spanStart);
      out.writeVarInt(tables.string(event.name()));
      AttributeCodec.writeAttributes(event.attributes(), tables, out);
      out.writeVarInt(event.droppedAttributesCount());
    }
  }

  private static void writeLinks(List<Link> links, Tables tables, ByteSink out) {
    out.writeVarInt(links.size());
    for (Link link : links) {
      out.writeLong(link.traceId().high()).writeLong(link.traceId().low());
      out.writeLong(link.spanId().value());
      out.writeVarInt(tables.string(link.traceState()));
      AttributeCodec.writeAttributes(link.attributes(), tables, out);
      out.writeVarInt(link.flags());
      out.writeVarInt(link.droppedAttributesCount());
    }
  }
}
