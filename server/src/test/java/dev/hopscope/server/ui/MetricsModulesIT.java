package dev.hopscope.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The metrics UI's pure modules ({@code metrics-query.js}, {@code metrics-model.js}) as {@link
 * UiModulesIT} tests the others: imported in headless Chromium from the server, under its CSP. The
 * series are shaped as {@code /tempo/api/metrics/query_range} writes them (docs/api.md).
 */
class MetricsModulesIT extends ModuleTests {
  /** Two series of rate() by (status): ok at t=60 s and 120 s, error only at 120 s. */
  private static final String RATE_BY_STATUS =
      "[{labels: [{key: 'status', value: {stringValue: 'ok'}}], samples: [{timestampMs: '60000',"
          + " value: 3}, {timestampMs: '120000', value: 1}, {timestampMs: '180000', value: 0}]},"
          + " {labels: [{key: 'status', value: {stringValue: 'error'}}], samples: [{timestampMs:"
          + " '120000', value: 1}], exemplars: [{labels: [{key: 'trace:id', value: {stringValue:"
          + " 'ABC123'}}, {key: 'span:id', value: {stringValue: '00f067aa0ba902b7'}}], value: 1,"
          + " timestampMs: '100500'}, {labels: [{key: 'trace:id', value: {stringValue:"
          + " '<img src=x>'}}], value: 1, timestampMs: '100000'}]}]";

  /** histogram_over_time(duration): buckets 2^20 ns and 2^23 ns, two steps. */
  private static final String HISTOGRAM =
      "[{labels: [{key: '__bucket', value: {doubleValue: 0.001048576}}], samples: [{timestampMs:"
          + " '60000', value: 5}, {timestampMs: '120000', value: 0}]}, {labels: [{key: '__bucket',"
          + " value: {doubleValue: 0.008388608}}], samples: [{timestampMs: '60000', value: 1},"
          + " {timestampMs: '120000', value: 1000}], exemplars: [{labels: [{key: 'trace:id',"
          + " value: {stringValue: 'abc'}}], value: 1000, timestampMs: '90000'}]}]";

  // metrics-query.js

  @Test
  void aQueryIsMetricsWhenAMetricsFunctionIsCalledOutsideAString() {
    assertThat(
            run(
                    "metrics-query.js",
                    "['{ } | rate()', '{ } | count_over_time () by (name)', '({ } | rate()) / 2',"
                        + " '{ name = \"rate(\" }', '{ name = \"a\\\\\" | rate(\" }',"
                        + " '{ span.rate = 1 }', '{ status = error } | select(name)', '{ }']"
                        + ".map(m.isMetricsQuery)")
                .toString())
        .isEqualTo("[true,true,true,false,false,false,false,false]");
  }

  @Test
  void theMeasuredPipelineIsWhatPrecedesASingleMetricsStage() {
    assertThat(
            run(
                    "metrics-query.js",
                    "['{ a = 1 } | histogram_over_time(duration)',"
                        + " '{ } | { b = 2 } | quantile_over_time(duration, .9) by (name)',"
                        + " '({ } | rate()) * 2', '{ } | histogram_over_time(span.size)']"
                        + ".map(m.measuredPipeline)")
                .toString())
        .isEqualTo("[\"{ a = 1 }\",\"{ } | { b = 2 }\",null,\"{ }\"]");
    assertThat(
            run(
                    "metrics-query.js",
                    "['{ } | histogram_over_time(duration)', '{ } | histogram_over_time(span.x)']"
                        + ".map(m.isDurationHistogram)")
                .toString())
        .isEqualTo("[true,false]");
  }

  @Test
  void targetsMeasureServerSpansOperationsAndTheCallersSideOfAnEdge() {
    assertThat(run("metrics-query.js", "m.targetPipeline({service: 'web\"app'})").asText())
        .isEqualTo(
            "{ resource.service.name = \"web\\\"app\" && (kind = server || kind = consumer) }");
    assertThat(
            run("metrics-query.js", "m.targetPipeline({service: 'auth', operation: 'POST /v'})")
                .asText())
        .isEqualTo("{ resource.service.name = \"auth\" && name = \"POST /v\" }");
    assertThat(
            run(
                    "metrics-query.js",
                    "m.targetPipeline({caller: 'webapp', callee: 'auth', calleeKind: 'service'})")
                .asText())
        .isEqualTo(
            "{ resource.service.name = \"auth\" && (kind = server || kind = consumer) } <"
                + " { resource.service.name = \"webapp\" && (kind = client || kind = producer) }");
    assertThat(
            run(
                    "metrics-query.js",
                    "m.targetPipeline({caller: 'auth', callee: 'h2/shop', calleeKind: 'peer'})")
                .asText())
        .startsWith("{ resource.service.name = \"auth\" && (kind = client || kind = producer)")
        .contains("span.db.system = \"h2\" && span.db.namespace = \"shop\"");
    assertThat(run("metrics-query.js", "m.redQueries('{ }')").toString())
        .isEqualTo(
            "{\"rate\":\"{ } | rate() by (status)\","
                + "\"duration\":\"{ } | quantile_over_time(duration, .5, .9, .99)\","
                + "\"histogram\":\"{ } | histogram_over_time(duration)\"}");
  }

  @Test
  void aCellSearchesItsDurationBucketInItsStep() {
    JsonNode out =
        run(
            "metrics-query.js",
            "Object.fromEntries(m.cellSearch('{ a }', {lowerNanos: 524288, upperNanos: 1048576,"
                + " endSeconds: 1764590040, stepSeconds: 30}))");
    assertThat(out.toString())
        .isEqualTo(
            "{\"q\":\"{ a } | { duration > 524288ns && duration <= 1048576ns }\","
                + "\"start\":\"1764590010\",\"end\":\"1764590040\",\"order\":\"duration\"}");
  }

  @Test
  void stepsKeepChartsAtMostAHundredAndTwentyPoints() {
    assertThat(
            run(
                    "metrics-query.js",
                    "[900, 3600, 6 * 3600, 86400, 7 * 86400].map((s) =>"
                        + " m.stepFor(1000, 1000 + s))")
                .toString())
        .isEqualTo("[15,30,300,900,7200]");
    assertThat(
            run(
                    "metrics-query.js",
                    "['{ } | quantile_over_time(duration, .9)', '{ } | rate() by (name)',"
                        + " '{ } | count_over_time()', '({ } | rate()) / ({ } | rate())']"
                        + ".map(m.valueUnit)")
                .toString())
        .isEqualTo("[\"seconds\",\"rate\",\"number\",\"number\"]");
  }

  // metrics-model.js

  @Test
  void seriesAreAlignedOnTheUnionOfTheirTimesWithGapsWhereAStepHasNoValue() {
    JsonNode out = run("metrics-model.js", "m.toColumns(" + RATE_BY_STATUS + ")");
    assertThat(out.get("xs").toString()).isEqualTo("[60,120,180]");
    assertThat(out.get("ys").toString()).isEqualTo("[[3,1,0],[null,1,null]]");
    assertThat(out.get("names").toString())
        .isEqualTo("[\"status=\\\"ok\\\"\",\"status=\\\"error\\\"\"]");
    assertThat(
            run(
                    "metrics-model.js",
                    "m.toColumns([{labels: [{key: '__name__', value: {stringValue: 'rate'}}],"
                        + " samples: [{timestampMs: '1000', value: 'NaN'}]}])")
                .toString())
        .isEqualTo("{\"xs\":[1],\"ys\":[[null]],\"names\":[\"rate\"]}");
  }

  @Test
  void rateByStatusGivesRequestsErrorsAndAShareWithNoneWithoutRequests() {
    JsonNode out = run("metrics-model.js", "m.rateAndErrors(" + RATE_BY_STATUS + ")");
    assertThat(out.get("total").toString()).isEqualTo("[3,2,0]");
    assertThat(out.get("errors").toString()).isEqualTo("[0,1,0]");
    assertThat(out.get("share").toString()).isEqualTo("[0,0.5,null]");
    assertThat(
            run(
                    "metrics-model.js",
                    "((r) => m.valueAtStep(r.xs, r.share, 100500))(m.rateAndErrors("
                        + RATE_BY_STATUS
                        + "))")
                .asDouble())
        .isEqualTo(0.5);
  }

  @Test
  void exemplarsBecomePointsOnlyWithHexIds() {
    JsonNode out = run("metrics-model.js", "m.exemplarPoints(" + RATE_BY_STATUS + ")");
    assertThat(out.toString())
        .isEqualTo(
            "[{\"x\":100.5,\"y\":1,\"traceId\":\"abc123\",\"spanId\":\"00f067aa0ba902b7\"}]");
  }

  @Test
  void theHeatmapHasARowPerPowerOfTwoBetweenItsBucketsAndCountsPerStep() {
    JsonNode out = run("metrics-model.js", "m.heatmapModel(" + HISTOGRAM + ", 60)");
    assertThat(out.get("xs").toString()).isEqualTo("[60,120]");
    assertThat(out.get("rows").toString())
        .isEqualTo(
            "[{\"k\":20,\"upperNanos\":1048576,\"lowerNanos\":524288},"
                + "{\"k\":21,\"upperNanos\":2097152,\"lowerNanos\":1048576},"
                + "{\"k\":22,\"upperNanos\":4194304,\"lowerNanos\":2097152},"
                + "{\"k\":23,\"upperNanos\":8388608,\"lowerNanos\":4194304}]");
    assertThat(out.get("counts").toString()).isEqualTo("[[5,0],[0,0],[0,0],[1,1000]]");
    assertThat(out.get("max").asInt()).isEqualTo(1000);
    assertThat(out.get("total").asInt()).isEqualTo(1006);
    // A histogram exemplar's value is its step's count: it is placed by its bucket, mid-row.
    assertThat(
            run(
                    "metrics-model.js",
                    "((h) => m.heatmapExemplars(h, "
                        + HISTOGRAM
                        + "))(m.heatmapModel("
                        + HISTOGRAM
                        + ", 60))")
                .toString())
        .isEqualTo(
            "[{\"x\":90,\"y\":0,\"traceId\":\"abc\",\"spanId\":null,\"position\":3.5,"
                + "\"lowerNanos\":4194304,\"upperNanos\":8388608}]");
    assertThat(
            run("metrics-model.js", "m.heatmapCell(m.heatmapModel(" + HISTOGRAM + ", 60), 1, 3)")
                .toString())
        .isEqualTo(
            "{\"column\":1,\"row\":3,\"count\":1000,\"endSeconds\":120,\"stepSeconds\":60,"
                + "\"lowerNanos\":4194304,\"upperNanos\":8388608}");
  }

  @Test
  void oneSlowSpanStillShowsBesideThousands() {
    JsonNode out = run("metrics-model.js", "[0, 1, 1000].map((n) => m.heatmapIntensity(n, 1000))");
    assertThat(out.get(0).asDouble()).isZero();
    assertThat(out.get(1).asDouble()).isGreaterThan(0.09);
    assertThat(out.get(2).asDouble()).isEqualTo(1.0);
  }
}
