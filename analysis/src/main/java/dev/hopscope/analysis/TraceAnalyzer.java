package dev.hopscope.analysis;

import dev.hopscope.analysis.finding.Findings;
import dev.hopscope.analysis.hop.HopExtractor;
import dev.hopscope.analysis.internal.SpanTree;
import dev.hopscope.analysis.path.CriticalPath;
import dev.hopscope.analysis.path.CriticalPathFinder;
import dev.hopscope.analysis.skew.ClockSkewCorrector;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import java.util.Objects;
import java.util.Optional;

/**
 * Analyzes one trace: corrects clock skew first, because every later number (gaps, the critical
 * path) would otherwise inherit impossible timings. Pure and O(n log n) in the number of spans.
 */
public final class TraceAnalyzer {
  private TraceAnalyzer() {}

  public static TraceAnalysis analyze(Trace trace) {
    Objects.requireNonNull(trace, "trace");
    ClockSkewCorrector.Result corrected = ClockSkewCorrector.correct(SpanTree.of(trace));
    SpanTree tree = corrected.tree();
    CriticalPath path = CriticalPathFinder.find(tree);
    Optional<Span> root = trace.root();
    return new TraceAnalysis(
        trace.traceId().toHex(),
        root.map(Span::serviceName).orElse(""),
        root.map(Span::name).orElse(""),
        path.startNanos(),
        path.endNanos(),
        path.durationNanos(),
        tree.size(),
        tree.orphanCount(),
        HopExtractor.hops(tree),
        HopExtractor.peers(tree),
        corrected.skew(),
        corrected.spanOffsets(),
        path,
        Findings.describe(tree, path, corrected.skew()));
  }
}
