package dev.hopscope.server.api.compat;

import dev.hopscope.model.Span;
import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.OtlpJsonEncoder;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.compat.TraceQlBuilder;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.TraceSummary;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import dev.hopscope.server.api.compat.Replies.Reply;
import dev.hopscope.store.TimeRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Jaeger's v3 API, which current Jaeger UI releases call for their search page: services,
 * operations with kinds, trace summaries, and traces as OTLP JSON wrapped in {@code {"result":..}}.
 * Mounted under {@code /jaeger/api/v3} and under {@code /api/v3}, the path Jaeger UI uses when it
 * is served at the root. Query parameters are accepted in both spellings the clients use ({@code
 * query.service_name} and {@code query.serviceName}).
 */
final class JaegerV3Api {
  static final int DEFAULT_SEARCH_DEPTH = 20;

  private final Searches searches;

  JaegerV3Api(Searches searches) {
    this.searches = searches;
  }

  void mount(Router router, String base) {
    router.get(base + "/services").handler(this::services);
    router.get(base + "/operations").handler(this::operations);
    router.get(base + "/trace-summaries").handler(this::summaries);
    router.get(base + "/traces").handler(this::traces);
    router.get(base + "/traces/:traceId").handler(this::trace);
  }

  private void services(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V3,
        tenant ->
            new JsonObject()
                .put(
                    "services",
                    new JsonArray(
                        searches.source.services(tenant, JaegerApi.catalogWindow(searches)))));
  }

  /** Operations of one service, or of all when {@code service} is absent (as Jaeger allows). */
  private void operations(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V3,
        tenant ->
            new JsonObject()
                .put(
                    "operations",
                    JaegerApi.operations(
                        searches,
                        tenant,
                        Params.first(ctx, "service"),
                        ctx,
                        "span_kind",
                        "spanKind",
                        "spankind")));
  }

  private void summaries(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V3,
        tenant -> {
          JsonArray summaries = new JsonArray();
          for (TraceMatch match : find(ctx, tenant)) {
            summaries.add(summary(TraceStats.of(match.trace())));
          }
          return new JsonObject().put("summaries", summaries);
        });
  }

  private static JsonObject summary(TraceStats stats) {
    JsonArray services = new JsonArray();
    for (TraceSummary.ServiceCount service : stats.services()) {
      services.add(
          new JsonObject()
              .put("name", service.name())
              .put("spanCount", service.spanCount())
              .put("errorSpanCount", service.errorCount()));
    }
    // int64 nanoseconds as decimal strings: the UI's schema rejects JSON numbers there.
    return new JsonObject()
        .put("traceId", stats.trace().traceId().toHex())
        .put("rootServiceName", stats.rootServiceName())
        .put("rootOperationName", stats.rootName())
        .put("minStartTimeUnixNano", Long.toString(stats.trace().startNanos()))
        .put("maxEndTimeUnixNano", Long.toString(stats.trace().endNanos()))
        .put("spanCount", stats.spanCount())
        .put("errorSpanCount", stats.errorCount())
        .put("orphanSpanCount", stats.orphanCount())
        .put("services", services);
  }

  private void traces(RoutingContext ctx) {
    Replies.answer(
        ctx,
        ErrorStyle.JAEGER_V3,
        tenant -> {
          List<Span> spans = new ArrayList<>();
          for (TraceMatch match : find(ctx, tenant)) {
            spans.addAll(match.trace().spans());
          }
          if (spans.isEmpty()) {
            // What Jaeger answers for a search without results.
            throw new ApiException(404, "No traces found");
          }
          return result(spans);
        });
  }

  private void trace(RoutingContext ctx) {
    Replies.answer(
        ctx,
        ErrorStyle.JAEGER_V3,
        tenant -> {
          TraceId id = Params.traceId(Params.path(ctx, "traceId"));
          return result(searches.traceOr404(tenant, id).spans());
        });
  }

  /** OTLP JSON {@code TracesData} in the {@code result} member, as the v3 gateway streams it. */
  private static Reply result(List<Span> spans) {
    return Reply.json("{\"result\":" + OtlpJsonEncoder.encode(spans) + "}");
  }

  /** The search form of {@code /trace-summaries} and {@code /traces}, compiled to TraceQL. */
  private List<TraceMatch> find(RoutingContext ctx, String tenant) {
    Instant min =
        Params.rfc3339(ctx, "query.start_time_min", "query.startTimeMin")
            .orElseThrow(() -> missing("query.start_time_min"));
    Instant max =
        Params.rfc3339(ctx, "query.start_time_max", "query.startTimeMax")
            .orElseThrow(() -> missing("query.start_time_max"));
    if (!min.isBefore(max)) {
      throw new ApiException(
          400,
          "query.start_time_min must be before query.start_time_max; received "
              + min
              + " and "
              + max);
    }
    TraceQlBuilder query = TraceQlBuilder.create();
    Params.first(ctx, "query.service_name", "query.serviceName").ifPresent(query::serviceName);
    Params.first(ctx, "query.operation_name", "query.operationName").ifPresent(query::spanName);
    Params.first(ctx, "query.attributes")
        .ifPresent(json -> query.tags(JaegerApi.jsonTags("query.attributes", json)));
    Params.goDuration(ctx, "query.duration_min", "query.durationMin")
        .ifPresent(query::minSpanDuration);
    Params.goDuration(ctx, "query.duration_max", "query.durationMax")
        .ifPresent(query::maxSpanDuration);
    int depth =
        Params.integer(
            ctx,
            DEFAULT_SEARCH_DEPTH,
            1,
            Integer.MAX_VALUE,
            "query.search_depth",
            "query.searchDepth",
            "query.num_traces");
    TimeRange range = new TimeRange(Params.nanos(min), Params.nanos(max) + 1);
    return searches
        .search(tenant, query.build(), range, Math.min(depth, Searches.MAX_RESULTS))
        .matches();
  }

  private static ApiException missing(String name) {
    return new ApiException(
        400, name + " is required; send an RFC 3339 time such as 2026-12-01T13:00:00.000Z");
  }
}
