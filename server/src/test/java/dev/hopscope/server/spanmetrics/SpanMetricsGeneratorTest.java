package dev.hopscope.server.spanmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.server.testing.ShopTraces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The scrape a Prometheus gets after the shop's traces: 5 spans per trace (webapp: GET /products
 * server, ValidateToken and SELECT products clients; auth: ValidateToken server, SELECT tokens
 * client), one webapp → auth call each, 1 ms (or 100 ms, every third trace) lost on the way.
 */
class SpanMetricsGeneratorTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

  private SpanMetricsGenerator generator(int maxSeries) {
    return new SpanMetricsGenerator(
        List.of("http.route"), maxSeries, Duration.ofSeconds(10), 1_000, clock);
  }

  private static List<List<Span>> shop(int traces) {
    ShopTraces shop = new ShopTraces(3);
    List<List<Span>> out = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      out.add(shop.trace(1_800_000_000_000_000_000L + i * 100 * MS, i % 3 == 0 ? 100 : 1, i == 0));
    }
    return out;
  }

  /** The value of the one sample of {@code name} carrying all {@code labels}. */
  private static double sample(String scrape, String name, Map<String, String> labels) {
    double found = Double.NaN;
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      boolean all =
          labels.entrySet().stream()
              .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        assertThat(found).as("one sample of " + name + labels).isNaN();
        found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return found;
  }

  private static String text(SpanMetricsGenerator generator) {
    return new String(generator.scrape(), StandardCharsets.UTF_8);
  }

  @Test
  void spanMetricsAndServiceGraphUnderTempoNames() {
    SpanMetricsGenerator generator = generator(100);
    for (List<Span> trace : shop(30)) {
      generator.observe("shop", SpanBatch.of(trace));
    }
    String scrape = text(generator);
    assertThat(
            sample(
                scrape,
                "traces_spanmetrics_calls_total",
                Map.of(
                    "tenant", "shop",
                    "service", "webapp",
                    "span_name", "GET /products",
                    "span_kind", "SPAN_KIND_SERVER",
                    "status_code", "STATUS_CODE_UNSET",
                    "http_route", "/products")))
        .isEqualTo(29);
    assertThat(
            sample(
                scrape,
                "traces_spanmetrics_latency_count",
                Map.of(
                    "service",
                    "auth",
                    "span_name",
                    "ValidateToken",
                    "status_code",
                    "STATUS_CODE_ERROR")))
        .isEqualTo(1);
    Map<String, String> edge = Map.of("tenant", "shop", "client", "webapp", "server", "auth");
    assertThat(sample(scrape, "traces_service_graph_request_total", edge)).isEqualTo(30);
    assertThat(sample(scrape, "traces_service_graph_request_failed_total", edge)).isEqualTo(1);
    assertThat(sample(scrape, "traces_service_graph_request_server_seconds_count", edge))
        .isEqualTo(30);
    // The client span lasts the server's 6 ms plus the gap both ways: 1 + 1 ms, or 100 + 1 ms.
    assertThat(sample(scrape, "hopscope_service_graph_gap_seconds_sum", edge))
        .isCloseTo(10 * 0.101 + 20 * 0.002, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(
            sample(
                scrape,
                "hopscope_service_graph_gap_seconds_bucket",
                Map.of("client", "webapp", "le", "0.1")))
        .isEqualTo(20);
  }

  @Test
  void halvesPairAcrossBatchesAndExpireAlone() {
    SpanMetricsGenerator generator = generator(100);
    List<Span> trace = shop(1).get(0);
    List<Span> clients = trace.stream().filter(s -> s.kind() == SpanKind.CLIENT).toList();
    List<Span> rest = trace.stream().filter(s -> s.kind() != SpanKind.CLIENT).toList();
    generator.observe("shop", SpanBatch.of(rest));
    now.addAndGet(5_000);
    generator.observe("shop", SpanBatch.of(clients));
    String scrape = text(generator);
    assertThat(
            sample(
                scrape,
                "traces_service_graph_request_total",
                Map.of("client", "webapp", "server", "auth")))
        .isEqualTo(1);
    // The two database clients never meet a server span: once the wait is over they are counted.
    assertThat(
            sample(
                scrape, "hopscope_service_graph_unpaired_spans_total", Map.of("reason", "expired")))
        .isNaN();
    now.addAndGet(10_001);
    assertThat(
            sample(
                text(generator),
                "hopscope_service_graph_unpaired_spans_total",
                Map.of("tenant", "shop", "reason", "expired")))
        .isEqualTo(2);
  }

  @Test
  void seriesStopGrowingAtTheCapAndTheRestIsCounted() {
    SpanMetricsGenerator generator = generator(3);
    generator.observe("shop", SpanBatch.of(shop(1).get(0)));
    generator.observe("other", SpanBatch.of(shop(1).get(0)));
    String scrape = text(generator);
    assertThat(sample(scrape, "hopscope_spanmetrics_limited_spans_total", Map.of("tenant", "shop")))
        .isEqualTo(2);
    assertThat(
            sample(scrape, "hopscope_spanmetrics_limited_spans_total", Map.of("tenant", "other")))
        .isEqualTo(2);
  }
}
