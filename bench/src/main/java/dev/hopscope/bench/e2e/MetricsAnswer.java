package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What the benchmark reads from a Tempo {@code QueryRangeResponse} in protobuf JSON: how many
 * series and finite samples it holds, whether it is complete, and the sum of value × step over
 * every sample (for a {@code rate()}, the spans counted). Only what the report needs; the server's
 * contract tests check the rest of the shape.
 *
 * @param stepMillis the step the sums used, or 0 when it could not be told (fewer than two distinct
 *     sample times and no step given)
 * @param valueTimesStep Σ value × step seconds over finite samples, NaN when stepMillis is 0
 * @param partialMessage why the server stopped early ({@code status: PARTIAL}, or fewer completed
 *     jobs than jobs), null when the answer is complete
 */
record MetricsAnswer(
    int series,
    long samples,
    long stepMillis,
    double valueTimesStep,
    @Nullable String partialMessage) {

  boolean complete() {
    return partialMessage == null;
  }

  /** An answer with at least one finite sample: what a load of spans must produce. */
  boolean hasData() {
    return samples > 0;
  }

  /**
   * Reads {@code answer}. {@code stepMillis} is the step the request sent, or 0 for the server's
   * default: then it is the greatest common divisor of the gaps between sample times, since every
   * sample sits on the end of a whole step (exact once two adjacent steps have a sample).
   */
  static MetricsAnswer parse(JsonNode answer, long stepMillis) {
    JsonNode series = answer.path("series");
    long samples = 0;
    TreeSet<Long> times = new TreeSet<>();
    for (JsonNode each : series) {
      for (JsonNode sample : each.path("samples")) {
        if (Double.isFinite(number(sample.path("value")))) {
          samples++;
          times.add(Long.parseLong(sample.path("timestampMs").asText("0")));
        }
      }
    }
    long step = stepMillis > 0 ? stepMillis : gcdOfGaps(times);
    double sum = step > 0 ? 0 : Double.NaN;
    if (step > 0) {
      for (JsonNode each : series) {
        for (JsonNode sample : each.path("samples")) {
          double value = number(sample.path("value"));
          if (Double.isFinite(value)) {
            sum += value * step / 1000.0;
          }
        }
      }
    }
    return new MetricsAnswer(series.size(), samples, step, sum, partialMessage(answer));
  }

  /** protobuf JSON writes non-finite doubles as the strings NaN, Infinity, -Infinity. */
  private static double number(JsonNode value) {
    if (value.isNumber()) {
      return value.asDouble();
    }
    try {
      return Double.parseDouble(value.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static long gcdOfGaps(TreeSet<Long> times) {
    long gcd = 0;
    Long previous = null;
    for (long time : times) {
      if (previous != null) {
        gcd = gcd(gcd, time - previous);
      }
      previous = time;
    }
    return gcd;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /**
   * Tempo marks an answer cut short with {@code status: PARTIAL} and a message (COMPLETE, the
   * enum's zero, is left out of protobuf JSON); its query metrics also say when fewer jobs
   * completed than were planned.
   */
  private static @Nullable String partialMessage(JsonNode answer) {
    String status = answer.path("status").asText("COMPLETE");
    if (!status.isEmpty() && !status.equals("COMPLETE")) {
      return status + ": " + answer.path("message").asText("");
    }
    JsonNode metrics = answer.path("metrics");
    if (metrics.has("totalJobs") && metrics.has("completedJobs")) {
      long total = metrics.path("totalJobs").asLong();
      long completed = metrics.path("completedJobs").asLong();
      if (completed < total) {
        return completed + " of " + total + " jobs completed";
      }
    }
    return null;
  }
}
