package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.sketch.Percentiles;

/**
 * Calls from one service to another service or peer over a time window.
 *
 * @param requestsPerSecond calls per second between the first and the last call: (requestCount - 1)
 *     / (lastCallNanos - firstCallNanos), that time taken at least one second; 0 with a single
 *     call. Not averaged over the window asked for, which may be far longer than the data in it
 * @param firstCallNanos client start of the earliest call, epoch nanoseconds; 0 when unknown (a
 *     graph read from format 1)
 * @param lastCallNanos client start of the latest call, epoch nanoseconds; 0 when unknown
 * @param errorRate errorCount / requestCount, 0..1
 * @param clientDuration the caller's view: client span durations
 * @param outboundGap client start to server start; empty for peers
 * @param returnGap server end to client end, synchronous calls only; empty for peers
 * @param serverTime server span durations; empty for peers
 */
public record GraphEdge(
    String caller,
    String callee,
    NodeKind calleeKind,
    long requestCount,
    long errorCount,
    double requestsPerSecond,
    long firstCallNanos,
    long lastCallNanos,
    double errorRate,
    Percentiles clientDuration,
    Percentiles outboundGap,
    Percentiles returnGap,
    Percentiles serverTime) {}
