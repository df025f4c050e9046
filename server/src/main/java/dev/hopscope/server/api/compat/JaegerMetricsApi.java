package dev.hopscope.server.api.compat;

import dev.hopscope.model.SpanKind;
import dev.hopscope.query.metrics.WindowedRed;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Jaeger's metrics API, what Jaeger UI's Monitor tab reads: RED per service (and operation) from
 * the stored spans, with no Prometheus behind it. Parameters as Jaeger takes them (times and
 * durations in milliseconds); answers are Jaeger's {@code MetricFamily} in protobuf JSON.
 */
final class JaegerMetricsApi {
  private static final long MS = 1_000_000L;

  /** Jaeger's defaults: the last hour, a point every 5 s, rates over 10 min, server spans. */
  static final long DEFAULT_LOOKBACK_MS = 3_600_000;

  static final long DEFAULT_STEP_MS = 5_000;
  static final long DEFAULT_RATE_PER_MS = 600_000;

  /** The smallest step worth asking for; our grid has no finer resolution limit. */
  static final long MIN_STEP_MS = 1_000;

  private final Searches searches;

  JaegerMetricsApi(Searches searches) {
    this.searches = searches;
  }

  void mount(Router router, String base) {
    router
        .get(base + "/metrics/latencies")
        .handler(ctx -> family(ctx, WindowedRed.Measure.LATENCIES));
    router.get(base + "/metrics/calls").handler(ctx -> family(ctx, WindowedRed.Measure.CALLS));
    router.get(base + "/metrics/errors").handler(ctx -> family(ctx, WindowedRed.Measure.ERRORS));
    router
        .get(base + "/metrics/minstep")
        .handler(
            ctx ->
                Replies.json(
                    ctx, ErrorStyle.JAEGER_V1, tenant -> JaegerJson.envelope(MIN_STEP_MS, 0)));
  }

  private void family(RoutingContext ctx, WindowedRed.Measure measure) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V1,
        tenant -> {
          List<String> services = Params.all(ctx, "service");
          if (services.isEmpty()) {
            throw new ApiException(
                400, "unable to parse param 'service': please provide at least one service name");
          }
          double quantile = 0;
          if (measure == WindowedRed.Measure.LATENCIES) {
            String text = Params.required(ctx, "e.g. quantile=0.95", "quantile");
            try {
              quantile = Double.parseDouble(text);
            } catch (NumberFormatException e) {
              throw new ApiException(
                  400,
                  "unable to parse param 'quantile': \""
                      + text
                      + "\" is not a number; send e.g. quantile=0.95");
            }
          }
          boolean byOperation = bool(ctx, "groupByOperation");
          long end =
              Params.first(ctx, "endTs").isPresent()
                  ? Params.number(ctx, "endTs", "milliseconds") * MS
                  : Params.nanos(Instant.now());
          WindowedRed.Request request =
              new WindowedRed.Request(
                  services,
                  kinds(ctx),
                  byOperation,
                  end,
                  millis(ctx, "lookback", DEFAULT_LOOKBACK_MS) * MS,
                  millis(ctx, "step", DEFAULT_STEP_MS) * MS,
                  millis(ctx, "ratePer", DEFAULT_RATE_PER_MS) * MS);
          List<WindowedRed.Series> series =
              WindowedRed.evaluate(
                  searches.source, tenant, request, measure, quantile, searches.limits);
          return metricFamily(measure, byOperation, quantile, series);
        });
  }

  private static long millis(RoutingContext ctx, String name, long fallback) {
    if (Params.first(ctx, name).isEmpty()) {
      return fallback;
    }
    long value = Params.number(ctx, name, "milliseconds");
    if (value <= 0) {
      throw new ApiException(
          400, "unable to parse param '" + name + "': must be a positive number of milliseconds");
    }
    return value;
  }

  private static boolean bool(RoutingContext ctx, String name) {
    String text = Params.first(ctx, name).orElse("false");
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "1", "t" -> true;
      case "false", "0", "f" -> false;
      default ->
          throw new ApiException(400, "unable to parse param '" + name + "': send true or false");
    };
  }

  private static Set<SpanKind> kinds(RoutingContext ctx) {
    List<String> names = Params.all(ctx, "spanKind");
    if (names.isEmpty()) {
      return EnumSet.of(SpanKind.SERVER);
    }
    Set<SpanKind> kinds = EnumSet.noneOf(SpanKind.class);
    for (String name : names) {
      try {
        kinds.add(SpanKind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ApiException(
            400,
            "unable to parse param 'spanKind': unsupported span kind: '"
                + name
                + "'; use unspecified, internal, server, client, producer or consumer");
      }
    }
    return kinds;
  }

  /** Jaeger's {@code MetricFamily}: names and help as its Prometheus reader gives them. */
  static JsonObject metricFamily(
      WindowedRed.Measure measure,
      boolean byOperation,
      double quantile,
      List<WindowedRed.Series> series) {
    String scope = byOperation ? "service_operation_" : "service_";
    String grouping = byOperation ? "grouped by service & operation" : "grouped by service";
    String name;
    String help;
    switch (measure) {
      case CALLS -> {
        name = scope + "call_rate";
        help = "calls/sec, " + grouping;
      }
      case ERRORS -> {
        name = scope + "error_rate";
        help = "error rate, computed as a fraction of errors/sec over calls/sec, " + grouping;
      }
      default -> {
        name = scope + "latencies";
        help = quantile + "th quantile latency, " + grouping;
      }
    }
    JsonArray metrics = new JsonArray();
    for (WindowedRed.Series each : series) {
      JsonArray labels = new JsonArray();
      each.operation()
          .ifPresent(op -> labels.add(new JsonObject().put("name", "operation").put("value", op)));
      labels.add(new JsonObject().put("name", "service_name").put("value", each.service()));
      JsonArray points = new JsonArray();
      for (WindowedRed.Point point : each.points()) {
        points.add(
            new JsonObject()
                .put("gaugeValue", new JsonObject().put("doubleValue", point.value()))
                .put("timestamp", Instant.ofEpochSecond(0, point.timestampNanos()).toString()));
      }
      metrics.add(new JsonObject().put("labels", labels).put("metricPoints", points));
    }
    return new JsonObject()
        .put("name", name)
        .put("type", "GAUGE")
        .put("help", help)
        .put("metrics", metrics);
  }
}
