package dev.hopscope.store.embedded.codec;

import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.SpanBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Splits rows of a {@link SpanBatch} into {@link Column}s against shared {@link Tables}. */
public final class SpanColumnsWriter {
  private SpanColumnsWriter() {}

  /** Encodes {@code batch} rows {@code [from, to)} in order. */
  public static byte[][] encode(SpanBatch batch, int from, int to, Tables tables) {
    ByteSink[] sinks = new ByteSink[Column.COUNT];
    for (int i = 0; i < sinks.length; i++) {
      sinks[i] = new ByteSink(Math.max(64, (to - from) * 2));
    }
    long previousStart = 0;
    Map<Long, Integer> runRows = new HashMap<>();
    int row = from;
    while (row < to) {
      int runEnd = runEnd(batch, row, to);
      sinks[Column.TRACE_RUNS.ordinal()]
          .writeLong(batch.traceIdHigh(row))
          .writeLong(batch.traceIdLow(row))
          .writeVarInt(runEnd - row);
      runRows.clear();
      for (int r = row; r < runEnd; r++) {
        runRows.putIfAbsent(batch.spanId(r), r - row);
      }
      previousStart = writeRun(batch, row, runEnd, runRows, sinks, tables, previousStart);
      row = runEnd;
    }
    byte[][] out = new byte[Column.COUNT][];
    for (int i = 0; i < out.length; i++) {
      out[i] = sinks[i].toByteArray();
    }
    return out;
  }

  private static int runEnd(SpanBatch batch, int row, int to) {
    int end = row + 1;
    while (end < to
        && batch.traceIdHigh(end) == batch.traceIdHigh(row)
        && batch.traceIdLow(end) == batch.traceIdLow(row)) {
      end++;
    }
    return end;
  }

  /** Returns the start time of the run's last row, the base of the next delta. */
  private static long writeRun(
      SpanBatch batch,
      int from,
      int to,
      Map<Long, Integer> runRows,
      ByteSink[] sinks,
      Tables tables,
      long previousStart) {
    for (int row = from; row < to; row++) {
      sinks[Column.SPAN_ID.ordinal()].writeLong(batch.spanId(row));
      long parent = batch.parentSpanId(row);
      ByteSink parents = sinks[Column.PARENT.ordinal()];
      if (parent == 0) {
        parents.writeVarInt(0);
      } else {
        Integer local = runRows.get(parent);
        // Rows are sorted by start time, so a child whose clock runs ahead of its parent's (clock
        // skew) comes first; the reader resolves only backward references, so a parent written
        // later is stored by value.
        if (local == null || local >= row - from) {
          parents.writeVarInt(1).writeLong(parent);
        } else {
          parents.writeVarInt(2 + local);
        }
      }
      sinks[Column.START.ordinal()].writeSignedVarLong(batch.startNanos(row) - previousStart);
      previousStart = batch.startNanos(row);
      sinks[Column.DURATION.ordinal()].writeSignedVarLong(batch.durationNanos(row));
      sinks[Column.KIND_STATUS.ordinal()].writeByte(
          batch.kind(row).number() | (batch.statusCode(row).number() << 4));
      sinks[Column.STATUS_MESSAGE.ordinal()].writeVarInt(tables.string(batch.statusMessage(row)));
      sinks[Column.NAME.ordinal()].writeVarInt(tables.string(batch.name(row)));
      sinks[Column.TRACE_STATE.ordinal()].writeVarInt(tables.string(batch.traceState(row)));
      sinks[Column.FLAGS.ordinal()].writeVarInt(batch.flags(row));
      sinks[Column.RESOURCE.ordinal()].writeVarInt(tables.resource(batch.resource(row)));
      sinks[Column.SCOPE.ordinal()].writeVarInt(tables.scope(batch.scope(row)));
      sinks[Column.DROPPED.ordinal()]
          .writeVarInt(batch.droppedAttributesCount(row))
          .writeVarInt(batch.droppedEventsCount(row))
          .writeVarInt(batch.droppedLinksCount(row));
      int attributes = batch.attributeCount(row);
      sinks[Column.ATTRIBUTE_COUNT.ordinal()].writeVarInt(attributes);
      for (int i = 0; i < attributes; i++) {
        sinks[Column.ATTRIBUTE_KEY.ordinal()].writeVarInt(
            tables.string(batch.attributeKey(row, i)));
        AttributeCodec.writeValue(
            batch.attributeValue(row, i), tables, sinks[Column.ATTRIBUTE_VALUE.ordinal()]);
      }
      writeEvents(batch.events(row), batch.startNanos(row), tables, sinks[Column.EVENTS.ordinal()]);
      writeLinks(batch.links(row), tables, sinks[Column.LINKS.ordinal()]);
    }
    return previousStart;
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
