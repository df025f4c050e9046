package dev.hopscope.store.embedded.internal.wal;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.Column;
import dev.hopscope.store.embedded.internal.codec.RowGroup;
import dev.hopscope.store.embedded.internal.codec.RowRefs;
import dev.hopscope.store.embedded.internal.codec.SpanColumnsWriter;
import dev.hopscope.store.embedded.internal.codec.Tables;

/**
 * A WAL record's payload: one batch in the block column encoding, uncompressed (the WAL is on the
 * ingest path and short-lived; zstd would cost more CPU than the bytes it saves).
 */
public final class WalRecordCodec {
  private WalRecordCodec() {}

  public static byte[] encode(SpanBatch batch) {
    Tables tables = new Tables();
    RowRefs rows = RowRefs.of(batch, tables);
    ByteSink[] columns = SpanColumnsWriter.sinks(rows, 0, batch.size());
    SpanColumnsWriter.encode(rows, 0, batch.size(), columns);
    // The tables' size is known only once written: a guess of 32 bytes per string, which a batch
    // of mostly repeated names and keys stays under, and the columns' exact size.
    int length = 5 + 32 * tables.stringCount() + 1024;
    for (ByteSink column : columns) {
      length += 5 + column.size();
    }
    ByteSink out = new ByteSink(length);
    out.writeVarInt(batch.size());
    tables.writeTo(out);
    for (ByteSink column : columns) {
      out.writeVarInt(column.size()).writeBytes(column.array(), 0, column.size());
    }
    return out.toByteArray();
  }

  public static SpanBatch decode(byte[] payload) {
    ByteSource in = new ByteSource(payload);
    int rows = in.readCount();
    Tables tables = Tables.readFrom(in);
    byte[][] columns = new byte[Column.COUNT][];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = in.readLengthPrefixed();
    }
    return SpanBatch.of(new RowGroup(rows, tables, index -> columns[index]).spans(0, rows));
  }
}
