package dev.hopscope.analysis.aggregate;

import dev.hopscope.analysis.path.SegmentKind;

/**
 * What one thing (see {@link dev.hopscope.analysis.path.PathContribution}) adds to the critical
 * path of a set of traces. Traces where it is absent count as zero in the mean and the p99.
 *
 * @param meanShare the mean over traces of its share of each trace's duration, 0..1
 * @param traceCount how many traces it appears in
 */
public record AggregatedContribution(
    SegmentKind kind,
    String service,
    String peer,
    String spanName,
    long meanNanos,
    long p99Nanos,
    double meanShare,
    long traceCount) {}
