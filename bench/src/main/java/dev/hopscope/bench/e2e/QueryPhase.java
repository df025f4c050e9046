package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Trace-by-id lookups, the representative searches, the metrics queries and the service graph, one
 * at a time.
 */
final class QueryPhase {
  record QueryResult(
      String name,
      String query,
      Latencies latencies,
      int traces,
      int errors,
      @Nullable String firstError) {}

  record Result(
      Latencies lookups,
      int lookupMisses,
      List<QueryResult> queries,
      List<MetricsPhase.Result> metrics,
      QueryResult graph,
      @Nullable QueryResult red) {}

  private QueryPhase() {}

  static Result run(
      Target target,
      AckLog acks,
      BenchOptions options,
      long startSeconds,
      long endSeconds,
      long dataStartSeconds,
      PrintStream out)
      throws InterruptedException {
    try (ReadClient client = new ReadClient()) {
      Progress progress = new Progress(out);
      Latencies lookups = new Latencies();
      int misses = 0;
      Random random = new Random(options.seed());
      int warmup = Math.min(100, options.lookups());
      for (int i = 0; i < warmup + options.lookups() && acks.traces() > 0; i++) {
        int trace = random.nextInt(acks.traces());
        ReadClient.Answer answer = client.get(target.traceUri(acks.hex(trace)));
        if (i >= warmup) {
          lookups.add(answer.nanos());
          if (answer.json() == null || target.spanCount(answer.json()) != acks.spans(trace)) {
            misses++;
          }
        }
        progress.update(
            String.format(
                "  [%s] trace by id: %d of %d", target.name(), i + 1, warmup + options.lookups()));
      }
      progress.done(
          String.format(
              "  [%s] trace by id: p50 %.2f ms, p99 %.2f ms over %d lookups",
              target.name(),
              lookups.percentileMillis(50),
              lookups.percentileMillis(99),
              lookups.count()));
      List<QueryResult> queries = new ArrayList<>();
      for (QuerySpec spec : QuerySpec.ALL) {
        if (target.searchUri(spec, 0, startSeconds, endSeconds).isEmpty()) {
          continue;
        }
        int[] traces = {0};
        Runs runs =
            repeat(
                run ->
                    client.get(target.searchUri(spec, run, startSeconds, endSeconds).orElseThrow()),
                options,
                json -> traces[0] = Math.max(traces[0], target.traceCount(json)),
                () -> false);
        QueryResult result =
            new QueryResult(
                spec.name(),
                target.searchUri(spec, 0, startSeconds, endSeconds).orElseThrow().getRawQuery(),
                runs.latencies(),
                traces[0],
                runs.errors(),
                runs.firstError());
        queries.add(result);
        progress.done(
            String.format(
                "  [%s] query %-24s p50 %8.2f ms  p99 %8.2f ms  %d traces%s",
                target.name(),
                spec.name(),
                result.latencies().percentileMillis(50),
                result.latencies().percentileMillis(99),
                result.traces(),
                result.errors() > 0
                    ? "  " + result.errors() + " errors: " + result.firstError()
                    : ""));
      }
      List<MetricsPhase.Result> metrics =
          MetricsPhase.run(client, target, options, dataStartSeconds, progress);
      QueryResult graph =
          timed(
              client,
              options,
              progress,
              target,
              "service graph",
              target.graphUri(startSeconds, endSeconds));
      QueryResult red = null;
      Optional<URI> redUri = target.redUri(startSeconds, endSeconds);
      if (redUri.isPresent()) {
        red = timed(client, options, progress, target, "RED of one service", redUri.get());
      }
      return new Result(lookups, misses, queries, metrics, graph, red);
    }
  }

  /** Times a whole-window answer (the graph, the RED series) like a query, and prints it. */
  private static QueryResult timed(
      ReadClient client,
      BenchOptions options,
      Progress progress,
      Target target,
      String name,
      URI uri)
      throws InterruptedException {
    Runs runs = repeat(run -> client.get(uri), options, json -> {}, () -> false);
    QueryResult result =
        new QueryResult(
            name, uri.getRawQuery(), runs.latencies(), 0, runs.errors(), runs.firstError());
    progress.done(
        String.format(
            "  [%s] %s: p50 %.2f ms, p99 %.2f ms%s",
            target.name(),
            name,
            result.latencies().percentileMillis(50),
            result.latencies().percentileMillis(99),
            result.errors() > 0 ? "  " + result.errors() + " errors: " + result.firstError() : ""));
    return result;
  }

  /** Sends a query's run-th execution (0 for the warm-up and the first measured run). */
  interface Fetch {
    ReadClient.Answer run(int run) throws InterruptedException;
  }

  /** The measured runs of one query: their latencies and the errors among them. */
  record Runs(Latencies latencies, int errors, @Nullable String firstError) {}

  /**
   * One unmeasured warm-up run, then up to --query-runs measured ones; past --query-budget a query
   * stops after its first measured run, so a slow query at 10 M spans cannot hold the run for
   * hours. {@code measured} sees the JSON of every measured answer; once {@code enough} says so,
   * the query also stops after its first measured run.
   */
  static Runs repeat(
      Fetch fetch, BenchOptions options, Consumer<JsonNode> measured, BooleanSupplier enough)
      throws InterruptedException {
    Latencies latencies = new Latencies();
    int errors = 0;
    @Nullable String firstError = null;
    long deadline = System.nanoTime() + options.queryBudget().toNanos();
    for (int run = -1; run < options.queryRuns(); run++) {
      if (run >= 1 && (System.nanoTime() > deadline || enough.getAsBoolean())) {
        break;
      }
      ReadClient.Answer answer = fetch.run(Math.max(run, 0));
      if (answer.json() == null) {
        errors += run >= 0 ? 1 : 0;
        firstError = Optional.ofNullable(firstError).orElse(answer.status() + " " + answer.text());
        continue;
      }
      if (run >= 0) {
        latencies.add(answer.nanos());
        measured.accept(answer.json());
      }
    }
    return new Runs(latencies, errors, firstError);
  }
}
