package dev.hopscope.analysis.skew;

/**
 * Two clock domains that call each other and whose timings were impossible at least once.
 *
 * @param calls parent/child pairs between the two domains, either direction
 * @param impossible how many of them were impossible before correction
 * @param estimatedOffsetNanos the estimated clock offset of b relative to a (what is added to b's
 *     times when a is the reference)
 */
public record SkewedPair(
    String serviceA,
    String hostA,
    String serviceB,
    String hostB,
    int calls,
    int impossible,
    long estimatedOffsetNanos) {}
