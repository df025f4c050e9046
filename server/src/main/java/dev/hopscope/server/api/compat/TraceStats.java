package dev.hopscope.server.api.compat;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.server.api.TraceSummary;
import dev.hopscope.server.api.TraceSummary.ServiceCount;
import java.util.List;

/**
 * What a search result row of the Jaeger and Tempo APIs shows of a trace: the native row's counts
 * ({@link TraceSummary}), and a root only when a span without a parent has arrived, where the
 * native row falls back to the first span whose parent is missing.
 */
record TraceStats(
    Trace trace,
    boolean hasRoot,
    String rootServiceName,
    String rootName,
    int spanCount,
    int errorCount,
    int orphanCount,
    List<ServiceCount> services) {

  /** Tempo's placeholder when the root span has not arrived; Grafana shows it as is. */
  static final String NO_ROOT = "<root span not yet received>";

  static TraceStats of(Trace trace) {
    TraceSummary summary = TraceSummary.of(trace);
    Span root = null;
    for (Span span : trace.spans()) {
      if (span.isRoot()) {
        root = span;
        break;
      }
    }
    return new TraceStats(
        trace,
        root != null,
        root == null ? "" : root.serviceName(),
        root == null ? "" : root.name(),
        summary.spanCount(),
        summary.errorCount(),
        summary.orphanCount(),
        summary.services());
  }
}
