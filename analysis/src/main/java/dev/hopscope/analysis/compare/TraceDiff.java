package dev.hopscope.analysis.compare;

import java.util.List;

/**
 * How trace b differs from trace a, after clock-skew correction of each. Lists are capped (see
 * {@link TraceComparison}); the counts are not.
 *
 * @param durationChanges matched spans with the largest |duration change| first
 * @param gapChanges matched hops with the largest gap change first
 * @param summary sentences with numbers, most important first
 */
public record TraceDiff(
    String traceIdA,
    String traceIdB,
    long durationNanosA,
    long durationNanosB,
    long durationDeltaNanos,
    int matchedCount,
    int addedCount,
    int removedCount,
    List<AlignedSpan> added,
    List<AlignedSpan> removed,
    List<SpanChange> durationChanges,
    List<GapChange> gapChanges,
    List<String> summary) {

  public TraceDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    durationChanges = List.copyOf(durationChanges);
    gapChanges = List.copyOf(gapChanges);
    summary = List.copyOf(summary);
  }
}
