package dev.hopscope.analysis.aggregate;

/**
 * An attribute value and how often it appears in slow traces versus baseline traces.
 *
 * @param slowShare fraction of slow traces with at least one span or resource carrying it
 * @param baselineShare the same fraction among baseline traces
 */
public record AttributeSkew(
    String key,
    String value,
    double slowShare,
    double baselineShare,
    long slowTraces,
    long baselineTraces) {}
