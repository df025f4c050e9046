package dev.hopscope.server.spanmetrics;

import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How {@code /metrics/spans} counts: Tempo's metrics-generator knobs under {@code spanMetrics.*}.
 *
 * @param dimensions span or resource attributes added as labels to the span-metrics series, in
 *     order (Tempo's {@code dimensions})
 * @param maxSeriesPerTenant a tenant's span-metrics series stop growing here; spans beyond it are
 *     counted in {@code hopscope_spanmetrics_limited_spans_total}
 * @param edgeWait how long half of a service-graph edge waits for the other
 * @param maxPendingEdges how many halves wait at most, over every tenant
 */
public record SpanMetricsConfig(
    List<String> dimensions, int maxSeriesPerTenant, Duration edgeWait, int maxPendingEdges) {

  /** Tempo's defaults in spirit: no extra dimensions, 10,000 series, 10 s, 10,000 halves. */
  public static final SpanMetricsConfig DEFAULTS =
      new SpanMetricsConfig(List.of(), 10_000, Duration.ofSeconds(10), 10_000);

  /** More would multiply every tenant's series by each dimension's values. */
  static final int MAX_DIMENSIONS = 10;

  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-/]{0,127}");

  public SpanMetricsConfig {
    dimensions = List.copyOf(dimensions);
  }

  public SpanMetricsGenerator newGenerator(InstantSource clock) {
    return new SpanMetricsGenerator(
        dimensions, maxSeriesPerTenant, edgeWait, maxPendingEdges, clock);
  }

  /** Reads {@code spanMetrics.*}; a bad value names the key, where it came from and the fix. */
  public static SpanMetricsConfig from(ConfigSources sources) {
    List<String> dimensions = new ArrayList<>();
    for (String part : sources.get(Setting.SPAN_METRICS_DIMENSIONS).split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!ATTRIBUTE.matcher(name).matches()
          || name.equals("tenant")
          || name.equals("service")
          || dimensions.contains(name)) {
        throw invalid(
            sources,
            Setting.SPAN_METRICS_DIMENSIONS,
            "has '"
                + name
                + "'; list attribute names (letters, digits, '_', '.', '-', '/'), each once and"
                + " none named tenant or service, e.g. http.request.method,deployment.environment");
      }
      dimensions.add(name);
    }
    if (dimensions.size() > MAX_DIMENSIONS) {
      throw invalid(
          sources,
          Setting.SPAN_METRICS_DIMENSIONS,
          "lists "
              + dimensions.size()
              + " attributes; at most "
              + MAX_DIMENSIONS
              + " (each multiplies the series): keep the ones dashboards group by");
    }
    int maxSeries = positiveInt(sources, Setting.SPAN_METRICS_MAX_SERIES);
    int maxPending = positiveInt(sources, Setting.SPAN_METRICS_MAX_PENDING_EDGES);
    Duration wait;
    try {
      wait = ServerConfig.parseDuration(sources.get(Setting.SPAN_METRICS_EDGE_WAIT));
    } catch (IllegalArgumentException e) {
      throw invalid(
          sources,
          Setting.SPAN_METRICS_EDGE_WAIT,
          "is '" + sources.get(Setting.SPAN_METRICS_EDGE_WAIT) + "'; use a duration such as 10s");
    }
    return new SpanMetricsConfig(dimensions, maxSeries, wait, maxPending);
  }

  private static int positiveInt(ConfigSources sources, Setting setting) {
    String value = sources.get(setting).trim();
    try {
      int parsed = Integer.parseInt(value.replace("_", ""));
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the message
    }
    throw invalid(sources, setting, "is '" + value + "'; use a whole number above 0, e.g. 10000");
  }

  private static IllegalArgumentException invalid(
      ConfigSources sources, Setting setting, String problem) {
    return new IllegalArgumentException(
        setting.key() + " (" + sources.origin(setting) + ") " + problem);
  }
}
