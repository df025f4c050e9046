package dev.hopscope.query.metrics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a metrics query: its series in label order, the request they are laid out on, what
 * was read, and why it stopped early when a limit stopped it (the series then cover only the traces
 * read).
 */
public record MetricsResult(
    List<TimeSeries> series,
    MetricsRequest request,
    long inspectedTraces,
    long inspectedSpans,
    Optional<String> stoppedBy) {
  public MetricsResult {
    series = List.copyOf(series);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(stoppedBy, "stoppedBy");
  }
}
