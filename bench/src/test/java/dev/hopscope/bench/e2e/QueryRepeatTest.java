package dev.hopscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How often a query runs and what is measured, with canned answers instead of a server. */
class QueryRepeatTest {
  private static final JsonNode OK = ReadClient.JSON.createObjectNode().put("ok", true);
  private static final BenchOptions FIVE_RUNS = BenchOptions.parse(List.of("--query-runs", "5"));

  @Test
  void oneUnmeasuredWarmUpThenEveryMeasuredRun() throws Exception {
    List<Integer> sent = new ArrayList<>();
    List<JsonNode> measured = new ArrayList<>();
    QueryPhase.Runs runs =
        QueryPhase.repeat(
            run -> {
              sent.add(run);
              return new ReadClient.Answer(200, OK, (sent.size()) * 1_000_000L, null);
            },
            FIVE_RUNS,
            measured::add,
            () -> false);
    assertThat(sent).containsExactly(0, 0, 1, 2, 3, 4);
    assertThat(measured).hasSize(5);
    assertThat(runs.latencies().count()).isEqualTo(5);
    // the warm-up took 1 ms and is not among the percentiles
    assertThat(runs.latencies().percentileMillis(50)).isEqualTo(4.0);
    assertThat(runs.latencies().percentileMillis(99)).isEqualTo(6.0);
    assertThat(runs.errors()).isZero();
  }

  @Test
  void enoughStopsAfterTheFirstMeasuredRun() throws Exception {
    int[] sent = {0};
    List<JsonNode> measured = new ArrayList<>();
    QueryPhase.Runs runs =
        QueryPhase.repeat(
            run -> {
              sent[0]++;
              return new ReadClient.Answer(200, OK, 10_000_000_000L, null);
            },
            FIVE_RUNS,
            measured::add,
            () -> !measured.isEmpty());
    assertThat(sent[0]).as("warm-up and one measured run").isEqualTo(2);
    assertThat(runs.latencies().count()).isEqualTo(1);
  }

  @Test
  void failedAnswersAreErrorsNotLatencies() throws Exception {
    int[] sent = {0};
    QueryPhase.Runs runs =
        QueryPhase.repeat(
            run -> {
              sent[0]++;
              return sent[0] % 2 == 1
                  ? new ReadClient.Answer(503, null, 1, "try later")
                  : new ReadClient.Answer(200, OK, 2_000_000L, null);
            },
            FIVE_RUNS,
            json -> {},
            () -> false);
    // answers 1 (warm-up), 3 and 5 failed; only the measured failures count as errors
    assertThat(runs.errors()).isEqualTo(2);
    assertThat(runs.firstError()).isEqualTo("503 try later");
    assertThat(runs.latencies().count()).isEqualTo(3);
  }
}
