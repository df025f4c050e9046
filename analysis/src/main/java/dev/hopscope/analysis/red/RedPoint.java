package dev.hopscope.analysis.red;

import dev.hopscope.analysis.sketch.Percentiles;

/**
 * Rate, errors and duration for one step of a RED series.
 *
 * @param startNanos start of the step (inclusive); the step is [startNanos, startNanos + step)
 * @param requestsPerSecond count / step seconds
 * @param errorRate errorCount / count, 0..1
 */
public record RedPoint(
    long startNanos,
    long count,
    long errorCount,
    double requestsPerSecond,
    double errorRate,
    Percentiles duration) {}
