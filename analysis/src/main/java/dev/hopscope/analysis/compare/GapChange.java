package dev.hopscope.analysis.compare;

/** A hop found in both traces, with its gaps before (a) and after (b). */
public record GapChange(
    String caller,
    String callee,
    String path,
    long outboundGapNanosA,
    long outboundGapNanosB,
    long outboundDeltaNanos,
    long returnGapNanosA,
    long returnGapNanosB,
    long returnDeltaNanos) {

  long largestChange() {
    return Math.max(Math.abs(outboundDeltaNanos), Math.abs(returnDeltaNanos));
  }
}
