package dev.hopscope.server.spanmetrics;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Span metrics and service-graph metrics for a plain Prometheus to scrape, under the names Tempo's
 * metrics generator writes, so Grafana's service-graph view and alerts built on them work: {@code
 * traces_spanmetrics_calls_total} and {@code traces_spanmetrics_latency_*} per service, span name,
 * kind and status (plus configured attribute dimensions), {@code traces_service_graph_request_*}
 * per client → server edge, and our own {@code hopscope_service_graph_gap_seconds}: the time of
 * each call lost between the services. Every series carries the {@code tenant}.
 *
 * <p>Counted once a batch is durable. An edge pairs a client (or producer) span with the server (or
 * consumer) span whose parent it is; a half waits at most {@code wait} for the other, and at most
 * {@code maxPending} halves wait; the rest are counted, never silently dropped. A tenant's
 * span-metrics series stop growing at {@code maxSeries}; spans beyond it are counted too.
 */
public final class SpanMetricsGenerator {
  /** Tempo's default span-metrics buckets, seconds. */
  static final double[] LATENCY_BUCKETS = {
    0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192,
    16.384
  };

  /** Tempo's default service-graph buckets, seconds. */
  static final double[] GRAPH_BUCKETS = {0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8};

  private final List<String> dimensions;
  private final int maxSeries;
  private final Duration wait;
  private final int maxPending;
  private final InstantSource clock;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter calls;
  private final Histogram latency;
  private final Counter requests;
  private final Counter failed;
  private final Histogram serverSeconds;
  private final Histogram clientSeconds;
  private final Histogram gapSeconds;
  private final Counter limited;
  private final Counter unpaired;
  // Each series' data points by our own key: asking Prometheus for them by label values copied
  // and hashed the labels for every span, most of the cost of counting a batch.
  private final Map<SpanSeriesKey, SpanSeries> spanSeries = new HashMap<>();
  private final Map<String, Integer> seriesPerTenant = new HashMap<>();
  private final Map<EdgeKey, EdgeSeries> edgeSeries = new HashMap<>();

  /** Insertion order is arrival order, so the oldest halves are first to expire. */
  private final Map<HalfKey, Half> pending = new LinkedHashMap<>();

  private static final String[] KIND_LABELS = labels("SPAN_KIND_", SpanKind.values());
  private static final String[] STATUS_LABELS = labels("STATUS_CODE_", StatusCode.values());

  private record SpanSeriesKey(
      String tenant,
      String service,
      String name,
      SpanKind kind,
      StatusCode status,
      List<String> dimensions) {}

  private record SpanSeries(CounterDataPoint calls, DistributionDataPoint latency) {}

  private record EdgeKey(String tenant, String client, String server, boolean messaging) {}

  private record EdgeSeries(
      CounterDataPoint requests,
      CounterDataPoint failed,
      DistributionDataPoint server,
      DistributionDataPoint client,
      DistributionDataPoint gap) {}

  /** Where a half waits: a client under its own span id, a server under its parent's. */
  private record HalfKey(
      String tenant, long traceHigh, long traceLow, long spanId, boolean client) {}

  /** One side of an edge waiting for the other. */
  private record Half(
      String tenant,
      String service,
      long durationNanos,
      boolean error,
      boolean messaging,
      long at) {}

  /**
   * @param dimensions span or resource attributes added as labels ({@code http.method} becomes
   *     {@code http_method}), span attributes first
   */
  public SpanMetricsGenerator(
      List<String> dimensions, int maxSeries, Duration wait, int maxPending, InstantSource clock) {
    if (maxSeries <= 0 || maxPending <= 0 || wait.isNegative()) {
      throw new IllegalArgumentException(
          "span metrics: maxSeries and maxPending must be positive and wait not negative");
    }
    this.dimensions = List.copyOf(dimensions);
    this.maxSeries = maxSeries;
    this.wait = wait;
    this.maxPending = maxPending;
    this.clock = clock;
    List<String> spanLabels =
        new ArrayList<>(List.of("tenant", "service", "span_name", "span_kind", "status_code"));
    for (String dimension : this.dimensions) {
      spanLabels.add(dimension.replaceAll("[^a-zA-Z0-9_]", "_"));
    }
    String[] span = spanLabels.toArray(String[]::new);
    String[] edge = {"tenant", "client", "server", "connection_type"};
    calls =
        Counter.builder()
            .name("traces_spanmetrics_calls_total")
            .help("Spans, by service, span name, kind and status.")
            .labelNames(span)
            .register(registry);
    latency =
        Histogram.builder()
            .name("traces_spanmetrics_latency")
            .help("Span durations in seconds.")
            .labelNames(span)
            .classicUpperBounds(LATENCY_BUCKETS)
            .classicOnly()
            .register(registry);
    requests =
        Counter.builder()
            .name("traces_service_graph_request_total")
            .help("Calls from a client service to a server service.")
            .labelNames(edge)
            .register(registry);
    failed =
        Counter.builder()
            .name("traces_service_graph_request_failed_total")
            .help("Calls where the client or the server span failed.")
            .labelNames(edge)
            .register(registry);
    serverSeconds =
        edgeHistogram("traces_service_graph_request_server_seconds", "Server span", edge);
    clientSeconds =
        edgeHistogram("traces_service_graph_request_client_seconds", "Client span", edge);
    gapSeconds =
        edgeHistogram(
            "hopscope_service_graph_gap_seconds",
            "Client duration minus server duration: the time lost between the services",
            edge);
    limited =
        Counter.builder()
            .name("hopscope_spanmetrics_limited_spans_total")
            .help("Spans not counted in span metrics because the tenant reached maxSeries.")
            .labelNames("tenant")
            .register(registry);
    unpaired =
        Counter.builder()
            .name("hopscope_service_graph_unpaired_spans_total")
            .help("Client or server spans whose other half did not arrive in time, or did not fit.")
            .labelNames("tenant", "reason")
            .register(registry);
  }

  private Histogram edgeHistogram(String name, String what, String[] labels) {
    return Histogram.builder()
        .name(name)
        .help(what + " durations of service-graph calls, in seconds.")
        .labelNames(labels)
        .classicUpperBounds(GRAPH_BUCKETS)
        // The scrape is text, which carries no native buckets: computing them was wasted work.
        .classicOnly()
        .register(registry);
  }

  /** Counts a durable batch. */
  public synchronized void observe(String tenant, SpanBatch batch) {
    long now = clock.millis();
    expire(now);
    for (int row = 0; row < batch.size(); row++) {
      spanMetrics(tenant, batch, row);
      serviceGraph(tenant, batch, row, now);
    }
  }

  private void spanMetrics(String tenant, SpanBatch batch, int row) {
    List<String> dimensionValues = List.of();
    if (!dimensions.isEmpty()) {
      String[] values = new String[dimensions.size()];
      for (int d = 0; d < values.length; d++) {
        AttributeValue value = batch.attributes(row).get(dimensions.get(d));
        if (value == null) {
          value = batch.resource(row).attributes().get(dimensions.get(d));
        }
        values[d] = value == null ? "" : text(value);
      }
      dimensionValues = List.of(values);
    }
    SpanSeriesKey key =
        new SpanSeriesKey(
            tenant,
            batch.resource(row).serviceName(),
            batch.name(row),
            batch.kind(row),
            batch.statusCode(row),
            dimensionValues);
    SpanSeries series = spanSeries.get(key);
    if (series == null) {
      int count = seriesPerTenant.getOrDefault(tenant, 0);
      if (count >= maxSeries) {
        limited.labelValues(tenant).inc();
        return;
      }
      seriesPerTenant.put(tenant, count + 1);
      List<String> labels = new ArrayList<>(5 + dimensionValues.size());
      labels.add(tenant);
      labels.add(key.service());
      labels.add(key.name());
      labels.add(KIND_LABELS[key.kind().ordinal()]);
      labels.add(STATUS_LABELS[key.status().ordinal()]);
      labels.addAll(dimensionValues);
      String[] values = labels.toArray(String[]::new);
      series = new SpanSeries(calls.labelValues(values), latency.labelValues(values));
      spanSeries.put(key, series);
    }
    series.calls().inc();
    series.latency().observe(batch.durationNanos(row) / 1e9);
  }

  private static String[] labels(String prefix, Enum<?>[] values) {
    String[] out = new String[values.length];
    for (Enum<?> value : values) {
      out[value.ordinal()] = prefix + value.name();
    }
    return out;
  }

  private static String text(AttributeValue value) {
    return switch (value) {
      case AttributeValue.StringValue s -> s.value();
      case AttributeValue.LongValue l -> Long.toString(l.value());
      case AttributeValue.DoubleValue d -> Double.toString(d.value());
      case AttributeValue.BoolValue b -> Boolean.toString(b.value());
      default -> "";
    };
  }

  private void serviceGraph(String tenant, SpanBatch batch, int row, long now) {
    SpanKind kind = batch.kind(row);
    boolean client = kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
    boolean server = kind == SpanKind.SERVER || kind == SpanKind.CONSUMER;
    if (!client && !server) {
      return;
    }
    // A client half waits under its own id; a server half under its parent's, the same key.
    long id = client ? batch.spanId(row) : batch.parentSpanId(row);
    if (id == 0) {
      return; // a server span without a parent: no caller to pair with
    }
    long high = batch.traceIdHigh(row);
    long low = batch.traceIdLow(row);
    Half half =
        new Half(
            tenant,
            batch.resource(row).serviceName(),
            batch.durationNanos(row),
            batch.statusCode(row) == StatusCode.ERROR,
            kind == SpanKind.PRODUCER || kind == SpanKind.CONSUMER,
            now);
    Half waiting = pending.remove(new HalfKey(tenant, high, low, id, !client));
    if (waiting != null) {
      edge(client ? half : waiting, client ? waiting : half);
      return;
    }
    if (pending.size() >= maxPending) {
      unpaired.labelValues(tenant, "max_pending").inc();
      return;
    }
    pending.put(new HalfKey(tenant, high, low, id, client), half);
  }

  private void edge(Half client, Half server) {
    EdgeKey key =
        new EdgeKey(
            client.tenant(),
            client.service(),
            server.service(),
            client.messaging() || server.messaging());
    EdgeSeries series = edgeSeries.get(key);
    if (series == null) {
      String[] labels = {
        key.tenant(), key.client(), key.server(), key.messaging() ? "messaging_system" : ""
      };
      series =
          new EdgeSeries(
              requests.labelValues(labels),
              failed.labelValues(labels),
              serverSeconds.labelValues(labels),
              clientSeconds.labelValues(labels),
              gapSeconds.labelValues(labels));
      edgeSeries.put(key, series);
    }
    series.requests().inc();
    if (client.error() || server.error()) {
      series.failed().inc();
    }
    series.server().observe(server.durationNanos() / 1e9);
    series.client().observe(client.durationNanos() / 1e9);
    series.gap().observe(Math.max(0, client.durationNanos() - server.durationNanos()) / 1e9);
  }

  private void expire(long now) {
    Iterator<Half> oldestFirst = pending.values().iterator();
    while (oldestFirst.hasNext()) {
      Half half = oldestFirst.next();
      if (now - half.at() <= wait.toMillis()) {
        return;
      }
      unpaired.labelValues(half.tenant(), "expired").inc();
      oldestFirst.remove();
    }
  }

  /** Prometheus text; halves that waited too long are counted as unpaired first. */
  public synchronized byte[] scrape() {
    expire(clock.millis());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
