package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The TraceQL metrics queries ({@link MetricsQuerySpec#ALL}) against Tempo's {@code
 * /api/metrics/query_range}, repeated and budgeted as the searches are. Servers without that API
 * (Zipkin) skip the phase.
 */
final class MetricsPhase {
  /**
   * One metrics query's measured runs and what its answers held: the most series and samples any
   * answer had, how many answers were cut short, and value × step summed over the last answer.
   */
  record Result(
      MetricsQuerySpec spec,
      long startSeconds,
      long endSeconds,
      Latencies latencies,
      int series,
      long samples,
      long stepMillis,
      double valueTimesStep,
      int partialAnswers,
      @Nullable String partialMessage,
      int errors,
      @Nullable String firstError) {

    /** Some measured run answered and no answer was cut short; false when nothing answered. */
    boolean complete() {
      return latencies.count() > 0 && partialAnswers == 0;
    }

    /** Spans the rate counted (value × step, rounded), for {@link MetricsQuerySpec#countsSpans}. */
    @Nullable Long spansCounted() {
      return spec.countsSpans() && !Double.isNaN(valueTimesStep)
          ? Math.round(valueTimesStep)
          : null;
    }
  }

  /** What the measured answers of one query held. */
  private static final class Tally implements Consumer<JsonNode> {
    private final long stepMillis;
    @Nullable MetricsAnswer last;
    int series;
    long samples;
    int partial;
    @Nullable String partialMessage;

    Tally(long stepMillis) {
      this.stepMillis = stepMillis;
    }

    @Override
    public void accept(JsonNode json) {
      MetricsAnswer answer = MetricsAnswer.parse(json, stepMillis);
      last = answer;
      series = Math.max(series, answer.series());
      samples = Math.max(samples, answer.samples());
      if (!answer.complete()) {
        partial++;
        partialMessage = partialMessage == null ? answer.partialMessage() : partialMessage;
      }
    }
  }

  private MetricsPhase() {}

  static List<Result> run(
      ReadClient client,
      Target target,
      BenchOptions options,
      long dataStartSeconds,
      Progress progress)
      throws InterruptedException {
    long[] window = MetricsQuerySpec.window(dataStartSeconds, System.currentTimeMillis());
    long start = window[0];
    long end = window[1];
    Duration step = options.metricsStep();
    List<Result> results = new ArrayList<>();
    for (MetricsQuerySpec spec : MetricsQuerySpec.ALL) {
      Optional<URI> uri = target.metricsUri(spec, start, end, step);
      if (uri.isEmpty()) {
        continue;
      }
      Tally tally = new Tally(step == null ? 0 : step.toMillis());
      // An answer the server cut short took as long as its limit, not the query: more runs of it
      // would measure the limit again, so the query stops after that first measured run.
      QueryPhase.Runs runs =
          QueryPhase.repeat(run -> client.get(uri.get()), options, tally, () -> tally.partial > 0);
      Result result =
          new Result(
              spec,
              start,
              end,
              runs.latencies(),
              tally.series,
              tally.samples,
              tally.last == null ? 0 : tally.last.stepMillis(),
              tally.last == null ? Double.NaN : tally.last.valueTimesStep(),
              tally.partial,
              tally.partialMessage,
              runs.errors(),
              runs.firstError());
      results.add(result);
      progress.done(
          String.format(
              "  [%s] metrics %-24s p50 %8.2f ms  p99 %8.2f ms  %d series%s%s%s",
              target.name(),
              spec.name(),
              result.latencies().percentileMillis(50),
              result.latencies().percentileMillis(99),
              result.series(),
              result.spansCounted() == null
                  ? ""
                  : String.format(", %,d spans counted", result.spansCounted()),
              result.partialAnswers() > 0
                  ? "  " + result.partialAnswers() + " partial: " + result.partialMessage()
                  : "",
              result.errors() > 0
                  ? "  " + result.errors() + " errors: " + result.firstError()
                  : ""));
    }
    return results;
  }
}
