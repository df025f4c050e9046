package dev.hopscope.query.metrics;

import java.util.List;

/**
 * A span behind a series' value: its trace and span ids as labels ({@code trace:id}, {@code
 * span:id}), the value it contributed (seconds for durations; for counts and rates the series'
 * value in its step) and when it started.
 */
public record Exemplar(List<SeriesLabel> labels, double value, long timestampMs) {
  public Exemplar {
    labels = List.copyOf(labels);
  }

  Exemplar withValue(double newValue) {
    return new Exemplar(labels, newValue, timestampMs);
  }
}
