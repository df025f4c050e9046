package dev.hopscope.bench.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The result table, as Markdown so that docs/benchmarks.md can take it as printed. With Zipkin, the
 * advantage column is how many times better Hopscope is on that row (higher throughput, or lower
 * latency and memory).
 */
final class Report {
  private record Row(
      String label,
      Function<RunResult, @Nullable Double> value,
      boolean higherIsBetter,
      String format,
      String goal) {}

  private Report() {}

  static void print(PrintStream out, RunResult hopscope, @Nullable RunResult zipkin) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        row("spans acknowledged", r -> (double) r.load().spansAcknowledged(), true, "%,.0f", ""));
    rows.add(row("spans stored (with warm-up)", r -> (double) r.spansStored(), true, "%,.0f", ""));
    rows.add(row("ingest spans/s", r -> r.load().spansPerSecond(), true, "%,.0f", ""));
    rows.add(
        row(
            "server CPU-seconds during load",
            r ->
                r.load().serverCpuSeconds().isPresent()
                    ? r.load().serverCpuSeconds().getAsDouble()
                    : null,
            false,
            "%.1f",
            ""));
    rows.add(
        row(
            "spans per server CPU-second",
            RunResult::spansPerCpuSecond,
            true,
            "%,.0f",
            ">= 10x Zipkin"));
    rows.add(
        row(
            "throttled answers (429/503, retried)",
            r -> (double) r.load().throttled(),
            false,
            "%,.0f",
            ""));
    rows.add(row("POST p50 ms", r -> r.toJsonNumber("postP50Ms"), false, "%.2f", ""));
    rows.add(row("POST p99 ms", r -> r.toJsonNumber("postP99Ms"), false, "%.2f", ""));
    rows.add(
        row("bytes on disk per span (all files)", RunResult::diskBytesPerSpan, false, "%.1f", ""));
    rows.add(row("bytes per span in blocks", RunResult::blockBytesPerSpan, false, "%.1f", "<= 40"));
    rows.add(
        row(
            "peak RSS MB",
            r -> r.peakRssBytes().isPresent() ? r.peakRssBytes().getAsLong() / 1048576.0 : null,
            false,
            "%,.0f",
            "-Xmx512m, no OOM"));
    rows.add(
        row("server alive after load", r -> r.aliveAfterLoad() ? 1.0 : 0.0, true, "%.0f", "1"));
    rows.add(row("server alive at the end", r -> r.aliveAtEnd() ? 1.0 : 0.0, true, "%.0f", "1"));
    rows.add(row("lost spans", r -> (double) r.verification().lostSpans(), false, "%,.0f", "0"));
    rows.add(
        row(
            "unverified spans (read errors)",
            r -> (double) r.verification().unverifiedSpans(),
            false,
            "%,.0f",
            "0"));
    rows.add(row("trace by id p50 ms", r -> r.toJsonNumber("traceByIdP50Ms"), false, "%.2f", ""));
    rows.add(
        row(
            "trace by id p99 ms",
            r -> r.toJsonNumber("traceByIdP99Ms"),
            false,
            "%.2f",
            "<= 10 at 10M spans"));
    for (QueryPhase.QueryResult q : hopscope.reads().queries()) {
      String goal = q.name().equals(QuerySpec.SELECTIVE) ? "p50 <= 30 at 10M spans" : "";
      rows.add(
          row(
              "query " + q.name() + " p50 ms",
              r -> percentile(r, q.name(), 50),
              false,
              "%.2f",
              goal));
      rows.add(
          row(
              "query " + q.name() + " p99 ms",
              r -> percentile(r, q.name(), 99),
              false,
              "%.2f",
              ""));
    }
    addMetricsRows(rows, hopscope);
    rows.add(
        row(
            "service graph p50 ms",
            r -> RunResult.number(r.reads().graph().latencies().percentileMillis(50)),
            false,
            "%.2f",
            ""));
    rows.add(
        row(
            "service graph p99 ms",
            r -> RunResult.number(r.reads().graph().latencies().percentileMillis(99)),
            false,
            "%.2f",
            ""));
    rows.add(row("RED of one service p50 ms", r -> red(r, 50), false, "%.2f", ""));

    out.println();
    if (zipkin == null) {
      out.println("| metric | hopscope | goal |");
      out.println("|---|---:|---|");
    } else {
      out.println("| metric | hopscope | zipkin | hopscope advantage | goal |");
      out.println("|---|---:|---:|---:|---|");
    }
    for (Row row : rows) {
      @Nullable Double h = row.value().apply(hopscope);
      if (zipkin == null) {
        out.printf("| %s | %s | %s |%n", row.label(), format(row.format(), h), row.goal());
        continue;
      }
      @Nullable Double z = row.value().apply(zipkin);
      String advantage = "";
      if (h != null && z != null && h > 0 && z > 0) {
        advantage = String.format("%.2fx", row.higherIsBetter() ? h / z : z / h);
      }
      out.printf(
          "| %s | %s | %s | %s | %s |%n",
          row.label(), format(row.format(), h), format(row.format(), z), advantage, row.goal());
    }
    out.println();
  }

  /**
   * Ingest per server CPU-second in each format against Zipkin on its own format, the figure the
   * performance issue sets goals for (4x on OTLP protobuf, 2x on Zipkin JSON), each server pinned
   * to {@code cpus}.
   */
  static void printPerCore(
      PrintStream out,
      RunResult otlp,
      RunResult hopscopeZipkinJson,
      RunResult zipkin,
      @Nullable String cpus) {
    out.printf(
        "Ingest per server CPU-second, each server pinned to CPUs %s:%n%n",
        cpus == null ? "(unpinned: taskset is missing)" : cpus);
    out.println(
        "| Hopscope fed | Hopscope spans/CPU-s | Zipkin spans/CPU-s (Zipkin JSON) | ratio |");
    out.println("|---|---:|---:|---:|");
    @Nullable Double z = zipkin.spansPerCpuSecond();
    for (RunResult run : List.of(otlp, hopscopeZipkinJson)) {
      @Nullable Double h = run.spansPerCpuSecond();
      out.printf(
          "| %s | %s | %s | %s |%n",
          run.protocol(),
          format("%,.0f", h),
          format("%,.0f", z),
          h == null || z == null || z == 0 ? "n/a" : String.format("%.2fx", h / z));
    }
    out.println();
  }

  /**
   * Where a server's CPU went during the load, by thread name (a pool's threads together), in
   * microseconds per acknowledged span, largest first: the cutter against the merges against
   * decoding, and what the JVM itself took (the JIT's compiler threads, the collector). Nothing
   * when the server is not a child on Linux.
   */
  static void printThreads(PrintStream out, RunResult run) {
    Map<String, Double> threads = run.load().serverThreadCpuSeconds();
    long spans = run.load().spansAcknowledged();
    if (threads.isEmpty() || spans == 0) {
      return;
    }
    out.printf(
        "%s (%s), server CPU during the load by thread, µs per acknowledged span:%n%n",
        run.system(), run.protocol());
    out.println("| thread | CPU-seconds | µs/span |");
    out.println("|---|---:|---:|");
    threads.entrySet().stream()
        .filter(e -> e.getValue() * 1e6 / spans >= 0.01)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e ->
                out.printf(
                    "| %s | %.1f | %.2f |%n",
                    e.getKey(), e.getValue(), e.getValue() * 1e6 / spans));
    out.println();
  }

  /** Hopscope's metrics queries; a server without the API (Zipkin) shows n/a. */
  private static void addMetricsRows(List<Row> rows, RunResult hopscope) {
    for (MetricsPhase.Result m : hopscope.reads().metrics()) {
      MetricsQuerySpec spec = m.spec();
      String name = spec.name();
      String goal = spec.goal();
      @Nullable Double search = hopscope.comparedSearchP50(spec);
      if (spec.comparedSearch() != null) {
        goal += search == null ? " (n/a)" : String.format(" (%.2f)", search);
      }
      rows.add(
          row(
              "metrics " + name + " p50 ms",
              r -> metrics(r, name, q -> RunResult.number(q.latencies().percentileMillis(50))),
              false,
              "%.2f",
              goal));
      rows.add(
          row(
              "metrics " + name + " p99 ms",
              r -> metrics(r, name, q -> RunResult.number(q.latencies().percentileMillis(99))),
              false,
              "%.2f",
              ""));
      rows.add(
          row(
              "metrics " + name + " series",
              r -> metrics(r, name, q -> (double) q.series()),
              true,
              "%,.0f",
              name.equals(MetricsQuerySpec.RATE_BY_SERVICE) ? "> 0 (else the run fails)" : ""));
      if (spec.countsSpans()) {
        rows.add(
            row(
                "metrics " + name + " spans counted",
                r ->
                    metrics(
                        r, name, q -> q.spansCounted() == null ? null : (double) q.spansCounted()),
                true,
                "%,.0f",
                "= spans stored, when complete"));
      }
    }
    if (!hopscope.reads().metrics().isEmpty()) {
      rows.add(
          row(
              "metrics answers cut short (PARTIAL)",
              r ->
                  r.reads().metrics().isEmpty()
                      ? null
                      : (double)
                          r.reads().metrics().stream()
                              .mapToInt(MetricsPhase.Result::partialAnswers)
                              .sum(),
              false,
              "%,.0f",
              "0"));
    }
  }

  private static @Nullable Double metrics(
      RunResult run, String name, Function<MetricsPhase.Result, @Nullable Double> value) {
    return run.metricsQuery(name).map(value).orElse(null);
  }

  private static @Nullable Double red(RunResult result, int percentile) {
    QueryPhase.QueryResult red = result.reads().red();
    return red == null ? null : RunResult.number(red.latencies().percentileMillis(percentile));
  }

  private static Row row(
      String label,
      Function<RunResult, @Nullable Double> value,
      boolean higher,
      String format,
      String goal) {
    return new Row(label, value, higher, format, goal);
  }

  private static @Nullable Double percentile(RunResult run, String query, double p) {
    return run.query(query)
        .map(q -> RunResult.number(q.latencies().percentileMillis(p)))
        .orElse(null);
  }

  private static String format(String format, @Nullable Double value) {
    return value == null ? "n/a" : String.format(format, value);
  }
}
