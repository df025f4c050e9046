package dev.hopscope.analysis.graph;

import dev.hopscope.analysis.sketch.Percentiles;

/**
 * Calls from one service to another service or peer over a time window.
 *
 * @param requestsPerSecond requestCount / window seconds; 0 when the window is empty
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
    double errorRate,
    Percentiles clientDuration,
    Percentiles outboundGap,
    Percentiles returnGap,
    Percentiles serverTime) {}
