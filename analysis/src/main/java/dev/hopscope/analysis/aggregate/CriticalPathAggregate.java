package dev.hopscope.analysis.aggregate;

import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.path.PathContribution;
import dev.hopscope.analysis.sketch.LatencySketch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Mergeable state for "where does the time of these traces go": per contribution key a sum, a sum
 * of shares and a sketch of per-trace nanos. Not thread-safe: one writer, or merge copies.
 */
public final class CriticalPathAggregate {
  private final Map<String, Entry> entries = new TreeMap<>();
  private final LatencySketch durations = LatencySketch.create();
  private long traceCount;
  private long totalDurationNanos;

  private CriticalPathAggregate() {}

  public static CriticalPathAggregate create() {
    return new CriticalPathAggregate();
  }

  public void add(TraceAnalysis analysis) {
    traceCount++;
    totalDurationNanos += analysis.durationNanos();
    durations.record(analysis.durationNanos());
    for (PathContribution contribution : analysis.criticalPath().contributions()) {
      Entry entry = entries.computeIfAbsent(contribution.key(), k -> new Entry(contribution));
      entry.nanos += contribution.nanos();
      entry.share += contribution.share();
      entry.traces++;
      entry.perTrace.record(contribution.nanos());
    }
  }

  public void merge(CriticalPathAggregate other) {
    traceCount += other.traceCount;
    totalDurationNanos += other.totalDurationNanos;
    durations.merge(other.durations);
    other.entries.forEach(
        (key, entry) -> entries.computeIfAbsent(key, k -> new Entry(entry.first)).merge(entry));
  }

  public long traceCount() {
    return traceCount;
  }

  /** Exact mean trace duration; 0 when empty. */
  public long meanDurationNanos() {
    return traceCount == 0 ? 0 : Math.round((double) totalDurationNanos / traceCount);
  }

  public AggregatedCriticalPath snapshot() {
    List<AggregatedContribution> out = new ArrayList<>(entries.size());
    for (Entry entry : entries.values()) {
      LatencySketch withAbsent = entry.perTrace.copy();
      withAbsent.recordWithCount(0, traceCount - entry.traces);
      PathContribution first = entry.first;
      out.add(
          new AggregatedContribution(
              first.kind(),
              first.service(),
              first.peer(),
              first.spanName(),
              traceCount == 0 ? 0 : Math.round((double) entry.nanos / traceCount),
              withAbsent.valueAtQuantile(0.99),
              traceCount == 0 ? 0 : entry.share / traceCount,
              entry.traces));
    }
    out.sort(
        Comparator.comparingLong(AggregatedContribution::meanNanos)
            .reversed()
            .thenComparing(
                c -> c.kind() + "/" + c.service() + "/" + c.peer() + "/" + c.spanName()));
    return new AggregatedCriticalPath(traceCount, durations.percentiles(), out);
  }

  /** Mean nanos per trace for each contribution key; absent keys are zero. */
  Map<String, Long> meanNanosByKey() {
    Map<String, Long> out = new TreeMap<>();
    entries.forEach(
        (key, entry) ->
            out.put(key, traceCount == 0 ? 0 : Math.round((double) entry.nanos / traceCount)));
    return out;
  }

  @Nullable PathContribution describe(String key) {
    Entry entry = entries.get(key);
    return entry == null ? null : entry.first;
  }

  private static final class Entry {
    final PathContribution first;
    final LatencySketch perTrace = LatencySketch.create();
    long nanos;
    double share;
    long traces;

    Entry(PathContribution first) {
      this.first = first;
    }

    void merge(Entry other) {
      nanos += other.nanos;
      share += other.share;
      traces += other.traces;
      perTrace.merge(other.perTrace);
    }
  }
}
