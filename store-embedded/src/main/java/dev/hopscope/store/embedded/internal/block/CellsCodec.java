package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.cells.CellExemplar;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.cells.SpanCells;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The span cells chunk of a block:
 *
 * <pre>
 * varint version (1)
 * varint keys, each: byte hasService, [string service], string name, byte kind, byte status
 * varint cells, each: varint key, signed varlong grain delta, varlong count,
 *   signed varlongs sum, min, max,
 *   varint log2 buckets in use, each: byte index, varlong count,
 *   varint duration buckets, each: varlong value delta (ascending), varlong count,
 *   byte hasExemplar, [long trace high, long trace low, long span id,
 *                     signed varlong start, signed varlong duration]
 * </pre>
 *
 * A cell repeats only numbers: the (service, name, kind, status) keys are written once.
 */
public final class CellsCodec {
  private static final int VERSION = 1;

  private CellsCodec() {}

  static byte[] encode(List<SpanCell> cells) {
    Map<Key, Integer> keys = new HashMap<>();
    List<Key> ordered = new ArrayList<>();
    for (SpanCell cell : cells) {
      Key key = Key.of(cell);
      if (!keys.containsKey(key)) {
        keys.put(key, ordered.size());
        ordered.add(key);
      }
    }
    ByteSink out = new ByteSink(64 + cells.size() * 48);
    out.writeVarInt(VERSION);
    out.writeVarInt(ordered.size());
    for (Key key : ordered) {
      String service = key.service();
      out.writeByte(service == null ? 0 : 1);
      if (service != null) {
        out.writeString(service);
      }
      out.writeString(key.name()).writeByte(key.kind().number()).writeByte(key.status().number());
    }
    out.writeVarInt(cells.size());
    long previousGrain = 0;
    for (SpanCell cell : cells) {
      out.writeVarInt(Objects.requireNonNull(keys.get(Key.of(cell))));
      writeCell(cell, previousGrain, out);
      previousGrain = cell.grain();
    }
    return out.toByteArray();
  }

  /**
   * One cell after its key. A method of its own: inlined into the loop over cells, it made {@link
   * #encode} a compile of its own size (docs/benchmarks.md, session 16).
   */
  private static void writeCell(SpanCell cell, long previousGrain, ByteSink out) {
    out.writeSignedVarLong(cell.grain() - previousGrain);
    out.writeVarLong(cell.count());
    out.writeSignedVarLong(cell.sumNanos());
    out.writeSignedVarLong(cell.minNanos());
    out.writeSignedVarLong(cell.maxNanos());
    long[] log2 = cell.log2Counts();
    int used = 0;
    for (long count : log2) {
      used += count > 0 ? 1 : 0;
    }
    out.writeVarInt(used);
    for (int i = 0; i < log2.length; i++) {
      if (log2[i] > 0) {
        out.writeByte(i).writeVarLong(log2[i]);
      }
    }
    long[] values = cell.durationValues();
    out.writeVarInt(values.length);
    long previousValue = 0;
    for (int i = 0; i < values.length; i++) {
      out.writeVarLong(values[i] - previousValue).writeVarLong(cell.durationCounts()[i]);
      previousValue = values[i];
    }
    CellExemplar exemplar = cell.exemplar();
    out.writeByte(exemplar == null ? 0 : 1);
    if (exemplar != null) {
      out.writeLong(exemplar.traceId().high()).writeLong(exemplar.traceId().low());
      out.writeLong(exemplar.spanId());
      out.writeSignedVarLong(exemplar.startNanos() - cell.grain() * SpanCells.GRAIN_NANOS);
      out.writeSignedVarLong(exemplar.durationNanos());
    }
  }

  /** The cells of a chunk, in the order they were written (grain first). */
  public static List<SpanCell> decode(byte[] bytes) {
    List<SpanCell> cells = new ArrayList<>();
    decode(bytes, cells::add);
    return cells;
  }

  /** Feeds the cells of a chunk to {@code visitor} one at a time, holding none of them. */
  public static void decode(byte[] bytes, Consumer<SpanCell> visitor) {
    ByteSource in = new ByteSource(bytes);
    int version = in.readVarInt();
    if (version != VERSION) {
      throw new MalformedDataException("span cells version " + version);
    }
    int keyCount = in.readCount();
    List<Key> keys = new ArrayList<>(keyCount);
    for (int i = 0; i < keyCount; i++) {
      String service = in.readByte() == 1 ? in.readString() : null;
      String name = in.readString();
      keys.add(new Key(service, name, kind(in.readByte()), status(in.readByte())));
    }
    int cellCount = in.readCount();
    long grain = 0;
    for (int c = 0; c < cellCount; c++) {
      int keyIndex = in.readVarInt();
      if (keyIndex < 0 || keyIndex >= keys.size()) {
        throw new MalformedDataException("span cell key " + keyIndex + " of " + keys.size());
      }
      Key key = keys.get(keyIndex);
      grain += in.readSignedVarLong();
      long count = in.readVarLong();
      long sum = in.readSignedVarLong();
      long min = in.readSignedVarLong();
      long max = in.readSignedVarLong();
      long[] log2 = new long[SpanCells.LOG2_BUCKETS];
      int used = in.readVarInt();
      for (int i = 0; i < used; i++) {
        int index = in.readByte();
        if (index >= log2.length) {
          throw new MalformedDataException("span cell log2 bucket " + index);
        }
        log2[index] = in.readVarLong();
      }
      int buckets = in.readCount();
      long[] values = new long[buckets];
      long[] counts = new long[buckets];
      long value = 0;
      for (int i = 0; i < buckets; i++) {
        value += in.readVarLong();
        values[i] = value;
        counts[i] = in.readVarLong();
      }
      CellExemplar exemplar = null;
      if (in.readByte() == 1) {
        TraceId traceId = new TraceId(in.readLong(), in.readLong());
        long spanId = in.readLong();
        long start = grain * SpanCells.GRAIN_NANOS + in.readSignedVarLong();
        exemplar = new CellExemplar(traceId, spanId, start, in.readSignedVarLong());
      }
      visitor.accept(
          new SpanCell(
              grain,
              key.service(),
              key.name(),
              key.kind(),
              key.status(),
              count,
              sum,
              min,
              max,
              log2,
              values,
              counts,
              exemplar));
    }
  }

  private static SpanKind kind(int number) {
    for (SpanKind kind : SpanKind.values()) {
      if (kind.number() == number) {
        return kind;
      }
    }
    throw new MalformedDataException("span cell kind " + number);
  }

  private static StatusCode status(int number) {
    for (StatusCode status : StatusCode.values()) {
      if (status.number() == number) {
        return status;
      }
    }
    throw new MalformedDataException("span cell status " + number);
  }

  private record Key(@Nullable String service, String name, SpanKind kind, StatusCode status) {
    static Key of(SpanCell cell) {
      return new Key(cell.service(), cell.name(), cell.kind(), cell.status());
    }
  }
}
