package dev.hopscope.store.embedded.internal.codec;

import dev.hopscope.model.SpanBatch;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rows of one row group as (batch, row) references into the batches they arrived in, with each
 * source batch's dictionary indexes mapped to the block's {@link Tables} once per block. A head cut
 * sorts rows of a few hundred request batches by trace id, so neighbouring rows come from different
 * batches: copying them into one batch first re-interned every string and re-hashed every resource
 * for every trace, which was most of a cut.
 */
public final class RowRefs {
  private final Tables tables;
  private final Map<SpanBatch, BatchTables> mapped = new IdentityHashMap<>();
  private @Nullable SpanBatch[] batches;
  private int[] rows;
  private int size;
  // The last batch looked up: a trace's rows usually share one.
  private @Nullable SpanBatch lastBatch;
  private @Nullable BatchTables lastTables;

  public RowRefs(Tables tables, int capacity) {
    this.tables = tables;
    this.batches = new SpanBatch[Math.max(16, capacity)];
    this.rows = new int[batches.length];
  }

  /** The rows {@code [0, batch.size())} of one batch, in order (a WAL record). */
  public static RowRefs of(SpanBatch batch, Tables tables) {
    RowRefs refs = new RowRefs(tables, batch.size());
    for (int row = 0; row < batch.size(); row++) {
      refs.add(batch, row);
    }
    return refs;
  }

  public void add(SpanBatch batch, int row) {
    if (size == rows.length) {
      batches = Arrays.copyOf(batches, size * 2);
      rows = Arrays.copyOf(rows, size * 2);
    }
    batches[size] = batch;
    rows[size++] = row;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public SpanBatch batch(int index) {
    return Objects.requireNonNull(batches[index], "no row at this index");
  }

  public int row(int index) {
    return rows[index];
  }

  public Tables tables() {
    return tables;
  }

  /** Empties the group, keeping the batches' mappings for the block's next group. */
  public void clear() {
    Arrays.fill(batches, 0, size, null);
    size = 0;
  }

  /** Forgets a batch's mapping: its owner adds no more of its rows. */
  public void forget(SpanBatch batch) {
    mapped.remove(batch);
    if (lastBatch == batch) {
      lastBatch = null;
      lastTables = null;
    }
  }

  /** The mapping of reference {@code index}'s batch to the block's tables. */
  public BatchTables mapping(int index) {
    SpanBatch batch = batch(index);
    BatchTables found = lastTables;
    if (batch != lastBatch || found == null) {
      found = mapped.computeIfAbsent(batch, b -> new BatchTables(b, tables));
      lastTables = found;
      lastBatch = batch;
    }
    return found;
  }
}
