package dev.hopscope.server.api.compat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Trace;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What a search result row of the Jaeger and Tempo APIs shows of a trace. */
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

  /** Spans and errors of one service in the trace, services sorted by name. */
  record ServiceCount(String name, int spanCount, int errorCount) {}

  static TraceStats of(Trace trace) {
    Set<SpanId> ids = new HashSet<>();
    for (Span span : trace.spans()) {
      ids.add(span.spanId());
    }
    Map<String, int[]> byService = new TreeMap<>();
    int errors = 0;
    int orphans = 0;
    Span root = null;
    for (Span span : trace.spans()) {
      int[] counts = byService.computeIfAbsent(span.serviceName(), name -> new int[2]);
      counts[0]++;
      if (span.status().isError()) {
        counts[1]++;
        errors++;
      }
      if (span.isRoot() && root == null) {
        root = span;
      } else if (span.parentSpanId().isPresent() && !ids.contains(span.parentSpanId().get())) {
        orphans++;
      }
    }
    List<ServiceCount> services =
        byService.entrySet().stream()
            .map(e -> new ServiceCount(e.getKey(), e.getValue()[0], e.getValue()[1]))
            .toList();
    return new TraceStats(
        trace,
        root != null,
        root == null ? "" : root.serviceName(),
        root == null ? "" : root.name(),
        trace.spans().size(),
        errors,
        orphans,
        services);
  }
}
