package dev.hopscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.process.Cpus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
    assertThat(options.serverJar().toString()).endsWith("cli/target/hopscope.jar");
    assertThat(BenchOptions.count("--scale", "500k")).isEqualTo(500_000L);
    assertThat(BenchOptions.duration("--duration", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.metricsStep()).as("the server's default step").isNull();
    assertThat(BenchOptions.parse(List.of("--metrics-step", "500ms")).metricsStep())
        .isEqualTo(Duration.ofMillis(500));
  }

  /**
   * --spread stamps a --scale load evenly back over the spread: the first batch D ago, the last
   * now.
   */
  @Test
  void spreadStampsTheLoadBackEvenly() {
    BenchOptions options = BenchOptions.parse(List.of("--scale", "1000", "--spread", "1h"));
    long hour = Duration.ofHours(1).toNanos();
    assertThat(LoadPhase.spreadOffsetNanos(options, new AtomicLong(1000))).isEqualTo(hour);
    assertThat(LoadPhase.spreadOffsetNanos(options, new AtomicLong(500))).isEqualTo(hour / 2);
    assertThat(LoadPhase.spreadOffsetNanos(options, new AtomicLong(0))).isZero();
    assertThat(LoadPhase.spreadOffsetNanos(options, new AtomicLong(Long.MAX_VALUE)))
        .as("a warm-up")
        .isZero();
    BenchOptions none = BenchOptions.parse(List.of("--scale", "1000"));
    assertThat(LoadPhase.spreadOffsetNanos(none, new AtomicLong(1000))).isZero();
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--spread", "1h")))
        .hasMessage(
            "--spread stamps the spans of a --scale load; add e.g. --scale 10m, or drop --spread");
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
            "--spread",
            "--compare zipkin",
            "--target",
            "--server-jar",
            "--zipkin-jar",
            "--wal-sync",
            "--cpus",
            "--metrics-step",
            "--json");
  }

  @Test
  void aComparisonPinsEachServerToOneCoreUnlessToldOtherwise() {
    if (Cpus.tasksetAvailable()) {
      assertThat(BenchOptions.parse(List.of("--compare", "zipkin")).cpus()).isEqualTo("0");
      assertThat(BenchOptions.parse(List.of()).cpus()).startsWith("0-");
    }
    assertThat(BenchOptions.parse(List.of("--compare", "zipkin", "--cpus", "1")).cpus())
        .isEqualTo("1");
  }
}
