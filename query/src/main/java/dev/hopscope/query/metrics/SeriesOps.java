package dev.hopscope.query.metrics;

import dev.hopscope.query.traceql.BinaryOp;
import dev.hopscope.query.traceql.SecondStage;
import dev.hopscope.query.traceql.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What runs on series after the spans are counted: second stages and arithmetic, Tempo's way. */
final class SeriesOps {
  private SeriesOps() {}

  static List<TimeSeries> stage(SecondStage stage, List<TimeSeries> input, int intervals) {
    return switch (stage) {
      case SecondStage.TopK topK -> rank(input, intervals, topK.count(), topK.bottom());
      case SecondStage.Filter filter -> filter(input, filter.op(), filter.threshold());
    };
  }

  /**
   * Per step, the {@code count} series with the highest (lowest) value there; a series keeps only
   * the steps it ranked in. Ties go to the larger (for bottomk the smaller) label text.
   */
  private static List<TimeSeries> rank(
      List<TimeSeries> input, int intervals, long count, boolean bottom) {
    Map<TimeSeries, double[]> kept = new LinkedHashMap<>();
    Comparator<TimeSeries> byLabels = Comparator.comparing(TimeSeries::promLabels);
    for (int i = 0; i < intervals; i++) {
      int step = i;
      Comparator<TimeSeries> order =
          Comparator.<TimeSeries>comparingDouble(s -> s.value(step)).thenComparing(byLabels);
      List<TimeSeries> candidates = new ArrayList<>();
      for (TimeSeries series : input) {
        if (step < series.size() && !Double.isNaN(series.value(step))) {
          candidates.add(series);
        }
      }
      candidates.sort(bottom ? order : order.reversed());
      for (int r = 0; r < Math.min(count, candidates.size()); r++) {
        TimeSeries series = candidates.get(r);
        double[] values =
            kept.computeIfAbsent(
                series,
                s -> {
                  double[] nan = new double[s.size()];
                  Arrays.fill(nan, Double.NaN);
                  return nan;
                });
        values[step] = series.value(step);
      }
    }
    List<TimeSeries> out = new ArrayList<>();
    kept.forEach((series, values) -> out.add(series.with(values, series.exemplars())));
    return out;
  }

  /** Keeps the values that pass; a series left with none is dropped. */
  private static List<TimeSeries> filter(List<TimeSeries> input, BinaryOp op, double threshold) {
    List<TimeSeries> out = new ArrayList<>();
    for (TimeSeries series : input) {
      double[] values = series.values();
      boolean any = false;
      for (int i = 0; i < values.length; i++) {
        if (Double.isNaN(values[i]) || !passes(op, values[i], threshold)) {
          values[i] = Double.NaN;
        } else {
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      List<Exemplar> exemplars = new ArrayList<>();
      for (Exemplar exemplar : series.exemplars()) {
        if (!Double.isNaN(exemplar.value()) && passes(op, exemplar.value(), threshold)) {
          exemplars.add(exemplar);
        }
      }
      out.add(series.with(values, exemplars));
    }
    return out;
  }

  private static boolean passes(BinaryOp op, double value, double threshold) {
    return switch (op) {
      case GT -> value > threshold;
      case GTE -> value >= threshold;
      case LT -> value < threshold;
      case LTE -> value <= threshold;
      case EQ -> value == threshold;
      case NEQ -> value != threshold;
      default -> false;
    };
  }

  /**
   * Series of both sides with the same labels (without {@code __name__}) combined step by step; a
   * side with one unlabelled series ({@code { } | rate()}) combines with every series of the other.
   */
  static List<TimeSeries> binary(BinaryOp op, List<TimeSeries> left, List<TimeSeries> right) {
    Map<List<SeriesLabel>, TimeSeries> lhs = byKey(left);
    Map<List<SeriesLabel>, TimeSeries> rhs = byKey(right);
    Map<List<SeriesLabel>, TimeSeries> target = rhs.containsKey(List.of()) ? lhs : rhs;
    List<TimeSeries> out = new ArrayList<>();
    for (List<SeriesLabel> key : target.keySet()) {
      TimeSeries l = lhs.getOrDefault(key, lhs.get(List.<SeriesLabel>of()));
      TimeSeries r = rhs.getOrDefault(key, rhs.get(List.<SeriesLabel>of()));
      if (l == null || r == null) {
        continue;
      }
      int n = Math.min(l.size(), r.size());
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = apply(op, l.value(i), r.value(i));
      }
      boolean lFanOut = !lhs.containsKey(key);
      boolean rFanOut = !rhs.containsKey(key);
      List<Exemplar> exemplars = new ArrayList<>();
      if (lFanOut == rFanOut || !lFanOut) {
        exemplars.addAll(l.exemplars());
      }
      if (lFanOut == rFanOut || lFanOut) {
        exemplars.addAll(r.exemplars());
      }
      out.add(new TimeSeries(mergeLabels(op, l.labels(), r.labels()), values, exemplars));
    }
    return out;
  }

  private static Map<List<SeriesLabel>, TimeSeries> byKey(List<TimeSeries> series) {
    Map<List<SeriesLabel>, TimeSeries> out = new LinkedHashMap<>();
    for (TimeSeries each : series) {
      out.put(each.key(), each);
    }
    return out;
  }

  /** Left's labels, then right's it lacks; two metric names become {@code (rate / rate)}. */
  private static List<SeriesLabel> mergeLabels(
      BinaryOp op, List<SeriesLabel> left, List<SeriesLabel> right) {
    List<SeriesLabel> out = new ArrayList<>();
    String leftName = null;
    String rightName = null;
    for (SeriesLabel label : left) {
      if (label.name().equals(SeriesLabel.METRIC_NAME)) {
        leftName = label.text();
      }
      out.add(label);
    }
    for (SeriesLabel label : right) {
      if (label.name().equals(SeriesLabel.METRIC_NAME)) {
        rightName = label.text();
      } else if (out.stream().noneMatch(l -> l.name().equals(label.name()))) {
        out.add(label);
      }
    }
    out.removeIf(l -> l.name().equals(SeriesLabel.METRIC_NAME));
    if (leftName != null && rightName != null) {
      out.add(
          0,
          SeriesLabel.of(
              SeriesLabel.METRIC_NAME, "(" + leftName + " " + op.symbol() + " " + rightName + ")"));
    }
    return out;
  }

  /** Every value and exemplar value combined with a number. */
  static List<TimeSeries> scalar(
      BinaryOp op, Value scalar, boolean scalarOnLeft, List<TimeSeries> input) {
    double number = MetricsValues.toDouble(scalar);
    List<TimeSeries> out = new ArrayList<>();
    for (TimeSeries series : input) {
      double[] values = series.values();
      for (int i = 0; i < values.length; i++) {
        values[i] = scalarOnLeft ? apply(op, number, values[i]) : apply(op, values[i], number);
      }
      List<Exemplar> exemplars = new ArrayList<>();
      for (Exemplar e : series.exemplars()) {
        exemplars.add(
            e.withValue(
                scalarOnLeft ? apply(op, number, e.value()) : apply(op, e.value(), number)));
      }
      out.add(series.with(values, exemplars));
    }
    return out;
  }

  /** Division by zero gives NaN (no value), as in Tempo. */
  private static double apply(BinaryOp op, double left, double right) {
    return switch (op) {
      case ADD -> left + right;
      case SUB -> left - right;
      case MUL -> left * right;
      case DIV -> right == 0 ? Double.NaN : left / right;
      default -> Double.NaN;
    };
  }

  /**
   * The answer's form: series without any value dropped; an exemplar without a value of its own
   * (counts, rates) takes its step's value, one in a step without a value is dropped; series in
   * label order.
   */
  static List<TimeSeries> finish(List<TimeSeries> input, MetricsRequest request) {
    List<TimeSeries> out = new ArrayList<>();
    for (TimeSeries series : input) {
      if (series.isEmpty()) {
        continue;
      }
      List<Exemplar> exemplars = new ArrayList<>();
      for (Exemplar exemplar : series.exemplars()) {
        int step = request.interval(exemplar.timestampMs() * 1_000_000);
        if (step < 0 || step >= series.size() || Double.isNaN(series.value(step))) {
          continue;
        }
        exemplars.add(
            Double.isNaN(exemplar.value()) ? exemplar.withValue(series.value(step)) : exemplar);
      }
      exemplars.sort(Comparator.comparingLong(Exemplar::timestampMs));
      out.add(series.with(series.values(), exemplars));
    }
    out.sort(Comparator.comparing(TimeSeries::promLabels));
    return out;
  }
}
