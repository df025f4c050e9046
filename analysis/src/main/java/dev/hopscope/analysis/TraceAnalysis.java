package dev.hopscope.analysis;

import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.hop.UninstrumentedPeer;
import dev.hopscope.analysis.path.CriticalPath;
import dev.hopscope.analysis.skew.ClockSkew;
import dev.hopscope.analysis.skew.SpanOffset;
import java.util.List;

/**
 * Everything Hopscope says about one trace. All times are epoch nanoseconds after clock-skew
 * correction; {@link #spanOffsets()} lists every span that was shifted and by how much.
 *
 * @param rootService the root span's service, or "" for an empty trace
 * @param orphanCount spans whose parent span is missing from the trace
 * @param findings short sentences with numbers, most important first
 */
public record TraceAnalysis(
    String traceId,
    String rootService,
    String rootName,
    long startNanos,
    long endNanos,
    long durationNanos,
    int spanCount,
    int orphanCount,
    List<Hop> hops,
    List<UninstrumentedPeer> peers,
    ClockSkew clockSkew,
    List<SpanOffset> spanOffsets,
    CriticalPath criticalPath,
    List<String> findings) {

  public TraceAnalysis {
    hops = List.copyOf(hops);
    peers = List.copyOf(peers);
    spanOffsets = List.copyOf(spanOffsets);
    findings = List.copyOf(findings);
  }
}
