package dev.hopscope.store.cells;

import java.util.Arrays;

/**
 * Counts per duration bucket, in an open-addressing table of primitives: a cell holds a few dozen
 * buckets, and a query adding thousands of cells into a step adds into one of these before it
 * builds a sketch once, rather than recording into a sketch bucket by bucket. Not thread-safe.
 */
public final class DurationCounts {
  /** Receives one bucket and its count. */
  @FunctionalInterface
  public interface Visitor {
    void accept(long bucket, long count);
  }

  private static final long MIX = 0x9E3779B97F4A7C15L;

  private long[] keys = new long[16];
  private long[] counts = new long[16];
  private boolean[] used = new boolean[16];
  private int size;

  public void add(long bucket, long count) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int slot = slot(bucket, keys.length);
    while (used[slot] && keys[slot] != bucket) {
      slot = (slot + 1) & (keys.length - 1);
    }
    if (!used[slot]) {
      used[slot] = true;
      keys[slot] = bucket;
      size++;
    }
    counts[slot] += count;
  }

  /** Adds every bucket of a cell. */
  public void addAll(SpanCell cell) {
    long[] values = cell.durationValues();
    long[] cellCounts = cell.durationCounts();
    for (int i = 0; i < values.length; i++) {
      add(values[i], cellCounts[i]);
    }
  }

  public int size() {
    return size;
  }

  /** Visits every bucket, in no particular order. */
  public void forEach(Visitor visitor) {
    for (int i = 0; i < keys.length; i++) {
      if (used[i]) {
        visitor.accept(keys[i], counts[i]);
      }
    }
  }

  /** {buckets ascending, their counts}. */
  long[][] sorted() {
    long[] values = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (used[i]) {
        values[n++] = keys[i];
      }
    }
    Arrays.sort(values);
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      int slot = slot(values[i], keys.length);
      while (keys[slot] != values[i] || !used[slot]) {
        slot = (slot + 1) & (keys.length - 1);
      }
      out[i] = counts[slot];
    }
    return new long[][] {values, out};
  }

  private static int slot(long key, int length) {
    return Long.hashCode(key * MIX) & (length - 1);
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    counts = new long[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        add(oldKeys[i], oldCounts[i]);
      }
    }
  }
}
