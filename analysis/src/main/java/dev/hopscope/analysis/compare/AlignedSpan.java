package dev.hopscope.analysis.compare;

/**
 * A span present in only one of the two compared traces.
 *
 * @param path the chain of "service: name" from the root, long chains elided in the middle
 */
public record AlignedSpan(
    String service, String name, String path, String spanId, long durationNanos) {}
