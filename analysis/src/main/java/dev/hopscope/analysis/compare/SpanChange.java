package dev.hopscope.analysis.compare;

/** A span found in both traces at the same (service, name, path) and occurrence. */
public record SpanChange(
    String service,
    String name,
    String path,
    String spanIdA,
    String spanIdB,
    long durationNanosA,
    long durationNanosB,
    long deltaNanos) {}
