package dev.hopscope.analysis.path;

import java.util.List;

/**
 * The chain of work that set the trace's end-to-end latency, in time order. Segments are
 * contiguous: they start at {@code startNanos}, end at {@code endNanos} and their durations sum to
 * {@code durationNanos} exactly.
 *
 * @param contributions segments grouped by what they were spent on, largest first
 */
public record CriticalPath(
    long startNanos,
    long endNanos,
    long durationNanos,
    List<PathSegment> segments,
    List<PathContribution> contributions) {
  public static final CriticalPath EMPTY = new CriticalPath(0, 0, 0, List.of(), List.of());

  public CriticalPath {
    segments = List.copyOf(segments);
    contributions = List.copyOf(contributions);
  }
}
