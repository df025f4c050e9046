package dev.hopscope.store.embedded.internal.head;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.cells.SpanCells;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of one WAL segment that are not in a block yet, in the batches they arrived in, with an
 * index from trace id to rows. A generation is cut into a block as a whole, and the segment is
 * deleted once that block is durable, so the head and the WAL always agree on what is where.
 */
public final class HeadGeneration {
  private final long segmentId;
  private final long createdNanos;
  private final List<SpanBatch> batches = new ArrayList<>();
  // Row references pack (batch index << 32 | row): no object per span.
  private final Map<TraceId, long[]> rowsByTrace = new HashMap<>();
  private long spanCount;

  // Span cells of the batches counted so far, brought up to date when a metrics read asks: each
  // batch is counted once per generation instead of once per query. Its own lock, so counting
  // never holds up a write.
  private final Object cellsLock = new Object();
  private final SpanCells cells = new SpanCells();
  private int cellsBatches;

  HeadGeneration(long segmentId, long createdNanos) {
    this.segmentId = segmentId;
    this.createdNanos = createdNanos;
  }

  public long segmentId() {
    return segmentId;
  }

  /** When the generation took its first batch, by the store's clock: the age that cuts it. */
  public long createdNanos() {
    return createdNanos;
  }

  synchronized void add(SpanBatch batch) {
    int batchIndex = batches.size();
    batches.add(batch);
    for (int row = 0; row < batch.size(); row++) {
      TraceId id = batch.traceId(row);
      long ref = ((long) batchIndex << 32) | row;
      long[] refs = rowsByTrace.get(id);
      if (refs == null) {
        refs = new long[] {1, ref};
      } else {
        int count = (int) refs[0];
        if (count + 1 >= refs.length) {
          refs = Arrays.copyOf(refs, refs.length * 2);
        }
        refs[count + 1] = ref;
        refs[0] = count + 1;
      }
      rowsByTrace.put(id, refs);
    }
    spanCount += batch.size();
  }

  public synchronized long spanCount() {
    return spanCount;
  }

  public synchronized int traceCount() {
    return rowsByTrace.size();
  }

  /** The ids of the traces this generation holds spans of, as of now. */
  public synchronized List<TraceId> traceIds() {
    return List.copyOf(rowsByTrace.keySet());
  }

  /** The spans of one trace in this generation, appended to {@code out}. */
  public synchronized void trace(TraceId id, List<Span> out) {
    long[] refs = rowsByTrace.get(id);
    if (refs == null) {
      return;
    }
    for (int i = 1; i <= refs[0]; i++) {
      out.add(batches.get((int) (refs[i] >>> 32)).span((int) refs[i]));
    }
  }

  /**
   * The span cells of every span in this generation so far, or empty when a span's {@code
   * service.name} is not text (then no cells can stand for them).
   */
  public java.util.Optional<List<SpanCell>> cells() {
    List<SpanBatch> all = batches();
    synchronized (cellsLock) {
      for (; cellsBatches < all.size(); cellsBatches++) {
        SpanBatch batch = all.get(cellsBatches);
        for (int row = 0; row < batch.size(); row++) {
          cells.add(batch, row);
        }
      }
      return cells.exact() ? java.util.Optional.of(cells.cells()) : java.util.Optional.empty();
    }
  }

  /** The batches so far; batches are immutable, so the copy can be read without the lock. */
  public synchronized List<SpanBatch> batches() {
    return List.copyOf(batches);
  }
}
