package dev.hopscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsQuerySpecTest {
  private static final long NOW_MILLIS = 1_733_000_123_400L;

  @Test
  void theWindowEndsNowAndStartsWithTheDataOrAnHourBefore() {
    // a 3-minute run: its whole span, ending after the last second now is in
    assertThat(MetricsQuerySpec.window(1_733_000_000L, NOW_MILLIS))
        .containsExactly(1_733_000_000L, 1_733_000_124L);
    // a run longer than an hour: the last hour
    assertThat(MetricsQuerySpec.window(1_732_990_000L, NOW_MILLIS))
        .containsExactly(1_733_000_124L - 3600, 1_733_000_124L);
    // a whole second is not rounded up, and start stays before end
    assertThat(MetricsQuerySpec.window(1_733_000_200L, 1_733_000_100_000L))
        .containsExactly(1_733_000_099L, 1_733_000_100L);
  }

  @Test
  void theScanQueryFiltersAsItsSearchDoesAndTheRateQueryComesFirst() {
    MetricsQuerySpec scan = MetricsQuerySpec.ALL.get(2);
    QuerySpec search = QuerySpec.named(scan.comparedSearch());
    assertThat(scan.traceQl()).isEqualTo(search.traceQl(0) + " | rate()");
    assertThat(scan.traceQl()).contains("span.customer.tier", "span.cloud.availability_zone");
    assertThat(MetricsQuerySpec.ALL.get(0).name()).isEqualTo(MetricsQuerySpec.RATE_BY_SERVICE);
    assertThat(MetricsQuerySpec.ALL.get(0).traceQl())
        .isEqualTo("{ } | rate() by (resource.service.name)");
    assertThat(MetricsQuerySpec.ALL.get(1).traceQl())
        .isEqualTo("{ kind = server } | quantile_over_time(duration, .5, .99) by (name)");
    assertThat(MetricsQuerySpec.ALL.stream().filter(MetricsQuerySpec::countsSpans))
        .containsExactly(MetricsQuerySpec.ALL.get(0));
  }

  @Test
  void hopscopeIsAskedOnTempoQueryRangeWithTheServersStepUnlessOneIsGiven() {
    URI target = URI.create("http://127.0.0.1:16686");
    BenchOptions options = BenchOptions.parse(List.of("--target", target.toString()));
    try (HopscopeTarget hopscope = HopscopeTarget.attach(options, target)) {
      MetricsQuerySpec rate = MetricsQuerySpec.ALL.get(0);
      String defaultStep =
          hopscope.metricsUri(rate, 1_733_000_000L, 1_733_000_124L, null).orElseThrow().toString();
      assertThat(defaultStep)
          .startsWith("http://127.0.0.1:16686/tempo/api/metrics/query_range?q=")
          .endsWith("&start=1733000000&end=1733000124")
          .doesNotContain("step=");
      String query = defaultStep.substring(defaultStep.indexOf("q=") + 2, defaultStep.indexOf('&'));
      assertThat(URLDecoder.decode(query, StandardCharsets.UTF_8)).isEqualTo(rate.traceQl());
      assertThat(
              hopscope
                  .metricsUri(rate, 1_733_000_000L, 1_733_000_124L, Duration.ofMillis(500))
                  .orElseThrow()
                  .toString())
          .endsWith("&step=0.5");
    }
    assertThat(HopscopeTarget.seconds(Duration.ofSeconds(15))).isEqualTo("15");
    assertThat(HopscopeTarget.seconds(Duration.ofMillis(1_250))).isEqualTo("1.25");
  }

  @Test
  void anEmptyRateOverEverySpanFailsTheRunOnlyForHopscope() {
    Map<String, Object> emptyRate =
        Map.of("name", MetricsQuerySpec.RATE_BY_SERVICE, "query", "{ } | rate()", "samples", 0L);
    Map<String, Object> fullRate =
        Map.of("name", MetricsQuerySpec.RATE_BY_SERVICE, "query", "{ } | rate()", "samples", 240L);
    Map<String, Object> emptyOther = Map.of("name", "server quantiles by name", "samples", 0L);
    assertThat(BenchRun.emptyRateByService(List.of(run("hopscope", List.of(fullRate, emptyOther)))))
        .isNull();
    assertThat(BenchRun.emptyRateByService(List.of(run("zipkin", List.of())))).isNull();
    assertThat(BenchRun.emptyRateByService(List.of(run("hopscope", List.of(emptyRate)))))
        .isEqualTo(
            "the metrics query { } | rate() answered no samples after 1000 spans were stored");
  }

  private static Map<String, Object> run(String system, List<Map<String, Object>> metrics) {
    return Map.of("system", system, "spansStored", 1000L, "metricsQueries", metrics);
  }
}
