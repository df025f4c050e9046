package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.config.Setting;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Prometheus scraping {@code /metrics/spans} of a running server that received the shop's
 * 30 traces over OTLP: Tempo's metric names, per tenant, counted once the spans were acknowledged.
 */
class SpanMetricsScrapeIT {
  @TempDir static Path dataDir;

  @Test
  void tempoNamedSeriesOfTheAcknowledgedSpans() throws Exception {
    try (CompatFixture shop = new CompatFixture(dataDir)) {
      HttpResponse<String> scrape = shop.get("/metrics/spans");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      String body = scrape.body();
      assertThat(body)
          .contains(
              "traces_spanmetrics_calls_total{service=\"webapp\",span_kind=\"SPAN_KIND_SERVER\","
                  + "span_name=\"GET /products\",status_code=\"STATUS_CODE_UNSET\","
                  + "tenant=\"single-tenant\"} 27.0")
          .contains(
              "traces_service_graph_request_total{client=\"webapp\",connection_type=\"\","
                  + "server=\"auth\",tenant=\"single-tenant\"} 30.0")
          .contains(
              "traces_service_graph_request_failed_total{client=\"webapp\",connection_type=\"\","
                  + "server=\"auth\",tenant=\"single-tenant\"} 3.0")
          .contains("traces_spanmetrics_latency_bucket{")
          .contains("traces_service_graph_request_server_seconds_bucket{")
          .contains("traces_service_graph_request_client_seconds_bucket{")
          .contains("hopscope_service_graph_gap_seconds_bucket{");
    }
  }

  /**
   * {@code spanMetrics.dimensions} adds labels as Tempo's {@code dimensions} do, and {@code
   * spanMetrics.maxSeriesPerTenant} stops a tenant's series from growing, counting the spans left
   * out.
   */
  @Test
  void configuredDimensionsBecomeLabelsAndTheSeriesCapHolds(@TempDir Path dir) throws Exception {
    try (CompatFixture shop =
        new CompatFixture(
            dir.resolve("dimensions"),
            Map.of(Setting.SPAN_METRICS_DIMENSIONS, "http.request.method"))) {
      assertThat(shop.get("/metrics/spans").body())
          .contains(
              "traces_spanmetrics_calls_total{http_request_method=\"GET\",service=\"webapp\","
                  + "span_kind=\"SPAN_KIND_SERVER\",span_name=\"GET /products\","
                  + "status_code=\"STATUS_CODE_UNSET\",tenant=\"single-tenant\"} 27.0");
    }
    try (CompatFixture shop =
        new CompatFixture(dir.resolve("capped"), Map.of(Setting.SPAN_METRICS_MAX_SERIES, "2"))) {
      String body = shop.get("/metrics/spans").body();
      assertThat(body.lines().filter(line -> line.startsWith("traces_spanmetrics_calls_total{")))
          .hasSize(2);
      assertThat(body).containsPattern("hopscope_spanmetrics_limited_spans_total\\{[^}]*\\} [1-9]");
    }
  }
}
