package dev.hopscope.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsAnswerTest {
  private static final long[] STEPS_MS = {50, 250, 1_000, 15_000, 60_000, 300_000};

  /**
   * Seeded rate answers shaped as Tempo's frontend writes them (int64 timestamps as strings, empty
   * steps left out): the parse must count the series and samples, find the step from the sample
   * times, and give back every span the rates stand for.
   */
  @Test
  void rateAnswersGiveBackTheSpansTheyCount() throws Exception {
    SplittableRandom random = new SplittableRandom(20261206L);
    for (int round = 0; round < 200; round++) {
      long stepMs = STEPS_MS[random.nextInt(STEPS_MS.length)];
      long firstTimestamp = (1_733_000_000_000L / stepMs + random.nextInt(1_000)) * stepMs;
      int steps = 2 + random.nextInt(240);
      int seriesCount = 1 + random.nextInt(13);
      ObjectNode answer = ReadClient.JSON.createObjectNode();
      ArrayNode series = answer.putArray("series");
      long spans = 0;
      long samples = 0;
      // two adjacent steps always hold spans, as a load of more than a step's length gives
      int dense = random.nextInt(steps - 1);
      for (int s = 0; s < seriesCount; s++) {
        ObjectNode one = series.addObject();
        one.putArray("labels")
            .addObject()
            .put("key", "resource.service.name")
            .putObject("value")
            .put("stringValue", "service-" + s);
        ArrayNode points = one.putArray("samples");
        for (int i = 0; i < steps; i++) {
          int count = random.nextInt(3) == 0 ? 0 : random.nextInt(5_000);
          if (s == 0 && (i == dense || i == dense + 1)) {
            count = Math.max(count, 1);
          }
          if (count == 0) {
            continue; // Tempo leaves out the steps with nothing in them
          }
          points
              .addObject()
              .put("timestampMs", Long.toString(firstTimestamp + i * stepMs))
              .put("value", count / (stepMs / 1000.0));
          spans += count;
          samples++;
        }
      }
      answer.putObject("metrics").put("inspectedSpans", Long.toString(spans));

      MetricsAnswer parsed = MetricsAnswer.parse(answer, 0);

      assertThat(parsed.series()).isEqualTo(seriesCount);
      assertThat(parsed.samples()).isEqualTo(samples);
      assertThat(parsed.stepMillis()).as("round %d", round).isEqualTo(stepMs);
      assertThat(Math.round(parsed.valueTimesStep())).as("round %d", round).isEqualTo(spans);
      assertThat(parsed.complete()).isTrue();
      assertThat(parsed.hasData()).isTrue();
    }
  }

  @Test
  void aGivenStepIsUsedEvenWhenTheSamplesCannotTellIt() throws Exception {
    // two samples four steps apart: the gaps alone would say 60 s
    JsonNode answer =
        json(
            """
            {"series":[{"labels":[],"samples":[
              {"timestampMs":"1733000000000","value":2},
              {"timestampMs":"1733000060000","value":0.5}]}]}
            """);
    assertThat(MetricsAnswer.parse(answer, 0).stepMillis()).isEqualTo(60_000);
    MetricsAnswer given = MetricsAnswer.parse(answer, 15_000);
    assertThat(given.stepMillis()).isEqualTo(15_000);
    assertThat(given.valueTimesStep()).isEqualTo(37.5);
  }

  @Test
  void anAnswerWithoutSeriesIsEmptyAndNotFiniteValuesAreNoSamples() throws Exception {
    MetricsAnswer empty =
        MetricsAnswer.parse(
            json("{\"metrics\":{\"inspectedTraces\":0,\"completedJobs\":1,\"totalJobs\":1}}"), 0);
    assertThat(empty.series()).isZero();
    assertThat(empty.hasData()).isFalse();
    assertThat(empty.stepMillis()).isZero();
    assertThat(empty.valueTimesStep()).isNaN();
    assertThat(empty.complete()).isTrue();

    MetricsAnswer notFinite =
        MetricsAnswer.parse(
            json(
                """
                {"series":[{"labels":[],"samples":[
                  {"timestampMs":"1733000000000","value":"NaN"},
                  {"timestampMs":"1733000015000","value":"Infinity"}]}]}
                """),
            0);
    assertThat(notFinite.series()).isEqualTo(1);
    assertThat(notFinite.samples()).isZero();
    assertThat(notFinite.hasData()).isFalse();
  }

  @Test
  void partialAnswersAreNotComplete() throws Exception {
    MetricsAnswer partial =
        MetricsAnswer.parse(
            json(
                """
                {"series":[{"labels":[],"samples":[{"timestampMs":"1733000000000","value":1}]}],
                 "metrics":{"completedJobs":1,"totalJobs":1},
                 "status":"PARTIAL","message":"stopped after inspecting 200000 traces"}
                """),
            15_000);
    assertThat(partial.complete()).isFalse();
    assertThat(partial.partialMessage())
        .isEqualTo("PARTIAL: stopped after inspecting 200000 traces");
    assertThat(partial.hasData()).isTrue();

    MetricsAnswer jobsMissing =
        MetricsAnswer.parse(json("{\"metrics\":{\"completedJobs\":\"3\",\"totalJobs\":\"4\"}}"), 0);
    assertThat(jobsMissing.complete()).isFalse();
    assertThat(jobsMissing.partialMessage()).isEqualTo("3 of 4 jobs completed");

    assertThat(MetricsAnswer.parse(json("{\"status\":\"COMPLETE\"}"), 0).complete()).isTrue();
  }

  private static JsonNode json(String text) throws Exception {
    return ReadClient.JSON.readTree(text);
  }
}
