package dev.hopscope.analysis.path;

/**
 * The critical-path time of one thing, summed over its segments: a (service, span name) for WORK, a
 * (caller, peer) for PEER, a (caller, callee) per direction for gaps.
 *
 * @param share nanos / trace duration, 0..1
 */
public record PathContribution(
    SegmentKind kind,
    String service,
    String peer,
    String spanName,
    long nanos,
    double share,
    int segmentCount) {

  /** A stable identity for grouping across traces. */
  public String key() {
    return kind + "\u0000" + service + "\u0000" + peer + "\u0000" + spanName;
  }
}
