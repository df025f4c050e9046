package dev.hopscope.bench.handrun;

import dev.hopscope.analysis.red.RedMetrics;
import dev.hopscope.bench.e2e.QuerySpec;
import dev.hopscope.bench.workload.Workload;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.SearchResult;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.query.metrics.MetricsEngine;
import dev.hopscope.query.metrics.MetricsRequest;
import dev.hopscope.query.metrics.MetricsResult;
import dev.hopscope.query.traceql.MetricsQuery;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.server.api.DigestedGraph;
import dev.hopscope.server.api.ServiceGraphDigester;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.StoreOverloadedException;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.WalSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * TraceQL searches and metrics over an embedded store, in one process, by hand (never by the
 * build): {@code java -cp bench/target/hopscope-bench.jar dev.hopscope.bench.handrun.QueryBenchmark
 * [spans] [dir] [runs]}. Loads the end-to-end workload stamped evenly over the hour before now (WAL
 * unsynced: load speed is not what this measures), cuts and compacts, then times the end-to-end
 * benchmark's searches (a page of 20 over the hour) and each metrics query over that hour on
 * Tempo's default step. Reuses {@code dir} when it already holds a store. For profiling the query
 * paths without a server in the way; the published numbers are the end-to-end benchmark's. {@code
 * -DreadThreads=1} reads on one thread, for a pair against the default (every core).
 */
public final class QueryBenchmark {
  private static final String TENANT = "single-tenant";
  private static final List<String> QUERIES =
      List.of(
          "{ } | rate() by (resource.service.name)",
          "{ kind = server } | quantile_over_time(duration, .5, .99) by (name)",
          "{ span.customer.tier = \"enterprise\" && span.cloud.availability_zone = \"us-east-1a\" }"
              + " | rate()");

  private QueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    long spans = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    Path directory =
        args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("hopscope-metrics");
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    // A fourth argument keeps the queries whose name or text contains it: one query to profile.
    String only = args.length > 3 ? args[3] : "";
    if (runs < 1) {
      throw new IllegalArgumentException(
          "runs is " + runs + ": each query must run at least once; pass a third argument >= 1");
    }
    long hour = Duration.ofHours(1).toNanos();
    boolean fresh = !Files.exists(directory.resolve("bench-loaded"));
    try (EmbeddedTraceStore store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(directory)
                .walSync(WalSync.NONE)
                .retention(Duration.ofDays(30))
                .digester(new ServiceGraphDigester())
                .readThreads(
                    Integer.getInteger("readThreads", Runtime.getRuntime().availableProcessors()))
                .build())) {
      long now = System.currentTimeMillis() * 1_000_000L;
      if (fresh) {
        Workload workload = new Workload(Workload.DEFAULT_SEED);
        long loaded = 0;
        long began = System.nanoTime();
        while (loaded < spans) {
          long stamp = now - (long) (hour * (1 - (double) loaded / spans));
          var batch = workload.nextBatch(500, 530, stamp).spans();
          try {
            store.write(TENANT, batch).join();
          } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause() instanceof StoreOverloadedException)) {
              throw e;
            }
            store.flush(); // the load outruns the background cutter: cut here, then resend
            store.write(TENANT, batch).join();
          }
          loaded += batch.size();
        }
        store.flush();
        while (store.compact() > 0) {
          // merge until nothing is left to merge
        }
        Files.writeString(directory.resolve("bench-loaded"), Long.toString(now));
        System.out.printf(
            "loaded %,d spans in %.1f s into %s%n",
            loaded, (System.nanoTime() - began) / 1e9, directory);
      } else {
        now = Long.parseLong(Files.readString(directory.resolve("bench-loaded")).trim());
      }
      long start = now - hour;
      long step = MetricsRequest.defaultStep(start, now);
      MetricsRequest request = MetricsRequest.range(start, now, step, 100);
      MetricsEngine engine = MetricsEngine.create();
      SearchLimits limits =
          new SearchLimits(Long.MAX_VALUE, Duration.ofMinutes(5), java.time.InstantSource.system());
      TraceQlEngine search = TraceQlEngine.create();
      TimeRange range = new TimeRange(start, now);
      for (QuerySpec spec : QuerySpec.ALL) {
        if (!spec.name().contains(only)) {
          continue;
        }
        double[] millis = new double[runs];
        SearchResult result;
        int run = 0;
        do {
          TraceQlQuery query = search.parse(spec.traceQl(run));
          long t = System.nanoTime();
          result =
              search.search(
                  store,
                  TENANT,
                  query,
                  range,
                  20,
                  SearchOrder.NEWEST_FIRST,
                  Optional.empty(),
                  limits);
          millis[run] = (System.nanoTime() - t) / 1e6;
          run++;
        } while (run < runs);
        Arrays.sort(millis);
        System.out.printf(
            "search %-30s p50 %8.1f ms  min %8.1f  max %8.1f  traces %d  inspected %,d%n",
            spec.name(),
            millis[runs / 2],
            millis[0],
            millis[runs - 1],
            result.traces().size(),
            result.inspectedTraces());
      }
      for (String text : QUERIES) {
        if (!text.contains(only)) {
          continue;
        }
        MetricsQuery query = MetricsQuery.parse(text);
        double[] millis = new double[runs];
        // runs >= 1, so the loop runs at least once and result holds the last run's answer.
        MetricsResult result;
        int run = 0;
        do {
          long t = System.nanoTime();
          result = engine.evaluate(store, TENANT, query, request, limits);
          millis[run] = (System.nanoTime() - t) / 1e6;
          run++;
        } while (run < runs);
        Arrays.sort(millis);
        System.out.printf(
            "%-100s p50 %8.1f ms  min %8.1f  max %8.1f  series %d  spans %,d  traces %,d%n",
            text,
            millis[runs / 2],
            millis[0],
            millis[runs - 1],
            result.series().size(),
            result.inspectedSpans(),
            result.inspectedTraces());
      }
      if ("service graph".contains(only) || "RED".contains(only)) {
        digests(store, range, runs);
      }
    }
  }

  /** The service graph and one service's RED series from the digests, as the server reads them. */
  private static void digests(EmbeddedTraceStore store, TimeRange range, int runs) {
    double[] graph = new double[runs];
    double[] red = new double[runs];
    int edges = 0;
    for (int run = 0; run < runs; run++) {
      long t = System.nanoTime();
      var read = DigestedGraph.read(store, TENANT, range).orElseThrow();
      edges = read.snapshot().edges().size();
      graph[run] = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      DigestedGraph.red(store, TENANT, "frontend", range)
          .orElseThrow()
          .series("frontend", "", range.startNanos(), range.endNanos(), RedMetrics.MINUTE_NANOS);
      red[run] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(graph);
    Arrays.sort(red);
    System.out.printf(
        "service graph from digests p50 %8.1f ms  min %8.1f  max %8.1f  edges %d%n",
        graph[runs / 2], graph[0], graph[runs - 1], edges);
    System.out.printf(
        "RED of frontend from digests p50 %8.1f ms  min %8.1f  max %8.1f%n",
        red[runs / 2], red[0], red[runs - 1]);
  }
}
