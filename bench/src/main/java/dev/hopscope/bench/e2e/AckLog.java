package dev.hopscope.bench.e2e;

import dev.hopscope.bench.workload.Workload;
import java.util.Arrays;

/**
 * The traces a server acknowledged, with their span counts: what the lost-span check fetches back.
 * One writer per instance; {@link #merge} combines the connections' logs.
 */
final class AckLog {
  private long[] high = new long[1024];
  private long[] low = new long[1024];
  private int[] spans = new int[1024];
  private int size;
  private long spanTotal;

  void add(Workload.Batch batch) {
    for (int i = 0; i < batch.traces(); i++) {
      add(batch.traceHigh()[i], batch.traceLow()[i], batch.traceSpans()[i]);
    }
  }

  private void add(long h, long l, int count) {
    if (size == high.length) {
      high = Arrays.copyOf(high, size * 2);
      low = Arrays.copyOf(low, size * 2);
      spans = Arrays.copyOf(spans, size * 2);
    }
    high[size] = h;
    low[size] = l;
    spans[size] = count;
    size++;
    spanTotal += count;
  }

  void merge(AckLog other) {
    for (int i = 0; i < other.size; i++) {
      add(other.high[i], other.low[i], other.spans[i]);
    }
  }

  int traces() {
    return size;
  }

  long spans() {
    return spanTotal;
  }

  long high(int index) {
    return high[index];
  }

  long low(int index) {
    return low[index];
  }

  int spans(int index) {
    return spans[index];
  }

  /** The trace id as 32 lower-case hex characters. */
  String hex(int index) {
    return String.format("%016x%016x", high[index], low[index]);
  }
}
