package dev.hopscope.server.api;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.query.MatchedSpan;
import dev.hopscope.query.MatchedSpanset;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.SearchResult;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.query.traceql.TraceQlException;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/search}: TraceQL over a window, paged by cursor (docs/api.md). */
final class SearchApi {
  static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);

  private final TraceSource source;
  private final TraceQlEngine engine;
  private final InstantSource clock;
  private final SearchLimits limits;
  private final GapOrder gaps;

  SearchApi(TraceSource source, TraceQlEngine engine, InstantSource clock, SearchLimits limits) {
    this.source = source;
    this.engine = engine;
    this.clock = clock;
    this.limits = limits;
    this.gaps = new GapOrder(new TraceSets(source, engine, limits));
  }

  void mount(Router router) {
    router.get("/api/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          String q = ApiParams.string(ctx, "q", "{}");
          TimeRange range = ApiParams.window(ctx, clock, DEFAULT_LOOKBACK);
          int limit = ApiParams.integer(ctx, "limit", 20, 1, 1000);
          if ("gap".equals(ctx.request().getParam("order"))) {
            return gaps.search(tenant, q, range, limit, ctx.request().getParam("edge"));
          }
          SearchOrder order = order(ApiParams.string(ctx, "order", "newest"));
          Optional<SearchCursor> after =
              Optional.ofNullable(ctx.request().getParam("cursor"))
                  .filter(text -> !text.isEmpty())
                  .map(SearchCursor::decode);
          SearchResult result = run(engine, source, tenant, q, range, limit, order, after, limits);
          JsonArray traces = new JsonArray();
          for (TraceMatch match : result.traces()) {
            traces.add(summary(match));
          }
          JsonObject body =
              new JsonObject()
                  .put("traces", traces)
                  .put("next", result.next().map(SearchCursor::encode).orElse(null))
                  .put("inspectedTraces", result.inspectedTraces());
          result.stoppedBy().ifPresent(reason -> body.put("stoppedBy", reason));
          return body;
        });
  }

  /** Runs a search, turning query errors into a 400 with the position. */
  static SearchResult run(
      TraceQlEngine engine,
      TraceSource source,
      String tenant,
      String query,
      TimeRange range,
      int limit,
      SearchOrder order,
      Optional<SearchCursor> after,
      SearchLimits limits) {
    try {
      return engine.search(source, tenant, engine.parse(query), range, limit, order, after, limits);
    } catch (TraceQlException e) {
      throw new ApiException(400, ApiException.messageOf(e), e.offset());
    }
  }

  static SearchOrder order(String text) {
    return switch (text) {
      case "newest", "start" -> SearchOrder.NEWEST_FIRST;
      case "duration", "longest" -> SearchOrder.LONGEST_FIRST;
      default ->
          throw new ApiException(
              400, "order=\"" + text + "\" is unknown; use newest, duration or gap (with edge=)");
    };
  }

  static JsonObject summary(TraceMatch match) {
    TraceSummary summary = TraceSummary.of(match.trace());
    JsonArray services = new JsonArray();
    for (TraceSummary.ServiceCount service : summary.services()) {
      services.add(
          new JsonObject()
              .put("name", service.name())
              .put("spanCount", service.spanCount())
              .put("errorCount", service.errorCount()));
    }
    JsonArray matched = new JsonArray();
    for (MatchedSpanset spanset : match.spansets()) {
      for (MatchedSpan span : spanset.spans()) {
        JsonObject attributes = new JsonObject();
        for (Map.Entry<String, AttributeValue> entry : span.attributes().entrySet()) {
          attributes.put(entry.getKey(), entry.getValue().asText());
        }
        matched.add(
            new JsonObject()
                .put("spanId", span.span().spanId().toHex())
                .put("name", span.span().name())
                .put("serviceName", span.span().serviceName())
                .put("startTimeUnixNano", Long.toString(span.span().startNanos()))
                .put("durationNanos", span.span().durationNanos())
                .put("attributes", attributes));
      }
    }
    return new JsonObject()
        .put("traceId", summary.traceId())
        .put("rootServiceName", summary.rootServiceName())
        .put("rootName", summary.rootName())
        .put("startTimeUnixNano", Long.toString(summary.startNanos()))
        .put("durationNanos", summary.durationNanos())
        .put("spanCount", summary.spanCount())
        .put("errorCount", summary.errorCount())
        .put("services", services)
        .put("matched", matched);
  }
}
