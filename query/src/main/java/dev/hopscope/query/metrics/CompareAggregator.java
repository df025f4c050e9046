package dev.hopscope.query.metrics;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Span;
import dev.hopscope.query.SpanPipeline;
import dev.hopscope.query.traceql.MetricsAggregate;
import dev.hopscope.query.traceql.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code compare({ filter })}: splits the spans into the selection (matching the filter, inside the
 * window when one is given) and the baseline, and counts per step every value of every attribute in
 * each, as Tempo does: series {@code {__meta_type="baseline", span.x="a"}} for the {@code topN}
 * values of each attribute with the most spans, and {@code {__meta_type= "baseline_total",
 * span.x=nil}} for all spans having the attribute. Durations and ids are not compared (every value
 * differs). Grafana's Traces Drilldown draws its comparison from these.
 */
final class CompareAggregator {
  private static final String BASELINE = "baseline";
  private static final String SELECTION = "selection";

  private final MetricsAggregate.Compare compare;
  private final MetricsRequest request;

  /** type → attribute → value → counts per step. */
  private final Map<String, Map<String, Map<Value, double[]>>> counts = new LinkedHashMap<>();

  CompareAggregator(MetricsAggregate.Compare compare, MetricsRequest request) {
    this.compare = compare;
    this.request = request;
  }

  void observe(SpanPipeline.MatchedSpan match) {
    Span span = match.span();
    int step = request.interval(span.startNanos());
    if (step < 0) {
      return;
    }
    boolean inWindow =
        compare.start() == 0
            || (span.startNanos() > compare.start() && span.startNanos() <= compare.end());
    boolean selected = inWindow && compare.selection().condition().map(match::matches).orElse(true);
    Map<String, Map<Value, double[]>> into =
        counts.computeIfAbsent(selected ? SELECTION : BASELINE, k -> new LinkedHashMap<>());
    count(into, "name", new Value.StringValue(span.name()), step);
    count(into, "status", new Value.StatusValue(span.status().code()), step);
    count(into, "kind", new Value.KindValue(span.kind()), step);
    if (!span.status().message().isEmpty()) {
      count(into, "statusMessage", new Value.StringValue(span.status().message()), step);
    }
    attributes(into, "resource.", span.resource().attributes(), step);
    attributes(into, "span.", span.attributes(), step);
  }

  private void attributes(
      Map<String, Map<Value, double[]>> into, String prefix, Attributes attributes, int step) {
    attributes.forEach(
        (key, value) -> {
          Value converted =
              switch (value) {
                case AttributeValue.StringValue s -> new Value.StringValue(s.value());
                case AttributeValue.LongValue l -> new Value.IntValue(l.value());
                case AttributeValue.DoubleValue d -> new Value.FloatValue(d.value());
                case AttributeValue.BoolValue b -> new Value.BoolValue(b.value());
                default -> null;
              };
          if (converted != null) {
            count(into, prefix + key, converted, step);
          }
        });
  }

  private void count(
      Map<String, Map<Value, double[]>> into, String attribute, Value value, int step) {
    into.computeIfAbsent(attribute, k -> new LinkedHashMap<>())
            .computeIfAbsent(value, k -> new double[request.intervals()])[step] +=
        1;
  }

  List<TimeSeries> result() {
    List<TimeSeries> out = new ArrayList<>();
    for (String type : List.of(BASELINE, SELECTION)) {
      for (Map.Entry<String, Map<Value, double[]>> attribute :
          counts.getOrDefault(type, Map.of()).entrySet()) {
        List<Map.Entry<Value, double[]>> values = new ArrayList<>(attribute.getValue().entrySet());
        values.sort(
            Comparator.comparingDouble((Map.Entry<Value, double[]> e) -> -sum(e.getValue())));
        double[] total = new double[request.intervals()];
        for (int i = 0; i < values.size(); i++) {
          double[] perStep = values.get(i).getValue();
          for (int s = 0; s < total.length; s++) {
            total[s] += perStep[s];
          }
          if (i < compare.topN()) {
            out.add(
                new TimeSeries(
                    List.of(
                        SeriesLabel.of(SeriesLabel.META_TYPE, type),
                        new SeriesLabel(attribute.getKey(), values.get(i).getKey())),
                    perStep,
                    List.of()));
          }
        }
        out.add(
            new TimeSeries(
                List.of(
                    SeriesLabel.of(SeriesLabel.META_TYPE, type + "_total"),
                    new SeriesLabel(attribute.getKey(), Value.NilValue.INSTANCE)),
                total,
                List.of()));
      }
    }
    return out;
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }
}
