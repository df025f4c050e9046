package dev.hopscope.analysis.aggregate;

import dev.hopscope.analysis.path.SegmentKind;

/**
 * How much more (or less) critical-path time one thing takes per slow trace than per baseline
 * trace.
 *
 * @param shareOfDifference deltaNanos / (mean slow duration - mean baseline duration); 0 when the
 *     slow set is not slower
 */
public record ContributionDelta(
    SegmentKind kind,
    String service,
    String peer,
    String spanName,
    long slowMeanNanos,
    long baselineMeanNanos,
    long deltaNanos,
    double shareOfDifference) {}
