package dev.hopscope.store.embedded.codec;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The rows of one encoded unit, decoded column by column on first use: a search that only needs
 * trace ids, times and names never touches the attribute or event columns. Not thread-safe; each
 * reader decodes its own.
 */
public final class RowGroup {
  private final int rowCount;
  private final Tables tables;
  private final IntFunction<byte[]> columns;

  private long[] traceHigh;
  private long[] traceLow;
  private int[] runFirstRow;
  private long[] start;
  private long[] end;
  private int[] names;
  private int[] resources;
  private byte[] kindStatus;
  private int[] attributeOffsets;
  private int[] attributeKeys;
  private AttributeValue[] attributeValues;

  /**
   * @param columns loads the raw bytes of a column by its {@link Column} ordinal
   */
  public RowGroup(int rowCount, Tables tables, IntFunction<byte[]> columns) {
    this.rowCount = rowCount;
    this.tables = tables;
    this.columns = columns;
  }

  public int rowCount() {
    return rowCount;
  }

  public Tables tables() {
    return tables;
  }

  private ByteSource column(Column column) {
    return new ByteSource(columns.apply(column.ordinal()));
  }

  private void loadTraceIds() {
    if (traceHigh != null) {
      return;
    }
    long[] high = new long[rowCount];
    long[] low = new long[rowCount];
    int[] first = new int[rowCount];
    ByteSource in = column(Column.TRACE_RUNS);
    int row = 0;
    while (row < rowCount) {
      long h = in.readLong();
      long l = in.readLong();
      int length = in.readVarInt();
      if (length <= 0 || row + length > rowCount) {
        throw new MalformedDataException("trace run of " + length + " rows at row " + row);
      }
      for (int i = 0; i < length; i++) {
        high[row + i] = h;
        low[row + i] = l;
        first[row + i] = row;
      }
      row += length;
    }
    traceHigh = high;
    traceLow = low;
    runFirstRow = first;
  }

  public long traceIdHigh(int row) {
    loadTraceIds();
    return traceHigh[row];
  }

  public long traceIdLow(int row) {
    loadTraceIds();
    return traceLow[row];
  }

  private void loadTimes() {
    if (start != null) {
      return;
    }
    long[] starts = new long[rowCount];
    long[] ends = new long[rowCount];
    ByteSource startIn = column(Column.START);
    ByteSource durationIn = column(Column.DURATION);
    long previous = 0;
    for (int row = 0; row < rowCount; row++) {
      previous += startIn.readSignedVarLong();
      starts[row] = previous;
      ends[row] = previous + durationIn.readSignedVarLong();
    }
    start = starts;
    end = ends;
  }

  public long startNanos(int row) {
    loadTimes();
    return start[row];
  }

  public long endNanos(int row) {
    loadTimes();
    return end[row];
  }

  private int[] varInts(Column column, int bound) {
    int[] out = new int[rowCount];
    ByteSource in = column(column);
    for (int row = 0; row < rowCount; row++) {
      int value = in.readVarInt();
      if (value < 0 || value >= bound) {
        throw new MalformedDataException(column + " index " + value + " outside " + bound);
      }
      out[row] = value;
    }
    return out;
  }

  /** Dictionary index of the span name. */
  public int nameIndex(int row) {
    if (names == null) {
      names = varInts(Column.NAME, tables.stringCount());
    }
    return names[row];
  }

  public int resourceIndex(int row) {
    if (resources == null) {
      resources = varInts(Column.RESOURCE, tables.resources().size());
    }
    return resources[row];
  }

  public StatusCode statusCode(int row) {
    if (kindStatus == null) {
      kindStatus = column(Column.KIND_STATUS).readBytes(rowCount);
    }
    return StatusCode.fromNumber((kindStatus[row] >> 4) & 0xF);
  }

  private void loadAttributes() {
    if (attributeOffsets != null) {
      return;
    }
    int[] offsets = new int[rowCount + 1];
    ByteSource counts = column(Column.ATTRIBUTE_COUNT);
    for (int row = 0; row < rowCount; row++) {
      offsets[row + 1] = offsets[row] + counts.readCount();
    }
    int total = offsets[rowCount];
    int[] keys = new int[total];
    AttributeValue[] values = new AttributeValue[total];
    ByteSource keyIn = column(Column.ATTRIBUTE_KEY);
    ByteSource valueIn = column(Column.ATTRIBUTE_VALUE);
    for (int i = 0; i < total; i++) {
      keys[i] = keyIn.readVarInt();
      tables.checkedString(keys[i]);
      values[i] = AttributeCodec.readValue(tables, valueIn);
    }
    attributeOffsets = offsets;
    attributeKeys = keys;
    attributeValues = values;
  }

  /** True when the row's span attributes hold {@code key} (a dictionary index) equal to value. */
  public boolean spanAttributeEquals(int row, int key, AttributeValue value) {
    loadAttributes();
    for (int i = attributeOffsets[row]; i < attributeOffsets[row + 1]; i++) {
      if (attributeKeys[i] == key && value.equals(attributeValues[i])) {
        return true;
      }
    }
    return false;
  }

  /** Calls back with each span attribute of the row: key, value. */
  public void forEachSpanAttribute(
      int row, java.util.function.BiConsumer<String, AttributeValue> action) {
    loadAttributes();
    for (int i = attributeOffsets[row]; i < attributeOffsets[row + 1]; i++) {
      action.accept(tables.string(attributeKeys[i]), attributeValues[i]);
    }
  }

  /** First and last row (exclusive) of the run of rows sharing {@code row}'s trace id. */
  public int runStart(int row) {
    loadTraceIds();
    return runFirstRow[row];
  }

  /** Materialises rows {@code [from, to)} as spans; the row-ordered columns are parsed up to to. */
  public List<Span> spans(int from, int to) {
    loadTraceIds();
    loadTimes();
    loadAttributes();
    ByteSource spanIds = column(Column.SPAN_ID);
    ByteSource parents = column(Column.PARENT);
    ByteSource kinds = column(Column.KIND_STATUS);
    ByteSource messages = column(Column.STATUS_MESSAGE);
    ByteSource nameIn = column(Column.NAME);
    ByteSource states = column(Column.TRACE_STATE);
    ByteSource flags = column(Column.FLAGS);
    ByteSource resourceIn = column(Column.RESOURCE);
    ByteSource scopes = column(Column.SCOPE);
    ByteSource dropped = column(Column.DROPPED);
    ByteSource events = column(Column.EVENTS);
    ByteSource links = column(Column.LINKS);
    long[] ids = new long[to];
    List<Span> out = new ArrayList<>(to - from);
    for (int row = 0; row < to; row++) {
      ids[row] = spanIds.readLong();
      int parentCode = parents.readVarInt();
      long parent =
          switch (parentCode) {
            case 0 -> 0;
            case 1 -> parents.readLong();
            default -> {
              int local = runFirstRow[row] + parentCode - 2;
              if (local >= row) {
                throw new MalformedDataException(
                    "parent reference " + parentCode + " at row " + row);
              }
              yield ids[local];
            }
          };
      int kindAndStatus = kinds.readByte();
      String message = tables.checkedString(messages.readVarInt());
      String name = tables.checkedString(nameIn.readVarInt());
      String state = tables.checkedString(states.readVarInt());
      int flag = flags.readVarInt();
      int resource = resourceIn.readVarInt();
      int scope = scopes.readVarInt();
      int droppedAttributes = dropped.readVarInt();
      int droppedEvents = dropped.readVarInt();
      int droppedLinks = dropped.readVarInt();
      List<Event> rowEvents = readEvents(events, start[row]);
      List<Link> rowLinks = readLinks(links);
      if (row < from) {
        continue;
      }
      out.add(
          new Span(
              new TraceId(traceHigh[row], traceLow[row]),
              new SpanId(ids[row]),
              parent == 0 ? Optional.empty() : Optional.of(new SpanId(parent)),
              state,
              name,
              SpanKind.fromNumber(kindAndStatus & 0xF),
              start[row],
              end[row],
              attributes(row),
              rowEvents,
              rowLinks,
              new Status(StatusCode.fromNumber((kindAndStatus >> 4) & 0xF), message),
              flag,
              tables.checkedResource(resource),
              tables.checkedScope(scope),
              droppedAttributes,
              droppedEvents,
              droppedLinks));
    }
    return out;
  }

  private Attributes attributes(int row) {
    int from = attributeOffsets[row];
    int to = attributeOffsets[row + 1];
    if (from == to) {
      return Attributes.empty();
    }
    Attributes.Builder builder = Attributes.builder();
    for (int i = from; i < to; i++) {
      builder.put(tables.string(attributeKeys[i]), attributeValues[i]);
    }
    return builder.build();
  }

  private List<Event> readEvents(ByteSource in, long spanStart) {
    int count = in.readCount();
    if (count == 0) {
      return List.of();
    }
    List<Event> out = new ArrayList<>(count);
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
    List<Link> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long high = in.readLong();
      long low = in.readLong();
      long spanId = in.readLong();
      String state = tables.checkedString(in.readVarInt());
      Attributes attributes = AttributeCodec.readAttributes(tables, in);
      int flags = in.readVarInt();
      int dropped = in.readVarInt();
      try {
        out.add(
            new Link(
                new TraceId(high, low), new SpanId(spanId), state, attributes, flags, dropped));
      } catch (IllegalArgumentException e) {
        throw new MalformedDataException("link with an invalid id: " + e.getMessage());
      }
    }
    return out;
  }
}
