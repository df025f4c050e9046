package dev.hopscope.server.api;

import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.analysis.aggregate.CriticalPathAggregate;
import dev.hopscope.analysis.aggregate.SlowBaselineAttribution;
import dev.hopscope.analysis.compare.TraceComparison;
import dev.hopscope.analysis.graph.GraphEdge;
import dev.hopscope.analysis.graph.GraphNode;
import dev.hopscope.analysis.graph.ServiceGraph;
import dev.hopscope.analysis.graph.ServiceGraphSnapshot;
import dev.hopscope.analysis.red.RedMetrics;
import dev.hopscope.analysis.red.RedPoint;
import dev.hopscope.analysis.sketch.Percentiles;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.compat.TraceQlBuilder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Analysis over many traces: the service graph with per-edge gaps, trace comparison, aggregated
 * critical path, slow-vs-baseline attribution and RED series. Computed on request from the traces
 * of the window (capped; the answer says so when the cap was hit).
 */
final class AggregatesApi {
  static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(15);
  static final int MAX_TRACES = SearchLimits.MAX_AGGREGATED_TRACES;

  private final TraceSource source;
  private final TraceSets sets;
  private final InstantSource clock;

  AggregatesApi(TraceSource source, TraceSets sets, InstantSource clock) {
    this.source = source;
    this.sets = sets;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/graph").handler(this::graph);
    router.get("/api/compare").handler(this::compare);
    router.get("/api/critical-path").handler(this::criticalPath);
    router.get("/api/attribution").handler(this::attribution);
    router.get("/api/metrics/red").handler(this::red);
  }

  /**
   * The service graph of a window, whether {@link #MAX_TRACES} cut it short, and what it was read
   * from: the store's per-block digests or the traces themselves.
   */
  private record Graph(ServiceGraphSnapshot snapshot, boolean capped, String from) {}

  private Graph graph(String tenant, String query, TimeRange range) {
    if (TraceSets.everyTrace(query)) {
      Optional<ServiceGraph> digested = DigestedGraph.read(source, tenant, range);
      if (digested.isPresent()) {
        return new Graph(digested.get().snapshot(), false, "digests");
      }
    }
    ServiceGraph graph = ServiceGraph.create();
    boolean capped =
        sets.forEach(
            tenant, query, range, MAX_TRACES, trace -> graph.add(TraceAnalyzer.analyze(trace)));
    // Rates come from each edge's first and last call, not from the window: a capped graph holds
    // the latest-starting traces, and a window may be mostly empty; either way the window length
    // would understate the rate.
    return new Graph(graph.snapshot(), capped, "traces");
  }

  private void graph(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          TimeRange range = ApiParams.window(ctx, clock, DEFAULT_LOOKBACK);
          Graph graph = graph(tenant, ApiParams.string(ctx, "q", "{}"), range);
          ServiceGraphSnapshot snapshot = graph.snapshot();
          JsonArray nodes = new JsonArray();
          for (GraphNode node : snapshot.nodes()) {
            nodes.add(
                new JsonObject()
                    .put("name", node.name())
                    .put("kind", SpanJson.lower(node.kind().name()))
                    .put("callsIn", node.callsIn())
                    .put("callsOut", node.callsOut())
                    .put("errorsIn", node.errorsIn()));
          }
          JsonArray edges = new JsonArray();
          for (GraphEdge edge : snapshot.edges()) {
            edges.add(
                new JsonObject()
                    .put("caller", edge.caller())
                    .put("callee", edge.callee())
                    .put("calleeKind", SpanJson.lower(edge.calleeKind().name()))
                    .put("requests", edge.requestCount())
                    .put("errors", edge.errorCount())
                    .put("ratePerSecond", edge.requestsPerSecond())
                    .put("firstCallUnixNano", Long.toString(edge.firstCallNanos()))
                    .put("lastCallUnixNano", Long.toString(edge.lastCallNanos()))
                    .put("errorRate", edge.errorRate())
                    .put("durationP50Nanos", edge.clientDuration().p50Nanos())
                    .put("durationP99Nanos", edge.clientDuration().p99Nanos())
                    .put("gapP50Nanos", edge.outboundGap().p50Nanos())
                    .put("gapP99Nanos", edge.outboundGap().p99Nanos())
                    .put("returnGapP50Nanos", edge.returnGap().p50Nanos())
                    .put("returnGapP99Nanos", edge.returnGap().p99Nanos())
                    .put("serverP50Nanos", edge.serverTime().p50Nanos())
                    .put("serverP99Nanos", edge.serverTime().p99Nanos()));
          }
          return new JsonObject()
              .put("nodes", nodes)
              .put("edges", edges)
              .put("capped", graph.capped())
              .put("from", graph.from());
        });
  }

  private void compare(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          Trace a = trace(tenant, ctx.request().getParam("a"), "a");
          Trace b = trace(tenant, ctx.request().getParam("b"), "b");
          return CompareJson.diff(TraceComparison.compare(a, b));
        });
  }

  private Trace trace(String tenant, @Nullable String id, String parameter) {
    if (id == null || id.isEmpty()) {
      throw new ApiException(400, parameter + " is missing; send ?a=<trace id>&b=<trace id>");
    }
    TraceId traceId = NativeApi.traceId(id);
    return source.trace(tenant, traceId).orElseThrow(() -> ApiException.traceNotFound(traceId));
  }

  private void criticalPath(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          TimeRange range = ApiParams.window(ctx, clock, DEFAULT_LOOKBACK);
          CriticalPathAggregate aggregate = CriticalPathAggregate.create();
          boolean capped =
              sets.forEach(
                  tenant,
                  ApiParams.string(ctx, "q", "{}"),
                  range,
                  MAX_TRACES,
                  trace -> aggregate.add(TraceAnalyzer.analyze(trace)));
          return JsonObject.mapFrom(aggregate.snapshot()).put("capped", capped);
        });
  }

  private void attribution(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          TimeRange range = ApiParams.window(ctx, clock, DEFAULT_LOOKBACK);
          String slow = ApiParams.optional(ctx, "q");
          if (slow == null) {
            throw new ApiException(
                400,
                "q is missing: send the TraceQL of the slow traces, e.g. q={ traceDuration > 500ms }");
          }
          String baseline = ApiParams.string(ctx, "baseline", "{}");
          return JsonObject.mapFrom(
              SlowBaselineAttribution.compare(
                  sets.select(tenant, slow, range, MAX_TRACES / 2).traces(),
                  sets.select(tenant, baseline, range, MAX_TRACES / 2).traces()));
        });
  }

  private void red(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          TimeRange range = ApiParams.window(ctx, clock, DEFAULT_LOOKBACK);
          String service = ApiParams.optional(ctx, "service");
          if (service == null) {
            throw new ApiException(400, "service is missing; send ?service=<name>");
          }
          String operation = ApiParams.string(ctx, "operation", "");
          int stepMinutes = ApiParams.integer(ctx, "step", 1, 1, 1440);
          long step = stepMinutes * RedMetrics.MINUTE_NANOS;
          // The series' first step may start before the window: the digests must cover it too.
          long first = Math.floorDiv(range.startNanos(), step) * step;
          Optional<RedMetrics> digested =
              DigestedGraph.red(source, tenant, service, new TimeRange(first, range.endNanos()));
          String from = digested.isPresent() ? "digests" : "traces";
          RedMetrics red = digested.orElseGet(RedMetrics::create);
          boolean capped = false;
          if (digested.isEmpty()) {
            String query = TraceQlBuilder.create().serviceName(service).build();
            capped = sets.forEach(tenant, query, range, MAX_TRACES, red::add);
          }
          JsonArray points = new JsonArray();
          for (RedPoint point :
              red.series(service, operation, range.startNanos(), range.endNanos(), step)) {
            points.add(
                new JsonObject()
                    .put("startTimeUnixNano", Long.toString(point.startNanos()))
                    .put("count", point.count())
                    .put("errors", point.errorCount())
                    .put("ratePerSecond", point.requestsPerSecond())
                    .put("errorRate", point.errorRate())
                    .put("duration", percentiles(point.duration())));
          }
          return new JsonObject()
              .put("service", service)
              .put("operation", operation)
              .put("points", points)
              .put("capped", capped)
              .put("from", from);
        });
  }

  static JsonObject percentiles(Percentiles p) {
    return new JsonObject()
        .put("count", p.count())
        .put("p50Nanos", p.p50Nanos())
        .put("p90Nanos", p.p90Nanos())
        .put("p99Nanos", p.p99Nanos())
        .put("maxNanos", p.maxNanos());
  }
}
