package dev.hopscope.store.memory;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/** One tenant's traces, guarded by one read-write lock. */
final class TenantTraces {
  static final TenantTraces EMPTY = new TenantTraces();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  // A set per trace drops exact duplicates, which clients send when they retry a batch.
  private final Map<TraceId, Set<Span>> traces = new HashMap<>();
  private long spanCount;

  void add(List<Span> spans, long maxSpans) {
    lock.writeLock().lock();
    try {
      for (Span span : spans) {
        if (traces.computeIfAbsent(span.traceId(), id -> new LinkedHashSet<>()).add(span)) {
          spanCount++;
        }
      }
      if (spanCount > maxSpans) {
        evictOldest(maxSpans - maxSpans / 10);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Drops whole traces, earliest start first, until at most {@code target} spans remain. */
  private void evictOldest(long target) {
    List<Map.Entry<TraceId, Set<Span>>> byStart = new ArrayList<>(traces.entrySet());
    byStart.sort((a, b) -> Long.compare(startOf(a.getValue()), startOf(b.getValue())));
    for (Map.Entry<TraceId, Set<Span>> entry : byStart) {
      if (spanCount <= target) {
        break;
      }
      traces.remove(entry.getKey());
      spanCount -= entry.getValue().size();
    }
  }

  int evictExpired(long cutoffNanos) {
    lock.writeLock().lock();
    try {
      int dropped = 0;
      var entries = traces.entrySet().iterator();
      while (entries.hasNext()) {
        Set<Span> spans = entries.next().getValue();
        long newestEnd = Long.MIN_VALUE;
        for (Span span : spans) {
          newestEnd = Math.max(newestEnd, span.endNanos());
        }
        if (newestEnd < cutoffNanos) {
          entries.remove();
          spanCount -= spans.size();
          dropped++;
        }
      }
      return dropped;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static long startOf(Set<Span> spans) {
    long start = Long.MAX_VALUE;
    for (Span span : spans) {
      start = Math.min(start, span.startNanos());
    }
    return start;
  }

  Optional<Trace> trace(TraceId id) {
    lock.readLock().lock();
    try {
      Set<Span> spans = traces.get(id);
      return spans == null ? Optional.empty() : Optional.of(new Trace(id, List.copyOf(spans)));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Visits a snapshot of every trace; the visitor runs outside the lock. */
  void forEach(Consumer<Trace> visitor) {
    List<Trace> snapshot;
    lock.readLock().lock();
    try {
      snapshot = new ArrayList<>(traces.size());
      traces.forEach((id, spans) -> snapshot.add(new Trace(id, List.copyOf(spans))));
    } finally {
      lock.readLock().unlock();
    }
    snapshot.forEach(visitor);
  }

  long spanCount() {
    lock.readLock().lock();
    try {
      return spanCount;
    } finally {
      lock.readLock().unlock();
    }
  }
}
