package dev.hopscope.analysis.skew;

/** One span whose times were shifted by {@code offsetNanos} to correct clock skew. */
public record SpanOffset(String spanId, String service, long offsetNanos) {}
