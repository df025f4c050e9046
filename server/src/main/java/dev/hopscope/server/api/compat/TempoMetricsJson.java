package dev.hopscope.server.api.compat;

import dev.hopscope.query.metrics.Exemplar;
import dev.hopscope.query.metrics.MetricsResult;
import dev.hopscope.query.metrics.SeriesLabel;
import dev.hopscope.query.metrics.TimeSeries;
import dev.hopscope.query.traceql.Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tempo's metrics answers in protobuf JSON, as its query frontend writes them: {@code
 * QueryRangeResponse} and {@code QueryInstantResponse}. int64s are strings, doubles that are not
 * finite are the strings {@code NaN}/{@code Infinity}, empty lists are left out. Each series also
 * carries {@code promLabels}, the Prometheus-style text older Tempo releases sent and older Grafana
 * releases read.
 */
final class TempoMetricsJson {
  private TempoMetricsJson() {}

  static JsonObject range(MetricsResult result) {
    JsonArray series = new JsonArray();
    for (TimeSeries each : result.series()) {
      JsonArray samples = new JsonArray();
      for (int i = 0; i < each.size(); i++) {
        if (!Double.isNaN(each.value(i))) {
          samples.add(
              new JsonObject()
                  .put("timestampMs", Long.toString(result.request().timestampNanos(i) / 1_000_000))
                  .put("value", number(each.value(i))));
        }
      }
      JsonObject out = labelled(each).put("samples", samples);
      if (!each.exemplars().isEmpty()) {
        JsonArray exemplars = new JsonArray();
        for (Exemplar exemplar : each.exemplars()) {
          exemplars.add(
              new JsonObject()
                  .put("labels", labels(exemplar.labels()))
                  .put("value", number(exemplar.value()))
                  .put("timestampMs", Long.toString(exemplar.timestampMs())));
        }
        out.put("exemplars", exemplars);
      }
      series.add(out);
    }
    return answer(result, series);
  }

  /** One value per series: the single step of an instant request. */
  static JsonObject instant(MetricsResult result) {
    JsonArray series = new JsonArray();
    for (TimeSeries each : result.series()) {
      series.add(labelled(each).put("value", number(each.value(0))));
    }
    return answer(result, series);
  }

  private static JsonObject answer(MetricsResult result, JsonArray series) {
    JsonObject metrics =
        new JsonObject()
            .put("inspectedTraces", result.inspectedTraces())
            .put("inspectedSpans", Long.toString(result.inspectedSpans()))
            .put("completedJobs", 1)
            .put("totalJobs", 1);
    JsonObject out = new JsonObject();
    if (!series.isEmpty()) {
      out.put("series", series);
    }
    out.put("metrics", metrics);
    result.stoppedBy().ifPresent(reason -> out.put("status", "PARTIAL").put("message", reason));
    return out;
  }

  private static JsonObject labelled(TimeSeries series) {
    return new JsonObject()
        .put("labels", labels(series.labels()))
        .put("promLabels", series.promLabels());
  }

  private static JsonArray labels(Iterable<SeriesLabel> labels) {
    JsonArray out = new JsonArray();
    for (SeriesLabel label : labels) {
      out.add(new JsonObject().put("key", label.name()).put("value", anyValue(label)));
    }
    return out;
  }

  /** Typed as Tempo types label values: ints, floats and booleans as such, the rest as text. */
  private static JsonObject anyValue(SeriesLabel label) {
    return switch (label.value()) {
      case Value.IntValue i -> new JsonObject().put("intValue", Long.toString(i.value()));
      case Value.FloatValue f -> new JsonObject().put("doubleValue", number(f.value()));
      case Value.BoolValue b -> new JsonObject().put("boolValue", b.value());
      default -> new JsonObject().put("stringValue", label.text());
    };
  }

  /** A double as protobuf JSON writes it: a number, or a string when not finite. */
  static Object number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    return value;
  }
}
