package dev.hopscope.analysis.skew;

import java.util.List;

/**
 * What clock-skew correction found and did for one trace; shown, never hidden.
 *
 * @param impossibleBefore parent/child pairs across clock domains whose timings were impossible (a
 *     server outside its client, a consumer starting before its producer) before correction
 * @param impossibleAfter the same count after correction; non-zero when the timings contradict each
 *     other and no single offset per domain can explain them
 * @param pairs the pairs of domains with impossible timings, with their estimated offsets
 * @param offsets the domains that were shifted, in order of first appearance in the trace
 * @param notes one line per shift, e.g. "clock skew corrected: auth +37 ms"
 */
public record ClockSkew(
    int impossibleBefore,
    int impossibleAfter,
    List<SkewedPair> pairs,
    List<ClockOffset> offsets,
    List<String> notes) {
  public static final ClockSkew NONE = new ClockSkew(0, 0, List.of(), List.of(), List.of());

  public ClockSkew {
    pairs = List.copyOf(pairs);
    offsets = List.copyOf(offsets);
    notes = List.copyOf(notes);
  }

  public boolean corrected() {
    return !offsets.isEmpty();
  }
}
