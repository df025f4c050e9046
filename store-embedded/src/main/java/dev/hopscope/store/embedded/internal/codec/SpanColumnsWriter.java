package dev.hopscope.store.embedded.internal.codec;

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
    StringIndexes strings = new StringIndexes(batch, tables);
    int row = from;
    while (row < to) {
      int runEnd = runEnd(batch, row, to);
      sinks[Column.TRACE_RUNS.ordinal()]
          .writeLong(batch.traceIdHigh(row))
          .writeLong(batch.traceIdLow(row))
          .writeVarInt(runEnd - row);
      runRows.clear();
      if (runEnd - row > SHORT_RUN) {
        for (int r = row; r < runEnd; r++) {
          runRows.putIfAbsent(batch.spanId(r), r - row);
        }
      }
      previousStart = writeRun(batch, row, runEnd, runRows, sinks, strings, previousStart);
      row = runEnd;
    }
    byte[][] out = new byte[Column.COUNT][];
    for (int i = 0; i < out.length; i++) {
      out[i] = sinks[i].toByteArray();
    }
    return out;
  }

  /** Runs up to this many rows find a parent by scanning; longer ones use a map. */
  private static final int SHORT_RUN = 64;

  /**
   * The run-relative row of the first span of the run (rows {@code runStart..}) with id {@code
   * parent}, or -1. A short run is scanned up to {@code row}, which finds exactly the backward
   * references the reader resolves, without boxing every span id into a map.
   */
  private static int localRow(
      SpanBatch batch, int runStart, int runEnd, int row, long parent, Map<Long, Integer> runRows) {
    if (runEnd - runStart > SHORT_RUN) {
      Integer local = runRows.get(parent);
      return local == null ? -1 : local;
    }
    for (int r = runStart; r < row; r++) {
      if (batch.spanId(r) == parent) {
        return r - runStart;
      }
    }
    return -1;
  }

  /** The table index of each of the batch's strings, looked up once per batch. */
  private static final class StringIndexes {
    private final SpanBatch batch;
    private final Tables tables;
    private final int[] indexes;

    StringIndexes(SpanBatch batch, Tables tables) {
      this.batch = batch;
      this.tables = tables;
      this.indexes = new int[batch.stringCount()];
      java.util.Arrays.fill(indexes, -1);
    }

    Tables tables() {
      return tables;
    }

    int of(int batchIndex) {
      int index = indexes[batchIndex];
      if (index < 0) {
        index = tables.string(batch.string(batchIndex));
        indexes[batchIndex] = index;
      }
      return index;
    }
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
      StringIndexes strings,
      long previousStart) {
    Tables tables = strings.tables();
    for (int row = from; row < to; row++) {
      sinks[Column.SPAN_ID.ordinal()].writeLong(batch.spanId(row));
      long parent = batch.parentSpanId(row);
      ByteSink parents = sinks[Column.PARENT.ordinal()];
      if (parent == 0) {
        parents.writeVarInt(0);
      } else {
        int local = localRow(batch, from, to, row, parent, runRows);
        // Rows are sorted by start time, so a child whose clock runs ahead of its parent's (clock
        // skew) comes first; the reader resolves only backward references, so a parent written
        // later is stored by value.
        if (local < 0 || local >= row - from) {
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
      sinks[Column.STATUS_MESSAGE.ordinal()].writeVarInt(strings.of(batch.statusMessageIndex(row)));
      sinks[Column.NAME.ordinal()].writeVarInt(strings.of(batch.nameIndex(row)));
      sinks[Column.TRACE_STATE.ordinal()].writeVarInt(strings.of(batch.traceStateIndex(row)));
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
            strings.of(batch.attributeKeyIndex(row, i)));
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
