package dev.hopscope.server.api;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Trace;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a search result row shows of a trace: root, timing and per-service counts. One definition
 * for the native, Tempo and Jaeger answers (the compatible APIs' {@code TraceStats} takes its
 * counts from here and only judges the root its own way).
 */
public record TraceSummary(
    String traceId,
    String rootServiceName,
    String rootName,
    long startNanos,
    long endNanos,
    int spanCount,
    int errorCount,
    int orphanCount,
    List<ServiceCount> services) {

  /** Spans and errors of one service in the trace. */
  public record ServiceCount(String name, int spanCount, int errorCount) {}

  long durationNanos() {
    return endNanos - startNanos;
  }

  public static TraceSummary of(Trace trace) {
    Map<String, int[]> byService = new TreeMap<>();
    int errors = 0;
    Set<SpanId> ids = new HashSet<>();
    for (Span span : trace.spans()) {
      ids.add(span.spanId());
    }
    int orphans = 0;
    for (Span span : trace.spans()) {
      int[] counts = byService.computeIfAbsent(span.serviceName(), name -> new int[2]);
      counts[0]++;
      if (span.status().isError()) {
        counts[1]++;
        errors++;
      }
      if (span.parentSpanId().isPresent() && !ids.contains(span.parentSpanId().get())) {
        orphans++;
      }
    }
    List<ServiceCount> services =
        byService.entrySet().stream()
            .map(e -> new ServiceCount(e.getKey(), e.getValue()[0], e.getValue()[1]))
            .toList();
    String rootService = trace.root().map(Span::serviceName).orElse("");
    String rootName = trace.root().map(Span::name).orElse("");
    return new TraceSummary(
        trace.traceId().toHex(),
        rootService,
        rootName,
        trace.startNanos(),
        trace.endNanos(),
        trace.spans().size(),
        errors,
        orphans,
        services);
  }
}
