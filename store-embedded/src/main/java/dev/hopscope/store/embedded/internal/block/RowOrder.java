package dev.hopscope.store.embedded.internal.block;

import dev.hopscope.model.SpanBatch;
import java.util.List;

/**
 * Sorts the rows of a cut's batches into block order — trace id (unsigned), start, span id —
 * without boxing: the keys are copied into primitive arrays once and a merge sort permutes indexes.
 * Sorting boxed references with a comparator that reached into the batches was about 5 % of a cut.
 */
public final class RowOrder {
  private final long[] high;
  private final long[] low;
  private final long[] start;
  private final long[] spanId;

  private RowOrder(int size) {
    high = new long[size];
    low = new long[size];
    start = new long[size];
    spanId = new long[size];
  }

  /**
   * The rows of {@code batches} in block order, each as {@code (batch index << 32) | row}. The sort
   * is stable: rows with equal keys keep their batch order.
   */
  public static long[] sorted(List<SpanBatch> batches) {
    int total = 0;
    for (SpanBatch batch : batches) {
      total += batch.size();
    }
    RowOrder keys = new RowOrder(total);
    long[] refs = new long[total];
    int n = 0;
    for (int b = 0; b < batches.size(); b++) {
      SpanBatch batch = batches.get(b);
      for (int row = 0; row < batch.size(); row++) {
        keys.high[n] = batch.traceIdHigh(row);
        keys.low[n] = batch.traceIdLow(row);
        keys.start[n] = batch.startNanos(row);
        keys.spanId[n] = batch.spanId(row);
        refs[n++] = ((long) b << 32) | row;
      }
    }
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    keys.mergeSort(order, new int[total], 0, total);
    long[] out = new long[total];
    for (int i = 0; i < total; i++) {
      out[i] = refs[order[i]];
    }
    return out;
  }

  private int compare(int a, int b) {
    int c = Long.compareUnsigned(high[a], high[b]);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(low[a], low[b]);
    if (c != 0) {
      return c;
    }
    c = Long.compare(start[a], start[b]);
    return c != 0 ? c : Long.compareUnsigned(spanId[a], spanId[b]);
  }

  /** Sorts {@code order[from, to)} by key, stably, with {@code scratch} as the merge buffer. */
  private void mergeSort(int[] order, int[] scratch, int from, int to) {
    if (to - from <= 16) {
      for (int i = from + 1; i < to; i++) {
        int value = order[i];
        int j = i - 1;
        while (j >= from && compare(order[j], value) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = value;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(order, scratch, from, middle);
    mergeSort(order, scratch, middle, to);
    if (compare(order[middle - 1], order[middle]) <= 0) {
      return;
    }
    System.arraycopy(order, from, scratch, from, to - from);
    int left = from;
    int right = middle;
    for (int i = from; i < to; i++) {
      if (right >= to || (left < middle && compare(scratch[left], scratch[right]) <= 0)) {
        order[i] = scratch[left++];
      } else {
        order[i] = scratch[right++];
      }
    }
  }
}
