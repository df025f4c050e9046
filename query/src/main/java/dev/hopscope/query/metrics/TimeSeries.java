package dev.hopscope.query.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One series of a metrics result: labels, one value per step of the request ({@code NaN} where the
 * series has none) and exemplars. Immutable.
 */
public final class TimeSeries {
  private final List<SeriesLabel> labels;
  private final double[] values;
  private final List<Exemplar> exemplars;

  TimeSeries(List<SeriesLabel> labels, double[] values, List<Exemplar> exemplars) {
    this.labels = List.copyOf(labels);
    this.values = values.clone();
    this.exemplars = List.copyOf(exemplars);
  }

  public List<SeriesLabel> labels() {
    return labels;
  }

  public int size() {
    return values.length;
  }

  /** The value at step {@code i}; {@code NaN} when the series has none there. */
  public double value(int i) {
    return values[i];
  }

  double[] values() {
    return values.clone();
  }

  public List<Exemplar> exemplars() {
    return exemplars;
  }

  /** True when every value is {@code NaN}: such a series is left out of answers, as in Tempo. */
  public boolean isEmpty() {
    return Arrays.stream(values).allMatch(Double::isNaN);
  }

  /** The key series are matched by in arithmetic: the labels without {@code __name__}. */
  List<SeriesLabel> key() {
    List<SeriesLabel> key = new ArrayList<>(labels.size());
    for (SeriesLabel label : labels) {
      if (!label.name().equals(SeriesLabel.METRIC_NAME)) {
        key.add(label);
      }
    }
    return key;
  }

  /** Tempo's Prometheus-style text of the labels, sorted by name: {@code {name="GET /"}}. */
  public String promLabels() {
    List<SeriesLabel> sorted = new ArrayList<>(labels);
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    List<String> parts = new ArrayList<>();
    for (SeriesLabel label : sorted) {
      parts.add(label.name() + "=\"" + escape(label.promValue()) + "\"");
    }
    return "{" + String.join(", ", parts) + "}";
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  TimeSeries with(double[] newValues, List<Exemplar> newExemplars) {
    return new TimeSeries(labels, newValues, newExemplars);
  }

  TimeSeries withLabels(List<SeriesLabel> newLabels) {
    return new TimeSeries(newLabels, values, exemplars);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TimeSeries series
        && labels.equals(series.labels)
        && Arrays.equals(values, series.values)
        && exemplars.equals(series.exemplars);
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels, Arrays.hashCode(values), exemplars);
  }

  @Override
  public String toString() {
    return promLabels() + " " + Arrays.toString(values);
  }
}
