package dev.hopscope.bench.e2e;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One TraceQL metrics query of the benchmark, sent to Tempo's {@code /api/metrics/query_range}.
 * Issue 19 sets a goal for each: the first two are what per-service aggregates should answer, the
 * third filters on span attributes no such aggregate keeps, so it must scan, and its goal is the
 * search with the same filter ({@link #comparedSearch}).
 *
 * @param goal the goal column of the table; for a compared query, the search's p50 is added
 * @param comparedSearch the {@link QuerySpec} name whose p50 this query must not exceed, or null
 * @param countsSpans a {@code rate()} over every span: value × step summed over the series is the
 *     number of spans in the window, which the report sets beside the spans stored
 */
record MetricsQuerySpec(
    String name,
    String traceQl,
    String goal,
    @Nullable String comparedSearch,
    boolean countsSpans) {
  /** The query whose empty answer after a load fails the run, as a lost span does. */
  static final String RATE_BY_SERVICE = "rate by service";

  static final String TWO_ATTRIBUTES_SEARCH = "two attributes";

  static final List<MetricsQuerySpec> ALL =
      List.of(
          new MetricsQuerySpec(
              RATE_BY_SERVICE,
              "{ } | rate() by (resource.service.name)",
              "p50 <= 200 at 10M spans",
              null,
              true),
          new MetricsQuerySpec(
              "server quantiles by name",
              "{ kind = server } | quantile_over_time(duration, .5, .99) by (name)",
              "p50 <= 500 at 10M spans",
              null,
              false),
          // customer.tier and the zone are per request, not per service or operation: no
          // aggregate keyed by service, name, kind or status can answer this.
          new MetricsQuerySpec(
              "two attributes rate",
              QuerySpec.named(TWO_ATTRIBUTES_SEARCH).traceQl(0) + " | rate()",
              "p50 <= query " + TWO_ATTRIBUTES_SEARCH + " p50",
              TWO_ATTRIBUTES_SEARCH,
              false));

  /** The last hour, or less when the data started later. */
  static final long MAX_WINDOW_SECONDS = 3600;

  /**
   * The window every metrics query asks for: {@code [start, end]} in unix seconds, ending now
   * (rounded up, so the last second's spans are in it) and starting an hour earlier or when the
   * run's first span could start, whichever is later.
   */
  static long[] window(long dataStartSeconds, long nowMillis) {
    long end = Math.floorDiv(nowMillis + 999, 1000);
    long start = Math.max(dataStartSeconds, end - MAX_WINDOW_SECONDS);
    return new long[] {Math.min(start, end - 1), end};
  }
}
