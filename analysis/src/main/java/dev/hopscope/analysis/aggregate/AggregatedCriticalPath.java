package dev.hopscope.analysis.aggregate;

import dev.hopscope.analysis.sketch.Percentiles;
import java.util.List;

/** The critical path of many traces, largest mean contribution first. */
public record AggregatedCriticalPath(
    long traceCount, Percentiles duration, List<AggregatedContribution> contributions) {
  public AggregatedCriticalPath {
    contributions = List.copyOf(contributions);
  }
}
