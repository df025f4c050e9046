package dev.hopscope.bench.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** Everything one server's run measured, and its JSON form. */
record RunResult(
    String system,
    String protocol,
    int connections,
    LoadPhase.Result load,
    long spansStored,
    boolean aliveAfterLoad,
    boolean aliveAtEnd,
    Optional<Target.StoreState> store,
    OptionalLong diskBytes,
    Verification verification,
    QueryPhase.Result reads,
    OptionalLong peakRssBytes) {

  @Nullable Double spansPerCpuSecond() {
    return load.serverCpuSeconds().isPresent() && load.serverCpuSeconds().getAsDouble() > 0
        ? load.spansAcknowledged() / load.serverCpuSeconds().getAsDouble()
        : null;
  }

  @Nullable Double diskBytesPerSpan() {
    return diskBytes.isPresent() && spansStored > 0
        ? (double) diskBytes.getAsLong() / spansStored
        : null;
  }

  @Nullable Double blockBytesPerSpan() {
    return store.map(Target.StoreState::blockBytesPerSpan).filter(v -> !v.isNaN()).orElse(null);
  }

  Optional<QueryPhase.QueryResult> query(String name) {
    return reads.queries().stream().filter(q -> q.name().equals(name)).findFirst();
  }

  /** Field names are the JSON contract: docs/benchmarks.md and BenchmarkHarnessIT rely on them. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("system", system);
    json.put("protocol", protocol);
    json.put("connections", connections);
    json.put("loadSeconds", load.seconds());
    json.put("spansSent", load.spansSent());
    json.put("spansAcknowledged", load.spansAcknowledged());
    json.put("tracesAcknowledged", load.acks().traces());
    json.put("spansStored", spansStored);
    json.put("requests", load.requests());
    json.put("requestsPartial", load.partial());
    json.put("requestsThrottled", load.throttled());
    json.put("requestsFailed", load.failed());
    json.put("ingestSpansPerSecond", load.spansPerSecond());
    json.put(
        "serverCpuSeconds",
        load.serverCpuSeconds().isPresent() ? load.serverCpuSeconds().getAsDouble() : null);
    json.put("spansPerServerCpuSecond", spansPerCpuSecond());
    json.put("serverThreadCpuSeconds", load.serverThreadCpuSeconds());
    json.put("postP50Ms", number(load.post().percentileMillis(50)));
    json.put("postP99Ms", number(load.post().percentileMillis(99)));
    json.put("diskBytes", diskBytes.isPresent() ? diskBytes.getAsLong() : null);
    json.put("diskBytesPerSpan", diskBytesPerSpan());
    json.put("blockBytesPerSpan", blockBytesPerSpan());
    json.put("blockSpans", store.map(s -> (long) s.blockSpans()).orElse(null));
    json.put("headSpans", store.map(s -> (long) s.headSpans()).orElse(null));
    json.put("peakRssBytes", peakRssBytes.isPresent() ? peakRssBytes.getAsLong() : null);
    json.put("serverAliveAfterLoad", aliveAfterLoad);
    json.put("serverAliveAtEnd", aliveAtEnd);
    json.put("verifiedTraces", verification.traces());
    json.put("verifiedSpans", verification.spansFound());
    json.put("lostSpans", verification.lostSpans());
    json.put("tracesIncomplete", verification.missing());
    json.put("unverifiedSpans", verification.unverifiedSpans());
    json.put("firstVerifyProblem", verification.firstProblem());
    json.put("traceByIdP50Ms", number(reads.lookups().percentileMillis(50)));
    json.put("traceByIdP99Ms", number(reads.lookups().percentileMillis(99)));
    json.put("traceByIdMisses", reads.lookupMisses());
    List<Map<String, Object>> queries = reads.queries().stream().map(RunResult::queryJson).toList();
    json.put("queries", queries);
    json.put("metricsQueries", reads.metrics().stream().map(this::metricsJson).toList());
    json.put("serviceGraphP50Ms", number(reads.graph().latencies().percentileMillis(50)));
    json.put("serviceGraphP99Ms", number(reads.graph().latencies().percentileMillis(99)));
    json.put("serviceGraphErrors", reads.graph().errors());
    QueryPhase.QueryResult red = reads.red();
    if (red != null) {
      json.put("redP50Ms", number(red.latencies().percentileMillis(50)));
      json.put("redP99Ms", number(red.latencies().percentileMillis(99)));
      json.put("redErrors", red.errors());
    }
    return json;
  }

  private static Map<String, Object> queryJson(QueryPhase.QueryResult q) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", q.name());
    json.put("query", q.query());
    json.put("runs", q.latencies().count());
    json.put("p50Ms", number(q.latencies().percentileMillis(50)));
    json.put("p99Ms", number(q.latencies().percentileMillis(99)));
    json.put("traces", q.traces());
    json.put("errors", q.errors());
    json.put("firstError", q.firstError());
    return json;
  }

  Optional<MetricsPhase.Result> metricsQuery(String name) {
    return reads.metrics().stream().filter(q -> q.spec().name().equals(name)).findFirst();
  }

  /** p50 of the search a metrics query is held against, or null. */
  @Nullable Double comparedSearchP50(MetricsQuerySpec spec) {
    return spec.comparedSearch() == null
        ? null
        : query(spec.comparedSearch())
            .map(q -> number(q.latencies().percentileMillis(50)))
            .orElse(null);
  }

  private Map<String, Object> metricsJson(MetricsPhase.Result m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", m.spec().name());
    json.put("query", m.spec().traceQl());
    json.put("startSeconds", m.startSeconds());
    json.put("endSeconds", m.endSeconds());
    json.put("stepMs", m.stepMillis() > 0 ? m.stepMillis() : null);
    json.put("runs", m.latencies().count());
    json.put("p50Ms", number(m.latencies().percentileMillis(50)));
    json.put("p99Ms", number(m.latencies().percentileMillis(99)));
    json.put("series", m.series());
    json.put("samples", m.samples());
    json.put("spansCounted", m.spansCounted());
    json.put("complete", m.complete());
    json.put("partialAnswers", m.partialAnswers());
    json.put("partialMessage", m.partialMessage());
    json.put("errors", m.errors());
    json.put("firstError", m.firstError());
    json.put("goal", m.spec().goal());
    json.put("comparedSearch", m.spec().comparedSearch());
    json.put("comparedSearchP50Ms", comparedSearchP50(m.spec()));
    return json;
  }

  static @Nullable Double number(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** A numeric field of {@link #toJson}, or null. */
  @Nullable Double toJsonNumber(String field) {
    Object value = toJson().get(field);
    return value instanceof Number n ? n.doubleValue() : null;
  }
}
