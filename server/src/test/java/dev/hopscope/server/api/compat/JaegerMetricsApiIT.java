package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jaeger's metrics API as Jaeger UI's Monitor tab reads it: {@code MetricFamily} JSON with exactly
 * Jaeger's keys. The shop: 30 traces within 3 s, each with one webapp server span (GET /products,
 * 33 ms, or 132 ms for every third) and one auth server span (ValidateToken); 3 traces fail in
 * both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerMetricsApiIT {
  @TempDir static Path dataDir;

  private CompatFixture shop;
  private String grid;

  @BeforeAll
  void load() throws Exception {
    shop = new CompatFixture(dataDir);
    long endMs = System.currentTimeMillis() + 60_000;
    grid = "&endTs=" + endMs + "&lookback=3600000&step=60000&ratePer=600000";
  }

  @AfterAll
  void stop() {
    shop.close();
  }

  /** The family, with every key checked against Jaeger's MetricFamily. */
  private JsonObject family(String path) throws Exception {
    JsonObject family = shop.json(path);
    assertThat(family.fieldNames()).containsExactlyInAnyOrder("name", "type", "help", "metrics");
    assertThat(family.getString("type")).isEqualTo("GAUGE");
    for (Object metric : family.getJsonArray("metrics")) {
      JsonObject each = (JsonObject) metric;
      assertThat(each.fieldNames()).containsExactlyInAnyOrder("labels", "metricPoints");
      for (Object label : each.getJsonArray("labels")) {
        assertThat(((JsonObject) label).fieldNames()).containsExactlyInAnyOrder("name", "value");
      }
      for (Object point : each.getJsonArray("metricPoints")) {
        JsonObject p = (JsonObject) point;
        assertThat(p.fieldNames()).containsExactlyInAnyOrder("gaugeValue", "timestamp");
        assertThat(p.getJsonObject("gaugeValue").fieldNames()).containsExactly("doubleValue");
        assertThat(Instant.parse(p.getString("timestamp"))).isNotNull();
      }
    }
    return family;
  }

  private static List<Double> values(JsonObject metric) {
    List<Double> out = new ArrayList<>();
    for (Object point : metric.getJsonArray("metricPoints")) {
      out.add(((JsonObject) point).getJsonObject("gaugeValue").getDouble("doubleValue"));
    }
    return out;
  }

  @Test
  void callRatePerServiceOverTheRateWindow() throws Exception {
    JsonObject family = family("/jaeger/api/metrics/calls?service=webapp" + grid);
    assertThat(family.getString("name")).isEqualTo("service_call_rate");
    JsonArray metrics = family.getJsonArray("metrics");
    assertThat(metrics).hasSize(1);
    JsonObject webapp = metrics.getJsonObject(0);
    assertThat(webapp.getJsonArray("labels").getJsonObject(0).getString("value"))
        .isEqualTo("webapp");
    List<Double> rates = values(webapp);
    assertThat(rates).hasSize(61);
    // 30 server spans inside a 600 s window: 0.05 calls per second, 0 before them.
    assertThat(rates.stream().mapToDouble(d -> d).max().orElseThrow())
        .isCloseTo(0.05, within(1e-9));
    assertThat(rates.get(0)).isZero();
  }

  @Test
  void errorRatePerOperation() throws Exception {
    JsonObject family =
        family("/jaeger/api/metrics/errors?service=auth&groupByOperation=true" + grid);
    assertThat(family.getString("name")).isEqualTo("service_operation_error_rate");
    JsonObject validate = family.getJsonArray("metrics").getJsonObject(0);
    assertThat(validate.getJsonArray("labels").getJsonObject(0))
        .isEqualTo(new JsonObject().put("name", "operation").put("value", "ValidateToken"));
    List<Double> fractions = values(validate);
    // The last window holds all 30 calls, 3 of them failed; a point may fall among the traces'
    // 3 seconds, so earlier windows can hold only some of them.
    assertThat(fractions.get(fractions.size() - 1)).isCloseTo(0.1, within(1e-12));
    assertThat(fractions).allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
  }

  @Test
  void latencyQuantileInMilliseconds() throws Exception {
    JsonObject family = family("/jaeger/api/metrics/latencies?service=webapp&quantile=0.95" + grid);
    assertThat(family.getString("name")).isEqualTo("service_latencies");
    List<Double> p95 = values(family.getJsonArray("metrics").getJsonObject(0));
    assertThat(p95).isNotEmpty();
    for (double value : p95) {
      assertThat(value).isCloseTo(132, within(132 * 0.01));
    }
    JsonObject clients =
        family("/jaeger/api/metrics/latencies?service=webapp&quantile=0.5&spanKind=client" + grid);
    double median = values(clients.getJsonArray("metrics").getJsonObject(0)).get(0);
    assertThat(median).isLessThan(132);
  }

  @Test
  void minStepAndBadParameters() throws Exception {
    assertThat(shop.json("/jaeger/api/metrics/minstep").getLong("data")).isEqualTo(1000);
    HttpResponse<String> noService = shop.get("/jaeger/api/metrics/calls?" + grid);
    assertThat(noService.statusCode()).isEqualTo(400);
    assertThat(
            new JsonObject(noService.body())
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("msg"))
        .contains("please provide at least one service name");
    HttpResponse<String> kind =
        shop.get("/jaeger/api/metrics/calls?service=webapp&spanKind=sideways" + grid);
    assertThat(kind.statusCode()).isEqualTo(400);
    assertThat(kind.body()).contains("unsupported span kind");
    HttpResponse<String> noQuantile =
        shop.get("/jaeger/api/metrics/latencies?service=webapp" + grid);
    assertThat(noQuantile.statusCode()).isEqualTo(400);
    assertThat(noQuantile.body()).contains("quantile");
  }
}
