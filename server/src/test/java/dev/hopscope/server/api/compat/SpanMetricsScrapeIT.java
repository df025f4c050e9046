package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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
}
