package dev.hopscope.store.embedded.codec;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.store.SearchHints;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

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
  private int[] stringOffsets;
  private int[] stringKeys;
  private int[] stringValues;

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
      if (length <= 0 || length > rowCount - row) {
        throw new MalformedDataException("trace run of " + length + " rows at row " + row);
      }
      if (h == 0 && l == 0) {
        throw new MalformedDataException("all-zero trace id at row " + row);
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
    return statusOf((kindStatus[row] >> 4) & 0xF);
  }

  private static final SpanKind[] KINDS = SpanKind.values();
  private static final StatusCode[] STATUS_CODES = StatusCode.values();

  /** The kind a column stores, or {@link MalformedDataException} rather than the model's error. */
  static SpanKind kindOf(int number) {
    if (number >= KINDS.length) {
      throw new MalformedDataException("span kind " + number + " outside 0.." + (KINDS.length - 1));
    }
    return KINDS[number];
  }

  static StatusCode statusOf(int number) {
    if (number >= STATUS_CODES.length) {
      throw new MalformedDataException(
          "status code " + number + " outside 0.." + (STATUS_CODES.length - 1));
    }
    return STATUS_CODES[number];
  }

  /**
   * Row offsets into the attribute columns. Every attribute takes at least one byte of the key
   * column, so a count beyond its size is malformed: checked before arrays of that size exist.
   */
  private int[] attributeOffsets() {
    int[] offsets = new int[rowCount + 1];
    ByteSource counts = column(Column.ATTRIBUTE_COUNT);
    int keyBytes = columns.apply(Column.ATTRIBUTE_KEY.ordinal()).length;
    for (int row = 0; row < rowCount; row++) {
      int count = counts.readCount();
      if (count > keyBytes - offsets[row]) {
        throw new MalformedDataException(
            "attribute counts reach "
                + ((long) offsets[row] + count)
                + " by row "
                + row
                + ", more than the "
                + keyBytes
                + " bytes of keys");
      }
      offsets[row + 1] = offsets[row] + count;
    }
    return offsets;
  }

  private void loadAttributes() {
    if (attributeOffsets != null) {
      return;
    }
    int[] offsets = attributeOffsets();
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

  /**
   * True when the row's span attributes hold {@code key} (a dictionary index) equal to value, or an
   * array holding it.
   */
  public boolean spanAttributeEquals(int row, int key, AttributeValue value) {
    loadAttributes();
    for (int i = attributeOffsets[row]; i < attributeOffsets[row + 1]; i++) {
      if (attributeKeys[i] == key && SearchHints.valueMatches(value, attributeValues[i])) {
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

  /** Materialises rows {@code [from, to)} as spans; rows before {@code from} are stepped over. */
  public List<Span> spans(int from, int to) {
    return spans(from, to, row -> true);
  }

  /** The spans of the rows in {@code [from, to)} that {@code keep} accepts, in row order. */
  public List<Span> spans(int from, int to, IntPredicate keep) {
    loadTraceIds();
    loadTimes();
    return new RowMaterializer(this, traceHigh, traceLow, runFirstRow, start, end)
        .spans(from, to, keep);
  }

  ByteSource columnSource(Column column) {
    return column(column);
  }

  private void loadAttributeStrings() {
    if (stringOffsets != null) {
      return;
    }
    int[] offsets = attributeOffsets();
    int total = offsets[rowCount];
    int[] keys = new int[total];
    int[] strings = new int[total];
    ByteSource keyIn = column(Column.ATTRIBUTE_KEY);
    ByteSource valueIn = column(Column.ATTRIBUTE_VALUE);
    for (int i = 0; i < total; i++) {
      keys[i] = keyIn.readVarInt();
      strings[i] = AttributeCodec.skipValue(valueIn);
    }
    stringOffsets = offsets;
    stringKeys = keys;
    stringValues = strings;
  }

  /**
   * True when the row has span attribute {@code key} equal to the string {@code value}, or an array
   * holding it, both dictionary indexes: integer compares over columns parsed without building
   * values. Only an array under the key makes it decode the row's values.
   */
  public boolean spanAttributeEqualsString(int row, int key, int value) {
    loadAttributeStrings();
    for (int i = stringOffsets[row]; i < stringOffsets[row + 1]; i++) {
      if (stringKeys[i] != key) {
        continue;
      }
      if (stringValues[i] == value) {
        return true;
      }
      if (stringValues[i] == AttributeCodec.SKIPPED_ARRAY && arrayHoldsString(i, value)) {
        return true;
      }
    }
    return false;
  }

  private boolean arrayHoldsString(int attribute, int value) {
    loadAttributes();
    return SearchHints.valueMatches(
        AttributeValue.of(tables.string(value)), attributeValues[attribute]);
  }
}
