package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.hop.HopExtractor;
import dev.hopscope.analysis.hop.UninstrumentedPeer;
import dev.hopscope.analysis.internal.SpanTree;
import dev.hopscope.analysis.skew.ClockSkewCorrector;
import dev.hopscope.model.Trace;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One {@link ServiceGraph} per minute, keyed by the minute each call started in, so that a range
 * query merges at most (range / 1 minute) small graphs instead of scanning spans. Not thread-safe.
 */
public final class ServiceGraphTimeline {
  public static final long MINUTE_NANOS = 60_000_000_000L;

  private final NavigableMap<Long, ServiceGraph> minutes = new TreeMap<>();

  private ServiceGraphTimeline() {}

  public static ServiceGraphTimeline create() {
    return new ServiceGraphTimeline();
  }

  /**
   * The start of the minute that holds {@code epochNanos}; {@link Long#MIN_VALUE} for the part of
   * the first minute the range of long does not reach (an open window's start).
   */
  public static long minuteOf(long epochNanos) {
    if (epochNanos < Long.MIN_VALUE + MINUTE_NANOS) {
      return Long.MIN_VALUE;
    }
    return Math.floorDiv(epochNanos, MINUTE_NANOS) * MINUTE_NANOS;
  }

  /**
   * Adds one trace's calls, each in the minute its client started, and the trace's root service in
   * the minute the trace started: what {@link ServiceGraph#add} adds for the trace's analysis,
   * found without the critical path and findings a graph does not read.
   */
  public void add(Trace trace) {
    Objects.requireNonNull(trace, "trace");
    SpanTree tree = ClockSkewCorrector.correct(SpanTree.of(trace)).tree();
    // A trace's calls nearly always start in one minute: its graph is looked up once, not per call.
    Minutes recent = new Minutes();
    trace.root().ifPresent(root -> recent.of(trace.startNanos()).addNode(root.serviceName()));
    HopExtractor.hops(
        tree,
        (caller, callee, async, start, duration, outbound, server, returnGap, error) ->
            recent
                .of(start)
                .addHop(
                    caller, callee, async, start, duration, outbound, server, returnGap, error));
    HopExtractor.peers(
        tree,
        (caller, name, start, duration, error) ->
            recent.of(start).addPeer(caller, name, start, duration, error));
  }

  /** {@link #minute} with the last minute remembered. */
  private final class Minutes {
    private long start = Long.MIN_VALUE;
    private @Nullable ServiceGraph graph;

    ServiceGraph of(long epochNanos) {
      long minute = minuteOf(epochNanos);
      ServiceGraph known = graph;
      if (known == null || minute != start) {
        known = minute(epochNanos);
        graph = known;
        start = minute;
      }
      return known;
    }
  }

  public void add(TraceAnalysis analysis) {
    Objects.requireNonNull(analysis, "analysis");
    for (Hop hop : analysis.hops()) {
      minute(hop.clientStartNanos()).addHop(hop);
    }
    for (UninstrumentedPeer peer : analysis.peers()) {
      minute(peer.startNanos()).addPeer(peer);
    }
  }

  /** The graph of one minute, created empty when absent; for callers that persist minutes. */
  public ServiceGraph minute(long epochNanos) {
    return minutes.computeIfAbsent(minuteOf(epochNanos), m -> ServiceGraph.create());
  }

  /** Puts back a minute read from storage, merging with what is already there. */
  public void restore(long minuteStartNanos, ServiceGraph graph) {
    minute(minuteStartNanos).merge(graph);
  }

  /** Calls that started in [startNanos, endNanos), at minute granularity. */
  public ServiceGraph range(long startNanos, long endNanos) {
    ServiceGraph merged = ServiceGraph.create();
    for (ServiceGraph graph :
        minutes.subMap(minuteOf(startNanos), true, endNanos, false).values()) {
      merged.merge(graph);
    }
    return merged;
  }

  public void merge(ServiceGraphTimeline other) {
    for (Map.Entry<Long, ServiceGraph> entry : other.minutes.entrySet()) {
      restore(entry.getKey(), entry.getValue());
    }
  }

  /** Drops minutes that end at or before {@code epochNanos}; returns how many. */
  public int evictBefore(long epochNanos) {
    var old = minutes.headMap(minuteOf(epochNanos), false);
    int count = old.size();
    old.clear();
    return count;
  }

  public int minuteCount() {
    return minutes.size();
  }

  /** The minutes that hold something, oldest first, as read-only entries. */
  NavigableMap<Long, ServiceGraph> minutes() {
    return java.util.Collections.unmodifiableNavigableMap(minutes);
  }
}
