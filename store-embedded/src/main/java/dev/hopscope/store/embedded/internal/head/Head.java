package dev.hopscope.store.embedded.internal.head;

import dev.hopscope.model.SpanBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** One tenant's recent spans, by WAL segment, queryable the moment their write is durable. */
public final class Head {
  private final ConcurrentSkipListMap<Long, HeadGeneration> generations =
      new ConcurrentSkipListMap<>();

  /** Adds a durable batch to the generation of the segment that holds it. */
  public void add(long segmentId, SpanBatch batch, long nowNanos) {
    generations.computeIfAbsent(segmentId, id -> new HeadGeneration(id, nowNanos)).add(batch);
  }

  public List<HeadGeneration> generations() {
    return new ArrayList<>(generations.values());
  }

  /** Generations of segments up to and including {@code segmentId}. */
  public List<HeadGeneration> upTo(long segmentId) {
    return new ArrayList<>(generations.headMap(segmentId, true).values());
  }

  public void remove(List<HeadGeneration> cut) {
    for (HeadGeneration generation : cut) {
      generations.remove(generation.segmentId(), generation);
    }
  }

  public long spanCount() {
    long total = 0;
    for (HeadGeneration generation : generations.values()) {
      total += generation.spanCount();
    }
    return total;
  }

  /** Clock time the oldest generation began, or Long.MAX_VALUE when the head is empty. */
  public long oldestCreatedNanos() {
    var first = generations.firstEntry();
    return first == null ? Long.MAX_VALUE : first.getValue().createdNanos();
  }
}
