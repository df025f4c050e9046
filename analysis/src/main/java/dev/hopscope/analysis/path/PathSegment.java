package dev.hopscope.analysis.path;

/**
 * One stretch of the critical path.
 *
 * @param service the span's service; for gaps and peers, the caller; "" when untraced
 * @param peer the callee service for gaps, the peer's label for PEER, else ""
 * @param spanId the span whose time this is (the client span for gaps), "" when untraced
 */
public record PathSegment(
    SegmentKind kind,
    String service,
    String peer,
    String spanId,
    String spanName,
    long startNanos,
    long endNanos,
    long durationNanos) {}
