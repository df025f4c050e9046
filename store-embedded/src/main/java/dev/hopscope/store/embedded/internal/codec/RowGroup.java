package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.store.SearchHints;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one encoded unit, decoded column by column on first use: a search that only needs
 * trace ids, times and names never touches the attribute or event columns. Not thread-safe; each
 * reader decodes its own.
 */
public final class RowGroup {
  private final int rowCount;
  private final Tables tables;
  private final IntFunction<byte[]> columns;
  // Each column's raw bytes once loaded: a block's loader decompresses on every call, and the
  // attribute columns are read by the offsets, by a search's string check and by materialising.
  private final byte[][] raw = new byte[Column.COUNT][];

  // Each column (or set of columns decoded together) is null until first used, then set whole.
  private @Nullable TraceIds traceIds;
  private @Nullable Times times;
  private int @Nullable [] names;
  private int @Nullable [] resources;
  private byte @Nullable [] kindStatus;
  private @Nullable Attributes attributes;
  private @Nullable AttributeStrings attributeStrings;
  // The string values a check has searched the value column for, and the rows each may be in.
  private int[] probedValues = new int[2];
  private int[] probedLimits = new int[2];
  private int probedCount;

  /** Per row: its trace id, and the first row of its trace's run. */
  private record TraceIds(long[] high, long[] low, int[] runFirstRow) {}

  private record Times(long[] start, long[] end) {}

  /** Rows' span attributes: row r's are {@code [offsets[r], offsets[r + 1])} of keys and values. */
  private record Attributes(int[] offsets, int[] keys, AttributeValue[] values) {}

  /**
   * Where each row's attributes start in the key and value columns, for the first {@code known}
   * rows, once a string check parsed them: materialising a few rows late in the group then jumps to
   * them instead of parsing every attribute before them a second time.
   */
  record AttributeStarts(int[] keys, int[] values, int known) {}

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
    return new ByteSource(raw(column));
  }

  private byte[] raw(Column column) {
    byte[] bytes = raw[column.ordinal()];
    if (bytes == null) {
      bytes = columns.apply(column.ordinal());
      raw[column.ordinal()] = bytes;
    }
    return bytes;
  }

  private TraceIds traceIds() {
    TraceIds loaded = traceIds;
    if (loaded != null) {
      return loaded;
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
    loaded = new TraceIds(high, low, first);
    traceIds = loaded;
    return loaded;
  }

  public long traceIdHigh(int row) {
    return traceIds().high()[row];
  }

  public long traceIdLow(int row) {
    return traceIds().low()[row];
  }

  private Times times() {
    Times loaded = times;
    if (loaded != null) {
      return loaded;
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
    loaded = new Times(starts, ends);
    times = loaded;
    return loaded;
  }

  public long startNanos(int row) {
    return times().start()[row];
  }

  public long endNanos(int row) {
    return times().end()[row];
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
    int[] loaded = names;
    if (loaded == null) {
      loaded = varInts(Column.NAME, tables.stringCount());
      names = loaded;
    }
    return loaded[row];
  }

  public int resourceIndex(int row) {
    int[] loaded = resources;
    if (loaded == null) {
      loaded = varInts(Column.RESOURCE, tables.resources().size());
      resources = loaded;
    }
    return loaded[row];
  }

  public StatusCode statusCode(int row) {
    byte[] loaded = kindStatus;
    if (loaded == null) {
      loaded = column(Column.KIND_STATUS).readBytes(rowCount);
      kindStatus = loaded;
    }
    return statusOf((loaded[row] >> 4) & 0xF);
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
    int keyBytes = raw(Column.ATTRIBUTE_KEY).length;
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

  private Attributes attributes() {
    Attributes loaded = attributes;
    if (loaded != null) {
      return loaded;
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
    loaded = new Attributes(offsets, keys, values);
    attributes = loaded;
    return loaded;
  }

  /**
   * True when the row's span attributes hold {@code key} (a dictionary index) equal to value, or an
   * array holding it.
   */
  public boolean spanAttributeEquals(int row, int key, AttributeValue value) {
    Attributes decoded = attributes();
    for (int i = decoded.offsets()[row]; i < decoded.offsets()[row + 1]; i++) {
      if (decoded.keys()[i] == key && SearchHints.valueMatches(value, decoded.values()[i])) {
        return true;
      }
    }
    return false;
  }

  /** Calls back with each span attribute of the row: key, value. */
  public void forEachSpanAttribute(
      int row, java.util.function.BiConsumer<String, AttributeValue> action) {
    Attributes decoded = attributes();
    for (int i = decoded.offsets()[row]; i < decoded.offsets()[row + 1]; i++) {
      action.accept(tables.string(decoded.keys()[i]), decoded.values()[i]);
    }
  }

  /** Materialises rows {@code [from, to)} as spans; rows before {@code from} are stepped over. */
  public List<Span> spans(int from, int to) {
    return spans(from, to, row -> true);
  }

  /** The spans of the rows in {@code [from, to)} that {@code keep} accepts, in row order. */
  public List<Span> spans(int from, int to, IntPredicate keep) {
    TraceIds ids = traceIds();
    Times rowTimes = times();
    return new RowMaterializer(
            this, ids.high(), ids.low(), ids.runFirstRow(), rowTimes.start(), rowTimes.end())
        .spans(from, to, keep);
  }

  /** Every row as one batch, in row order: what compaction merges, without span objects. */
  public SpanBatch batch() {
    TraceIds ids = traceIds();
    Times rowTimes = times();
    return new RowMaterializer(
            this, ids.high(), ids.low(), ids.runFirstRow(), rowTimes.start(), rowTimes.end())
        .batch();
  }

  ByteSource columnSource(Column column) {
    return column(column);
  }

  /**
   * Where each row's attributes start, for the rows a string check has parsed so far ({@link
   * AttributeStarts#known}); null before the first.
   */
  @Nullable AttributeStarts attributeStarts() {
    AttributeStrings parsed = attributeStrings;
    return parsed == null ? null : parsed.starts();
  }

  private AttributeStrings attributeStrings() {
    AttributeStrings loaded = attributeStrings;
    if (loaded == null) {
      loaded =
          new AttributeStrings(
              attributeOffsets(),
              column(Column.ATTRIBUTE_KEY),
              column(Column.ATTRIBUTE_VALUE),
              rowCount);
      attributeStrings = loaded;
    }
    return loaded;
  }

  /**
   * True when the row has span attribute {@code key} equal to the string {@code value}, or an array
   * holding it, both dictionary indexes: integer compares over columns parsed without building
   * values. Only an array under the key makes it decode the row's values.
   *
   * <p>The value column is first searched for the value's bytes: a group without them is answered
   * without parsing, and a group with them is parsed only as far as the trace of their last
   * occurrence, which is what a selective search then fetches.
   */
  public boolean spanAttributeEqualsString(int row, int key, int value) {
    if (row >= matchLimit(value)) {
      return false;
    }
    AttributeStrings strings = attributeStrings();
    strings.parseTo(row + 1);
    for (int i = strings.offsets[row]; i < strings.offsets[row + 1]; i++) {
      if (strings.keys[i] != key) {
        continue;
      }
      if (strings.values[i] == value) {
        return true;
      }
      if (strings.values[i] == AttributeCodec.SKIPPED_ARRAY && arrayHoldsString(i, value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first row from which no row can hold the string {@code value} under any key: 0 when the
   * value column lacks its bytes, else the end of the trace run that holds their last occurrence.
   * Sound because the writer spells a string value, alone or in an array, as its tag and the
   * minimal varint of its index ({@link AttributeCodec#writeString}), and chunks are checksummed: a
   * row past the last occurrence has no such value. Remembered per value.
   */
  private int matchLimit(int value) {
    for (int i = 0; i < probedCount; i++) {
      if (probedValues[i] == value) {
        return probedLimits[i];
      }
    }
    int limit = limitFor(value);
    if (probedCount == probedValues.length) {
      probedValues = Arrays.copyOf(probedValues, probedCount * 2);
      probedLimits = Arrays.copyOf(probedLimits, probedCount * 2);
    }
    probedValues[probedCount] = value;
    probedLimits[probedCount++] = limit;
    return limit;
  }

  private int limitFor(int value) {
    int last = lastOccurrence(raw(Column.ATTRIBUTE_VALUE), value);
    if (last < 0) {
      return 0;
    }
    AttributeStrings strings = attributeStrings();
    int row = strings.rowHoldingValueByte(last);
    int[] runFirst = traceIds().runFirstRow();
    int end = row + 1;
    while (end < rowCount && runFirst[end] == runFirst[row]) {
      end++;
    }
    return end;
  }

  /** Where the last {@code STRING, varint(value)} sequence starts in {@code column}, or -1. */
  static int lastOccurrence(byte[] column, int value) {
    byte[] pattern = new byte[6];
    pattern[0] = (byte) AttributeCodec.STRING_TAG;
    int length = 1;
    long rest = value & 0xFFFFFFFFL;
    while ((rest & ~0x7FL) != 0) {
      pattern[length++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    pattern[length++] = (byte) rest;
    byte tag = pattern[0];
    byte first = pattern[1];
    outer:
    for (int at = column.length - length; at >= 0; at--) {
      if (column[at + 1] != first || column[at] != tag) {
        continue;
      }
      for (int i = 2; i < length; i++) {
        if (column[at + i] != pattern[i]) {
          continue outer;
        }
      }
      return at;
    }
    return -1;
  }

  private boolean arrayHoldsString(int attribute, int value) {
    return SearchHints.valueMatches(
        AttributeValue.of(tables.string(value)), attributes().values()[attribute]);
  }
}
