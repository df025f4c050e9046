package dev.hopscope.server.api.compat;

import static dev.hopscope.server.api.compat.CompatFixture.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.api.compat.tempopb.Exemplar;
import dev.hopscope.server.api.compat.tempopb.InstantSeries;
import dev.hopscope.server.api.compat.tempopb.QueryInstantResponse;
import dev.hopscope.server.api.compat.tempopb.QueryRangeResponse;
import dev.hopscope.server.api.compat.tempopb.Sample;
import dev.hopscope.server.api.compat.tempopb.TimeSeries;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tempo's TraceQL metrics API as Grafana's Tempo data source and Traces Drilldown decode it: every
 * answer goes through {@link TempoDecoder} into Tempo's {@code QueryRangeResponse} and {@code
 * QueryInstantResponse} (unknown keys and mistyped values fail). The shop: 30 traces of 5 spans (3
 * from webapp, 2 from auth), 3 of them failing with 2 error spans each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempoMetricsApiIT {
  @TempDir static Path dataDir;

  private CompatFixture shop;
  private String window;

  @BeforeAll
  void load() throws Exception {
    shop = new CompatFixture(dataDir);
    long now = System.currentTimeMillis() / 1000;
    window = "&start=" + (now - 3600) + "&end=" + (now + 60);
  }

  @AfterAll
  void stop() {
    shop.close();
  }

  private QueryRangeResponse range(String query, String extra) throws Exception {
    return TempoDecoder.decode(
        shop.jsonText("/tempo/api/metrics/query_range?q=" + encode(query) + window + extra),
        QueryRangeResponse.getDefaultInstance());
  }

  private static Map<String, String> labels(List<KeyValue> labels) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue label : labels) {
      out.put(label.getKey(), label.getValue().getStringValue());
    }
    return out;
  }

  private static double sum(TimeSeries series) {
    return series.getSamplesList().stream().mapToDouble(Sample::getValue).sum();
  }

  @Test
  void countPerServiceDecodesStrictlyOnAlignedSteps() throws Exception {
    QueryRangeResponse answer =
        range("{ } | count_over_time() by (resource.service.name)", "&step=60s");
    Map<String, Double> counts =
        answer.getSeriesList().stream()
            .collect(
                Collectors.toMap(
                    s -> labels(s.getLabelsList()).get("resource.service.name"),
                    TempoMetricsApiIT::sum));
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("webapp", 90.0, "auth", 60.0));
    TimeSeries auth = answer.getSeries(0);
    assertThat(auth.getPromLabels()).isEqualTo("{resource.service.name=\"auth\"}");
    for (Sample sample : auth.getSamplesList()) {
      assertThat(sample.getTimestampMs() % 60_000).isZero();
    }
    // Whole-minute steps over service names are answered from span cells: every span counted, no
    // trace read.
    assertThat(answer.getMetrics().getInspectedTraces()).isZero();
    assertThat(answer.getMetrics().getInspectedSpans()).isEqualTo(150);
    // Millisecond times are int64: protobuf JSON writes them as strings.
    JsonObject raw =
        new JsonObject(
            shop.jsonText("/tempo/api/metrics/query_range?q=" + encode("{ } | rate()") + window));
    Object timestamp =
        raw.getJsonArray("series")
            .getJsonObject(0)
            .getJsonArray("samples")
            .getJsonObject(0)
            .getValue("timestampMs");
    assertThat(timestamp).isInstanceOf(String.class);
  }

  @Test
  void errorRateIsOneSeriesNamedRate() throws Exception {
    QueryRangeResponse answer = range("{ status = error } | rate()", "&step=30s");
    assertThat(answer.getSeriesList()).hasSize(1);
    TimeSeries rate = answer.getSeries(0);
    assertThat(labels(rate.getLabelsList())).isEqualTo(Map.of("__name__", "rate"));
    assertThat(sum(rate) * 30).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void quantileExemplarsOpenRealTraces() throws Exception {
    QueryRangeResponse answer =
        range(
            "{ kind = server } | quantile_over_time(duration, .5, .99) by (resource.service.name)",
            "&step=60s&exemplars=10");
    assertThat(answer.getSeriesList()).hasSize(4);
    Set<String> shopTraces =
        Set.copyOf(shop.traces.stream().map(t -> t.get(0).traceId().toHex()).toList());
    int exemplars = 0;
    for (TimeSeries series : answer.getSeriesList()) {
      assertThat(labels(series.getLabelsList())).containsKey("resource.service.name");
      assertThat(
              series.getLabelsList().stream()
                  .filter(l -> l.getKey().equals("p"))
                  .findFirst()
                  .orElseThrow()
                  .getValue()
                  .getDoubleValue())
          .isIn(0.5, 0.99);
      for (Exemplar exemplar : series.getExemplarsList()) {
        String traceId = labels(exemplar.getLabelsList()).get("trace:id");
        assertThat(shopTraces).contains(traceId);
        assertThat(exemplar.getValue()).isPositive();
        HttpResponse<String> trace = shop.get("/tempo/api/v2/traces/" + traceId);
        assertThat(trace.statusCode()).isEqualTo(200);
        exemplars++;
      }
    }
    assertThat(exemplars).isPositive();
  }

  @Test
  void instantQueryGivesOneValuePerSeries() throws Exception {
    QueryInstantResponse answer =
        TempoDecoder.decode(
            shop.jsonText(
                "/tempo/api/metrics/query?q="
                    + encode("{ } | count_over_time() by (resource.service.name)")
                    + window),
            QueryInstantResponse.getDefaultInstance());
    Map<String, Double> counts =
        answer.getSeriesList().stream()
            .collect(
                Collectors.toMap(
                    s -> labels(s.getLabelsList()).get("resource.service.name"),
                    InstantSeries::getValue));
    assertThat(counts).isEqualTo(Map.of("webapp", 90.0, "auth", 60.0));
  }

  /** Grafana may ask for protobuf: the same message, field for field, as the JSON answer. */
  @Test
  void protobufAnswersAreTheJsonAnswers() throws Exception {
    String range =
        "/tempo/api/metrics/query_range?q="
            + encode("{ kind = server } | quantile_over_time(duration, .9) by (name)")
            + window
            + "&step=60s&exemplars=5";
    HttpResponse<byte[]> binary = shop.getBytes(range, TempoApi.PROTOBUF);
    assertThat(binary.statusCode()).isEqualTo(200);
    assertThat(binary.headers().firstValue("content-type")).hasValue(TempoApi.PROTOBUF);
    QueryRangeResponse fromJson =
        TempoDecoder.decode(shop.jsonText(range), QueryRangeResponse.getDefaultInstance());
    assertThat(QueryRangeResponse.parseFrom(binary.body())).isEqualTo(fromJson);
    assertThat(fromJson.getSeries(0).getExemplarsList()).isNotEmpty();
    String instant =
        "/tempo/api/metrics/query?q="
            + encode("{ } | count_over_time() by (resource.service.name)")
            + window;
    assertThat(QueryInstantResponse.parseFrom(shop.getBytes(instant, TempoApi.PROTOBUF).body()))
        .isEqualTo(
            TempoDecoder.decode(shop.jsonText(instant), QueryInstantResponse.getDefaultInstance()));
  }

  @Test
  void theTenantHeaderSelectsTheData() throws Exception {
    HttpResponse<String> other =
        shop.getAsTenant(
            "/tempo/api/metrics/query_range?q=" + encode("{ } | rate()") + window, "team-b");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(
            TempoDecoder.decode(other.body(), QueryRangeResponse.getDefaultInstance())
                .getSeriesList())
        .isEmpty();
  }

  @Test
  void badQueriesAndParametersAre400WithTheFix() throws Exception {
    HttpResponse<String> search =
        shop.get("/tempo/api/metrics/query_range?q=" + encode("{ status = error }") + window);
    assertThat(search.statusCode()).isEqualTo(400);
    assertThat(search.body()).contains("1:1").contains("not a metrics query");
    HttpResponse<String> metricsToSearch =
        shop.get("/tempo/api/search?q=" + encode("{ } | rate()") + window);
    assertThat(metricsToSearch.statusCode()).isEqualTo(400);
    assertThat(metricsToSearch.body()).contains("/api/metrics/query_range");
    HttpResponse<String> topk =
        shop.get("/tempo/api/metrics/query_range?q=" + encode("{ } | rate() | topk(0)") + window);
    assertThat(topk.statusCode()).isEqualTo(400);
    assertThat(topk.body()).contains("topk() keeps at least one series");
    HttpResponse<String> step =
        shop.get(
            "/tempo/api/metrics/query_range?q=" + encode("{ } | rate()") + window + "&step=1ms");
    assertThat(step.statusCode()).isEqualTo(400);
    assertThat(step.body()).contains("raise step");
    HttpResponse<String> missing = shop.get("/tempo/api/metrics/query_range?" + window);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("parameter q is required");
  }
}
