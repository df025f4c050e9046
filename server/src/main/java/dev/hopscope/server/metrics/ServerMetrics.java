package dev.hopscope.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleSupplier;

/**
 * The server's own metrics, in one registry per server so that tests running several servers in one
 * JVM never mix counts. Scraped as Prometheus text on {@code /metrics}.
 */
public final class ServerMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter receivedSpans;
  private final Counter receivedBytes;
  private final Counter rejectedSpans;
  private final Counter rejectedRequests;
  private final Counter rejectedQueries;
  private final Histogram requestSeconds;
  private final Counter authFailures;

  public ServerMetrics() {
    receivedSpans =
        Counter.builder()
            .name("hopscope_received_spans_total")
            .help("Spans accepted and made durable, by protocol and tenant.")
            .labelNames("protocol", "tenant")
            .register(registry);
    receivedBytes =
        Counter.builder()
            .name("hopscope_received_bytes_total")
            .help("Request body bytes received (as sent, before decompression).")
            .labelNames("protocol", "tenant")
            .register(registry);
    rejectedSpans =
        Counter.builder()
            .name("hopscope_rejected_spans_total")
            .help("Spans refused, by protocol and reason; a refused request counts all its spans.")
            .labelNames("protocol", "reason")
            .register(registry);
    rejectedRequests =
        Counter.builder()
            .name("hopscope_rejected_requests_total")
            .help("Whole requests refused (malformed, too large, overloaded), by reason.")
            .labelNames("protocol", "reason")
            .register(registry);
    requestSeconds =
        Histogram.builder()
            .name("hopscope_ingest_request_duration_seconds")
            .help("Ingest request latency, from the last body byte to the answer.")
            .labelNames("protocol", "outcome")
            .classicUpperBounds(
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    rejectedQueries =
        Counter.builder()
            .name("hopscope_rejected_queries_total")
            .help("Queries refused for a per-tenant limit (a search window too long), by reason.")
            .labelNames("reason")
            .register(registry);
    authFailures =
        Counter.builder()
            .name("hopscope_auth_failures_total")
            .help("Requests refused for a missing, unknown or insufficient token, by listener.")
            .labelNames("listener", "reason")
            .register(registry);
    JvmMetrics.builder().register(registry);
  }

  public void received(String protocol, String tenant, int spans, long bytes) {
    receivedSpans.labelValues(protocol, tenant).inc(spans);
    receivedBytes.labelValues(protocol, tenant).inc(bytes);
  }

  public void rejectedSpans(String protocol, String reason, int spans) {
    rejectedSpans.labelValues(protocol, reason).inc(spans);
  }

  public void rejectedRequest(String protocol, String reason) {
    rejectedRequests.labelValues(protocol, reason).inc();
  }

  public void rejectedQuery(String reason) {
    rejectedQueries.labelValues(reason).inc();
  }

  public void authFailure(String listener, String reason) {
    authFailures.labelValues(listener, reason).inc();
  }

  public void requestDone(String protocol, String outcome, long nanos) {
    requestSeconds.labelValues(protocol, outcome).observe(nanos / 1e9);
  }

  /** Registers a gauge read at scrape time. */
  public void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
  }

  /** A gauge with one label, read at scrape time. */
  public void gauge(String name, String help, String label, LabelledValues values) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(label)
        .callback(callback -> values.forEach((labelValue, v) -> callback.call(v, labelValue)))
        .register(registry);
  }

  /** Supplies (label value, value) pairs at scrape time. */
  @FunctionalInterface
  public interface LabelledValues {
    void forEach(java.util.function.ObjDoubleConsumer<String> sink);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      PrometheusTextFormatWriter.create()
          .write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
