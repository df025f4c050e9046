package dev.hopscope.server.spanmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanMetricsConfigTest {
  private static SpanMetricsConfig from(Map<Setting, String> flags) {
    return SpanMetricsConfig.from(ConfigSources.of(flags, Map.of(), null));
  }

  @Test
  void defaultsAreTempoLike() {
    assertThat(from(Map.of())).isEqualTo(SpanMetricsConfig.DEFAULTS);
  }

  @Test
  void readsDimensionsInOrderAndTheLimits() {
    SpanMetricsConfig config =
        from(
            Map.of(
                Setting.SPAN_METRICS_DIMENSIONS, " http.request.method, deployment.environment ",
                Setting.SPAN_METRICS_MAX_SERIES, "500",
                Setting.SPAN_METRICS_EDGE_WAIT, "3s",
                Setting.SPAN_METRICS_MAX_PENDING_EDGES, "20"));
    assertThat(config.dimensions())
        .containsExactly("http.request.method", "deployment.environment");
    assertThat(config.maxSeriesPerTenant()).isEqualTo(500);
    assertThat(config.edgeWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.maxPendingEdges()).isEqualTo(20);
  }

  @Test
  void refusesWhatWouldCollideOrExplodeNamingTheKeyAndTheFix() {
    assertThatThrownBy(() -> from(Map.of(Setting.SPAN_METRICS_DIMENSIONS, "tenant")))
        .hasMessageContaining("spanMetrics.dimensions")
        .hasMessageContaining("none named tenant or service");
    assertThatThrownBy(() -> from(Map.of(Setting.SPAN_METRICS_DIMENSIONS, "a,a")))
        .hasMessageContaining("each once");
    assertThatThrownBy(() -> from(Map.of(Setting.SPAN_METRICS_DIMENSIONS, "a b")))
        .hasMessageContaining("'a b'");
    String eleven =
        String.join(",", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"));
    assertThatThrownBy(() -> from(Map.of(Setting.SPAN_METRICS_DIMENSIONS, eleven)))
        .hasMessageContaining("at most 10");
    assertThatThrownBy(() -> from(Map.of(Setting.SPAN_METRICS_MAX_SERIES, "0")))
        .hasMessageContaining("spanMetrics.maxSeriesPerTenant")
        .hasMessageContaining("above 0");
    assertThatThrownBy(() -> from(Map.of(Setting.SPAN_METRICS_EDGE_WAIT, "soon")))
        .hasMessageContaining("spanMetrics.edgeWait")
        .hasMessageContaining("10s");
  }
}
