package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Status;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Builds {@link Span} objects, or one {@link SpanBatch}, from a row group's columns. The columns
 * are varint streams, so rows before the first wanted one are parsed but stepped over without
 * allocating: a trace lookup pays for one trace's objects, not the row group's.
 */
final class RowMaterializer {
  private final RowGroup rows;
  private final Tables tables;
  private final long[] traceHigh;
  private final long[] traceLow;
  private final int[] runFirstRow;
  private final long[] start;
  private final long[] end;

  RowMaterializer(
      RowGroup rows,
      long[] traceHigh,
      long[] traceLow,
      int[] runFirstRow,
      long[] start,
      long[] end) {
    this.rows = rows;
    this.tables = rows.tables();
    this.traceHigh = traceHigh;
    this.traceLow = traceLow;
    this.runFirstRow = runFirstRow;
    this.start = start;
    this.end = end;
  }

  List<Span> spans(int from, int to) {
    return spans(from, to, row -> true);
  }

  /**
   * The spans of rows {@code from} (inclusive) to {@code to} (exclusive) that {@code keep} accepts;
   * the others are read past without building objects, as the rows before {@code from} are.
   */
  List<Span> spans(int from, int to, IntPredicate keep) {
    Sources in = new Sources(rows);
    RowGroup.AttributeStarts starts = rows.attributeStarts();
    if (starts != null && starts.known() < to) {
      starts = null; // parsed only part of the way: step over the rows as if none were
    }
    // Set while rows are stepped over by their recorded starts: the attribute sources must jump
    // to the next row that is built.
    boolean attributesBehind = false;
    long[] ids = new long[to];
    List<Span> out = new ArrayList<>(to - from);
    for (int row = 0; row < to; row++) {
      ids[row] = in.spanIds.readLong();
      int parentCode = in.parents.readVarInt();
      long parent = parentCode == 1 ? in.parents.readLong() : 0;
      int kindAndStatus = in.kinds.readByte();
      int message = in.messages.readVarInt();
      int name = in.names.readVarInt();
      int state = in.states.readVarInt();
      int flag = in.flags.readVarInt();
      int resource = in.resources.readVarInt();
      int scope = in.scopes.readVarInt();
      int droppedAttributes = in.dropped.readVarInt();
      int droppedEvents = in.dropped.readVarInt();
      int droppedLinks = in.dropped.readVarInt();
      int attributeCount = in.attributeCounts.readCount();
      if (row < from || !keep.test(row)) {
        if (starts != null) {
          attributesBehind = true;
        } else {
          for (int i = 0; i < attributeCount; i++) {
            in.attributeKeys.readVarInt();
            AttributeCodec.skipValue(in.attributeValues);
          }
        }
        skipEvents(in.events);
        skipLinks(in.links);
        continue;
      }
      if (attributesBehind && starts != null) {
        in.attributeKeys.seek(starts.keys()[row]);
        in.attributeValues.seek(starts.values()[row]);
        attributesBehind = false;
      }
      parent = parent(row, ids, parentCode, parent);
      Attributes attributes = readAttributes(attributeCount, in.attributeKeys, in.attributeValues);
      out.add(
          new Span(
              new TraceId(traceHigh[row], traceLow[row]),
              new SpanId(ids[row]),
              parent == 0 ? Optional.empty() : Optional.of(new SpanId(parent)),
              tables.checkedString(state),
              tables.checkedString(name),
              RowGroup.kindOf(kindAndStatus & 0xF),
              start[row],
              end[row],
              attributes,
              readEvents(in.events, start[row]),
              readLinks(in.links),
              new Status(
                  RowGroup.statusOf((kindAndStatus >> 4) & 0xF), tables.checkedString(message)),
              flag,
              tables.checkedResource(resource),
              tables.checkedScope(scope),
              droppedAttributes,
              droppedEvents,
              droppedLinks));
    }
    return out;
  }

  /**
   * Every row as one batch, in row order, without span, attribute-map or id objects: compaction's
   * input, which the block writer encodes from batches as a cut does. Checks the rows as {@link
   * #spans} does.
   */
  SpanBatch batch() {
    int count = rows.rowCount();
    BatchRows in = new BatchRows(rows, SpanBatch.builder(count, attributeTotal(count)), count);
    for (int row = 0; row < count; row++) {
      batchRow(in, row);
    }
    return in.out.build();
  }

  /**
   * Appends row {@code row} to the batch. A method of its own, called per row: with the loop around
   * it, it compiled to 118 KB of machine code, built three times in a fresh server's first minute
   * (docs/benchmarks.md, session 16).
   */
  private void batchRow(BatchRows in, int row) {
    long[] ids = in.ids;
    ids[row] = in.spanIds.readLong();
    int parentCode = in.parents.readVarInt();
    long parent = parent(row, ids, parentCode, parentCode == 1 ? in.parents.readLong() : 0);
    int kindAndStatus = in.kinds.readByte();
    String message = tables.checkedString(in.messages.readVarInt());
    String name = tables.checkedString(in.names.readVarInt());
    String state = tables.checkedString(in.states.readVarInt());
    int flag = in.flags.readVarInt();
    int resource = in.resources.readVarInt();
    int scope = in.scopes.readVarInt();
    SpanBatch.Builder out = in.out;
    out.beginSpan(in.resourceIndex(resource), in.scopeIndex(scope))
        .traceId(traceHigh[row], traceLow[row])
        .spanId(ids[row])
        .parentSpanId(parent)
        .name(name)
        .traceState(state)
        .kind(RowGroup.kindOf(kindAndStatus & 0xF))
        .startNanos(start[row])
        .endNanos(end[row])
        .status(RowGroup.statusOf((kindAndStatus >> 4) & 0xF), message)
        .flags(flag)
        .droppedCounts(in.dropped.readVarInt(), in.dropped.readVarInt(), in.dropped.readVarInt());
    batchAttributes(in);
    for (Event event : readEvents(in.events, start[row])) {
      out.event(event);
    }
    for (Link link : readLinks(in.links)) {
      out.link(link);
    }
    out.commitSpan();
  }

  private void batchAttributes(BatchRows in) {
    int attributeCount = in.attributeCounts.readCount();
    for (int i = 0; i < attributeCount; i++) {
      String key = tables.checkedString(in.attributeKeys.readVarInt());
      in.out.attribute(key, AttributeCodec.readValue(tables, in.attributeValues));
    }
  }

  /** {@link #batch}'s state: the column cursors, the builder, the span ids read so far. */
  private final class BatchRows extends Sources {
    final SpanBatch.Builder out;
    final long[] ids;
    // The block's resource and scope indexes mapped to the batch's, each registered once: hashing
    // a resource's attributes per row would cost more than the row.
    private final Map<Integer, Integer> resourceIndexes = new HashMap<>();
    private final Map<Integer, Integer> scopeIndexes = new HashMap<>();

    BatchRows(RowGroup rows, SpanBatch.Builder out, int count) {
      super(rows);
      this.out = out;
      this.ids = new long[count];
    }

    int resourceIndex(int resource) {
      Integer index = resourceIndexes.get(resource);
      if (index == null) {
        index = out.resourceIndex(tables.checkedResource(resource));
        resourceIndexes.put(resource, index);
      }
      return index;
    }

    int scopeIndex(int scope) {
      Integer index = scopeIndexes.get(scope);
      if (index == null) {
        index = out.scopeIndex(tables.checkedScope(scope));
        scopeIndexes.put(scope, index);
      }
      return index;
    }
  }

  /**
   * The attributes of all {@code count} rows, from a pass over the counts column of its own, so the
   * batch is built in arrays of its final size with nothing grown or copied. Each attribute takes
   * at least a byte of the keys column, so damaged counts size no larger than that.
   */
  private int attributeTotal(int count) {
    ByteSource counts = rows.columnSource(Column.ATTRIBUTE_COUNT);
    long bound = rows.columnSource(Column.ATTRIBUTE_KEY).remaining();
    long total = 0;
    try {
      for (int row = 0; row < count && counts.hasRemaining() && total <= bound; row++) {
        total += counts.readCount();
      }
    } catch (MalformedDataException e) {
      // Only a size: the rows' pass reports the damage where it meets it.
    }
    return (int) Math.min(total, bound);
  }

  /** A row group's columns, each read from its start by one cursor. */
  private static class Sources {
    final ByteSource spanIds;
    final ByteSource parents;
    final ByteSource kinds;
    final ByteSource messages;
    final ByteSource names;
    final ByteSource states;
    final ByteSource flags;
    final ByteSource resources;
    final ByteSource scopes;
    final ByteSource dropped;
    final ByteSource attributeCounts;
    final ByteSource attributeKeys;
    final ByteSource attributeValues;
    final ByteSource events;
    final ByteSource links;

    Sources(RowGroup rows) {
      spanIds = rows.columnSource(Column.SPAN_ID);
      parents = rows.columnSource(Column.PARENT);
      kinds = rows.columnSource(Column.KIND_STATUS);
      messages = rows.columnSource(Column.STATUS_MESSAGE);
      names = rows.columnSource(Column.NAME);
      states = rows.columnSource(Column.TRACE_STATE);
      flags = rows.columnSource(Column.FLAGS);
      resources = rows.columnSource(Column.RESOURCE);
      scopes = rows.columnSource(Column.SCOPE);
      dropped = rows.columnSource(Column.DROPPED);
      attributeCounts = rows.columnSource(Column.ATTRIBUTE_COUNT);
      attributeKeys = rows.columnSource(Column.ATTRIBUTE_KEY);
      attributeValues = rows.columnSource(Column.ATTRIBUTE_VALUE);
      events = rows.columnSource(Column.EVENTS);
      links = rows.columnSource(Column.LINKS);
    }
  }

  /**
   * The parent span id of a row, checked: code 0 is no parent, 1 an id written out ({@code
   * written}), 2 and up an earlier row of the trace's run, counted from its first row.
   */
  private long parent(int row, long[] ids, int parentCode, long written) {
    if (ids[row] == 0) {
      throw new MalformedDataException("all-zero span id at row " + row);
    }
    if (parentCode == 1 && written == 0) {
      throw new MalformedDataException("all-zero parent span id at row " + row);
    }
    if (parentCode < 0 || parentCode - 2 >= row - runFirstRow[row]) {
      // Codes count from the first row of the trace's run; only earlier rows can be parents.
      throw new MalformedDataException("parent reference " + parentCode + " at row " + row);
    }
    return parentCode >= 2 ? ids[runFirstRow[row] + parentCode - 2] : written;
  }

  private Attributes readAttributes(int count, ByteSource keys, ByteSource values) {
    if (count == 0) {
      return Attributes.empty();
    }
    Attributes.Builder builder = Attributes.builder();
    for (int i = 0; i < count; i++) {
      String key = tables.checkedString(keys.readVarInt());
      AttributeValue value = AttributeCodec.readValue(tables, values);
      builder.put(key, value);
    }
    return builder.build();
  }

  private static void skipEvents(ByteSource in) {
    int count = in.readCount();
    for (int i = 0; i < count; i++) {
      in.readSignedVarLong();
      in.readVarInt();
      AttributeCodec.skipAttributes(in);
      in.readVarInt();
    }
  }

  private static void skipLinks(ByteSource in) {
    int count = in.readCount();
    for (int i = 0; i < count; i++) {
      in.skip(24);
      in.readVarInt();
      AttributeCodec.skipAttributes(in);
      in.readVarInt();
      in.readVarInt();
    }
  }

  private List<Event> readEvents(ByteSource in, long spanStart) {
    int count = in.readCount();
    if (count == 0) {
      return List.of();
    }
    // Sized by the bytes left, not the count: a count is bounded, but not by this chunk.
    List<Event> out = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      long time = spanStart + in.readSignedVarLong();
      String name = tables.checkedString(in.readVarInt());
      Attributes attributes = AttributeCodec.readAttributes(tables, in);
      out.add(new Event(time, name, attributes, in.readVarInt()));
    }
    return out;
  }

  private List<Link> readLinks(ByteSource in) {
    int count = in.readCount();
    if (count == 0) {
      return List.of();
    }
    List<Link> out = new ArrayList<>(Math.min(count, in.remaining()));
    for (int i = 0; i < count; i++) {
      long high = in.readLong();
      long low = in.readLong();
      long spanId = in.readLong();
      String state = tables.checkedString(in.readVarInt());
      Attributes attributes = AttributeCodec.readAttributes(tables, in);
      int flags = in.readVarInt();
      int dropped = in.readVarInt();
      if ((high == 0 && low == 0) || spanId == 0) {
        throw new MalformedDataException("link with an all-zero trace or span id");
      }
      out.add(
          new Link(new TraceId(high, low), new SpanId(spanId), state, attributes, flags, dropped));
    }
    return out;
  }
}
