package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.Column;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;

/**
 * A row group's entry in the footer: its first and last trace id (together, the sparse trace-id
 * index), its zone map (start, end and duration ranges) and where each column chunk is.
 */
record RowGroupMeta(
    int rows,
    long firstHigh,
    long firstLow,
    long lastHigh,
    long lastLow,
    long minStart,
    long maxEnd,
    long minDuration,
    long maxDuration,
    ChunkRef[] columns,
    BloomFilter attributes) {

  /** True when the group's rows span trace ids that include the given one (unsigned order). */
  boolean coversTrace(long high, long low) {
    return compare(firstHigh, firstLow, high, low) <= 0
        && compare(high, low, lastHigh, lastLow) <= 0;
  }

  static int compare(long highA, long lowA, long highB, long lowB) {
    int byHigh = Long.compareUnsigned(highA, highB);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(lowA, lowB);
  }

  void writeTo(ByteSink out) {
    out.writeVarInt(rows);
    out.writeLong(firstHigh).writeLong(firstLow).writeLong(lastHigh).writeLong(lastLow);
    out.writeLong(minStart).writeLong(maxEnd).writeLong(minDuration).writeLong(maxDuration);
    for (ChunkRef column : columns) {
      column.writeTo(out);
    }
    attributes.writeTo(out);
  }

  static RowGroupMeta readFrom(ByteSource in) {
    int rows = in.readCount();
    if (rows <= 0) {
      throw new MalformedDataException("row group of " + rows + " rows");
    }
    long firstHigh = in.readLong();
    long firstLow = in.readLong();
    long lastHigh = in.readLong();
    long lastLow = in.readLong();
    long minStart = in.readLong();
    long maxEnd = in.readLong();
    long minDuration = in.readLong();
    long maxDuration = in.readLong();
    ChunkRef[] columns = new ChunkRef[Column.COUNT];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = ChunkRef.readFrom(in);
    }
    return new RowGroupMeta(
        rows,
        firstHigh,
        firstLow,
        lastHigh,
        lastLow,
        minStart,
        maxEnd,
        minDuration,
        maxDuration,
        columns,
        BloomFilter.readFrom(in));
  }
}
