package dev.hopscope.query.metrics;

import dev.hopscope.analysis.sketch.LatencySketch;
import dev.hopscope.model.Span;
import dev.hopscope.query.SpanPipeline;
import dev.hopscope.query.traceql.FieldExpr;
import dev.hopscope.query.traceql.MetricsAggregate;
import dev.hopscope.query.traceql.MetricsFunction;
import dev.hopscope.query.traceql.Value;
import dev.hopscope.store.cells.CellExemplar;
import dev.hopscope.store.cells.DurationCounts;
import dev.hopscope.store.cells.SpanCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Turns the spans of one metrics pipeline into series: one group per distinct by() value (and, for
 * histogram_over_time, per log2 bucket), one value per step. Every function but compare.
 */
final class SeriesAggregator {
  private final MetricsAggregate aggregate;
  private final MetricsFunction function;
  private final MetricsRequest request;
  private final Map<List<Value>, Group> groups = new LinkedHashMap<>();

  /** Every value of quantile_over_time, for sending each exemplar to its nearest quantile. */
  private final LatencySketch overall = LatencySketch.create();

  private final Histogram scratch = new Histogram(LatencySketch.SIGNIFICANT_DIGITS);

  /** Cells' buckets for {@link #overall}, recorded into it once, when the result is read. */
  private final DurationCounts overallFromCells = new DurationCounts();

  SeriesAggregator(MetricsAggregate aggregate, MetricsRequest request) {
    this.aggregate = aggregate;
    this.function = aggregate.function();
    this.request = request;
  }

  void observe(SpanPipeline.MatchedSpan match) {
    Span span = match.span();
    int interval = request.interval(span.startNanos());
    if (interval < 0) {
      return;
    }
    List<Value> key = new ArrayList<>(aggregate.by().size() + 1);
    for (FieldExpr field : aggregate.by()) {
      key.add(groupValue(match.field(field)));
    }
    Value raw = aggregate.attribute().map(match::field).orElse(Value.NilValue.INSTANCE);
    double value = Double.NaN;
    switch (function) {
      case RATE, COUNT_OVER_TIME -> {}
      case HISTOGRAM_OVER_TIME -> {
        Value bucket = Log2Buckets.bucket(raw);
        if (bucket == null) {
          return;
        }
        key.add(bucket);
      }
      case QUANTILE_OVER_TIME -> {
        if (Log2Buckets.sketchable(raw) < 0) {
          return;
        }
        value = MetricsValues.toDouble(raw);
      }
      default -> {
        value = MetricsValues.toDouble(raw);
        if (Double.isNaN(value)) {
          return;
        }
      }
    }
    Group group = groups.computeIfAbsent(key, k -> new Group());
    group.observe(interval, value, raw);
    if (function == MetricsFunction.QUANTILE_OVER_TIME) {
      overall.record(Log2Buckets.sketchable(raw));
    }
    if (group.exemplarBuckets.admit(span.startNanos() / 1_000_000)) {
      double exemplarValue = aggregate.attribute().isPresent() ? value : Double.NaN;
      if (function == MetricsFunction.HISTOGRAM_OVER_TIME) {
        exemplarValue = Double.NaN;
      }
      group.exemplars.add(MetricsValues.exemplar(span, exemplarValue));
    }
  }

  /**
   * Counts a cell's spans into interval {@code interval} of the group its by() values name, as
   * observing each of its spans would (the plan checked the function reads only the duration).
   */
  void observeCell(List<Value> by, int interval, SpanCell cell) {
    List<Value> key = new ArrayList<>(by.size() + 1);
    for (Value value : by) {
      key.add(groupValue(value));
    }
    if (function == MetricsFunction.HISTOGRAM_OVER_TIME) {
      long[] log2 = cell.log2Counts();
      // Index 0 holds durations under 2 ns, which have no bucket (Log2Buckets).
      for (int i = 1; i < log2.length; i++) {
        if (log2[i] > 0) {
          List<Value> bucketKey = new ArrayList<>(key);
          bucketKey.add(new Value.FloatValue(Math.scalb(1.0, i) / 1e9));
          Group group = groups.computeIfAbsent(bucketKey, k -> new Group());
          group.counts[interval] += log2[i];
          admitExemplar(group, cell, Double.NaN);
        }
      }
      return;
    }
    Group group = groups.computeIfAbsent(key, k -> new Group());
    group.observeCell(interval, cell);
    if (function == MetricsFunction.QUANTILE_OVER_TIME) {
      overallFromCells.addAll(cell);
    }
    double exemplarValue =
        aggregate.attribute().isPresent() && cell.exemplar() != null
            ? cell.exemplar().durationNanos() / 1e9
            : Double.NaN;
    admitExemplar(group, cell, exemplarValue);
  }

  private void admitExemplar(Group group, SpanCell cell, double value) {
    CellExemplar exemplar = cell.exemplar();
    if (exemplar != null && group.exemplarBuckets.admit(exemplar.startNanos() / 1_000_000)) {
      group.exemplars.add(MetricsValues.exemplar(exemplar, value));
    }
  }

  /**
   * The quantile of a step's cell buckets, as {@link LatencySketch#valueAtQuantile} gives it: the
   * same bucket layout (an array-backed histogram here, refilled per step, where the sketch's
   * packed array made inserting thousands of distinct buckets most of a quantile query).
   */
  private long valueAtQuantile(DurationCounts counts, double q) {
    scratch.reset();
    counts.forEach(scratch::recordValueWithCount);
    return scratch.getTotalCount() == 0 ? 0 : scratch.getValueAtPercentile(q * 100);
  }

  /** A by() value as a label value: composite values (arrays, maps, bytes) group as nil. */
  private static Value groupValue(Value value) {
    return value instanceof Value.ArrayValue || value instanceof Value.OpaqueValue
        ? Value.NilValue.INSTANCE
        : value;
  }

  List<TimeSeries> result() {
    overallFromCells.forEach(overall::recordWithCount);
    List<TimeSeries> out = new ArrayList<>();
    double[] overallQuantiles = new double[aggregate.quantiles().size()];
    for (int q = 0; q < overallQuantiles.length; q++) {
      overallQuantiles[q] = overall.valueAtQuantile(aggregate.quantiles().get(q));
    }
    for (Map.Entry<List<Value>, Group> entry : groups.entrySet()) {
      List<SeriesLabel> labels = labels(entry.getKey());
      Group group = entry.getValue();
      if (function != MetricsFunction.QUANTILE_OVER_TIME) {
        out.add(new TimeSeries(labels, group.values(), group.exemplars));
        continue;
      }
      List<Double> quantiles = aggregate.quantiles();
      for (int q = 0; q < quantiles.size(); q++) {
        List<SeriesLabel> withQ = new ArrayList<>(labels);
        withQ.add(new SeriesLabel(SeriesLabel.QUANTILE, new Value.FloatValue(quantiles.get(q))));
        out.add(
            new TimeSeries(
                withQ, group.quantile(quantiles.get(q)), exemplarsFor(q, group, overallQuantiles)));
      }
    }
    return out;
  }

  /** Each exemplar goes to the quantile series whose overall value is closest to its own. */
  private List<Exemplar> exemplarsFor(int index, Group group, double[] overallQuantiles) {
    List<Exemplar> out = new ArrayList<>();
    for (Exemplar exemplar : group.exemplars) {
      int best = -1;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int q = 0; q < overallQuantiles.length; q++) {
        double distance = Math.abs(exemplar.value() - group.scale((long) overallQuantiles[q]));
        if (distance < bestDistance) {
          best = q;
          bestDistance = distance;
        }
      }
      if (best == index) {
        out.add(exemplar);
      }
    }
    return out;
  }

  /**
   * By values that are nil are left out of the labels, as Prometheus leaves out empty labels; when
   * all are nil the first by() field stays, with the value nil, so the series has a label.
   */
  private List<SeriesLabel> labels(List<Value> key) {
    List<SeriesLabel> labels = new ArrayList<>();
    List<FieldExpr> by = aggregate.by();
    for (int i = 0; i < by.size(); i++) {
      if (!(key.get(i) instanceof Value.NilValue)) {
        labels.add(new SeriesLabel(by.get(i).toString(), key.get(i)));
      }
    }
    if (function == MetricsFunction.HISTOGRAM_OVER_TIME) {
      labels.add(new SeriesLabel(SeriesLabel.BUCKET, key.get(by.size())));
    }
    if (labels.isEmpty() && !by.isEmpty()) {
      labels.add(new SeriesLabel(by.get(0).toString(), Value.NilValue.INSTANCE));
    }
    if (by.isEmpty() && function != MetricsFunction.QUANTILE_OVER_TIME && labels.isEmpty()) {
      labels.add(SeriesLabel.of(SeriesLabel.METRIC_NAME, function.text()));
    }
    return labels;
  }

  /** The state of one group: a value (and for avg a count) or a sketch per step. */
  private final class Group {
    private final double[] values = new double[request.intervals()];
    private final long[] counts = new long[request.intervals()];
    private final LatencySketch[] sketches =
        function == MetricsFunction.QUANTILE_OVER_TIME
            ? new LatencySketch[request.intervals()]
            : new LatencySketch[0];
    // Cells' buckets per step, added up here and read through the scratch histogram.
    private final @Nullable DurationCounts[] fromCells =
        function == MetricsFunction.QUANTILE_OVER_TIME
            ? new DurationCounts[request.intervals()]
            : new DurationCounts[0];
    private final ExemplarBuckets exemplarBuckets = new ExemplarBuckets(request);
    private final List<Exemplar> exemplars = new ArrayList<>();
    private boolean durations;

    Group() {
      switch (function) {
        case MIN_OVER_TIME, MAX_OVER_TIME, SUM_OVER_TIME -> Arrays.fill(values, Double.NaN);
        default -> {}
      }
    }

    void observe(int i, double value, Value raw) {
      counts[i]++;
      switch (function) {
        case MIN_OVER_TIME ->
            values[i] = Double.isNaN(values[i]) ? value : Math.min(values[i], value);
        case MAX_OVER_TIME ->
            values[i] = Double.isNaN(values[i]) ? value : Math.max(values[i], value);
        case SUM_OVER_TIME -> values[i] = Double.isNaN(values[i]) ? value : values[i] + value;
        case AVG_OVER_TIME -> values[i] += value;
        case QUANTILE_OVER_TIME -> {
          if (sketches[i] == null) {
            sketches[i] = LatencySketch.create();
          }
          durations |= raw instanceof Value.DurationValue;
          sketches[i].record(Log2Buckets.sketchable(raw));
        }
        default -> {}
      }
    }

    void observeCell(int i, SpanCell cell) {
      counts[i] += cell.count();
      switch (function) {
        case MIN_OVER_TIME -> {
          double min = cell.minNanos() / 1e9;
          values[i] = Double.isNaN(values[i]) ? min : Math.min(values[i], min);
        }
        case MAX_OVER_TIME -> {
          double max = cell.maxNanos() / 1e9;
          values[i] = Double.isNaN(values[i]) ? max : Math.max(values[i], max);
        }
        case SUM_OVER_TIME -> {
          double sum = cell.sumNanos() / 1e9;
          values[i] = Double.isNaN(values[i]) ? sum : values[i] + sum;
        }
        case AVG_OVER_TIME -> values[i] += cell.sumNanos() / 1e9;
        case QUANTILE_OVER_TIME -> {
          DurationCounts counts = fromCells[i];
          if (counts == null) {
            counts = new DurationCounts();
            fromCells[i] = counts;
          }
          durations = true;
          counts.addAll(cell);
        }
        default -> {}
      }
    }

    double[] values() {
      double[] out = new double[values.length];
      double stepSeconds = request.stepNanos() / 1e9;
      for (int i = 0; i < out.length; i++) {
        out[i] =
            switch (function) {
              case RATE -> counts[i] / stepSeconds;
              case COUNT_OVER_TIME, HISTOGRAM_OVER_TIME -> counts[i];
              case AVG_OVER_TIME -> counts[i] == 0 ? Double.NaN : values[i] / counts[i];
              default -> values[i];
            };
      }
      return out;
    }

    /** Per step, from the step's sketch; 0 in a step without spans, as Tempo reports it. */
    double[] quantile(double q) {
      double[] out = new double[sketches.length];
      for (int i = 0; i < out.length; i++) {
        DurationCounts counts = fromCells[i];
        LatencySketch sketch = sketches[i];
        if (counts != null) {
          out[i] = scale(valueAtQuantile(counts, q));
        } else {
          out[i] = sketch == null ? 0 : scale(sketch.valueAtQuantile(q));
        }
      }
      return out;
    }

    /** Sketches hold nanoseconds for durations; series report seconds. */
    double scale(long sketched) {
      return durations ? sketched / 1e9 : sketched;
    }
  }
}
