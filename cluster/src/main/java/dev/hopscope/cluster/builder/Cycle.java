package dev.hopscope.cluster.builder;

import dev.hopscope.model.SpanBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one partition a block-builder holds between cuts: offsets {@code [first, last]}
 * and their spans by tenant. One cut turns a cycle into one block per tenant, all with the id of
 * the cycle's offset range.
 */
final class Cycle {
  private final int partition;
  private final long startedMillis;
  private final Map<String, List<SpanBatch>> byTenant = new LinkedHashMap<>();
  private long first = -1;
  private long last = -1;
  private long spans;

  Cycle(int partition, long startedMillis) {
    this.partition = partition;
    this.startedMillis = startedMillis;
  }

  void add(long offset, String tenant, SpanBatch batch) {
    if (first < 0) {
      first = offset;
    }
    last = offset;
    byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(batch);
    spans += batch.size();
  }

  /** Records that decoded to nothing still move the range, so their offsets get committed. */
  void skip(long offset) {
    if (first < 0) {
      first = offset;
    }
    last = offset;
  }

  int partition() {
    return partition;
  }

  long startedMillis() {
    return startedMillis;
  }

  boolean isEmpty() {
    return first < 0;
  }

  long first() {
    return first;
  }

  long last() {
    return last;
  }

  long spans() {
    return spans;
  }

  Map<String, List<SpanBatch>> byTenant() {
    return byTenant;
  }
}
