package dev.hopscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void defaultsAndCounts() {
    BenchOptions options = BenchOptions.parse(List.of("--scale", "10m", "--protocol", "grpc"));
    assertThat(options.scaleSpans()).isEqualTo(10_000_000L);
    assertThat(options.grpc()).isTrue();
    assertThat(options.connections()).isEqualTo(4);
    assertThat(options.serverHeap()).isEqualTo("512m");
    assertThat(options.walSync()).isEqualTo("fsync");
    assertThat(options.serverJar().toString()).endsWith("server/target/hopscope.jar");
    assertThat(BenchOptions.count("--scale", "500k")).isEqualTo(500_000L);
    assertThat(BenchOptions.duration("--duration", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.metricsStep()).as("the server's default step").isNull();
    assertThat(BenchOptions.parse(List.of("--metrics-step", "500ms")).metricsStep())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void badValuesNameTheOptionAndTheFix() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--protocol", "udp")))
        .hasMessage("--protocol must be http or grpc, not udp");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--duration", "soon")))
        .hasMessage("--duration takes a duration such as 30s, 2m or 1h, not soon");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--connections")))
        .hasMessage("--connections needs a value; see --help");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--compare", "jaeger")))
        .hasMessage("--compare knows only zipkin, not jaeger");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--frobnicate", "1")))
        .hasMessage("unknown option --frobnicate; see --help");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--metrics-step", "0s")))
        .hasMessage(
            "--metrics-step must be longer than 0, e.g. 15s; leave it out for the server's");
  }

  @Test
  void helpListsEveryOption() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--help")))
        .isInstanceOf(BenchOptions.HelpRequested.class);
    assertThat(BenchOptions.USAGE)
        .contains(
            "--protocol",
            "--connections",
            "--duration",
            "--scale",
            "--compare zipkin",
            "--target",
            "--server-jar",
            "--zipkin-jar",
            "--wal-sync",
            "--cpus",
            "--metrics-step",
            "--json");
  }
}
