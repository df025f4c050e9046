package dev.hopscope.server.api.compat;

import dev.hopscope.analysis.graph.GraphEdge;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.query.compat.TraceQlBuilder;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import dev.hopscope.store.TimeRange;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Jaeger's internal HTTP API (v1) under {@code /jaeger}: what Grafana's Jaeger data source, older
 * Jaeger UI releases and every release's trace page call. Every answer is the {@code
 * {"data","total","limit","offset","errors"}} envelope.
 */
final class JaegerApi {
  static final String BASE = "/jaeger/api";

  /** Jaeger lists services and operations without a time range; we look this far back. */
  static final Duration CATALOG_LOOKBACK = Duration.ofDays(7);

  /** Jaeger's default for a search without start, and for dependencies without lookback. */
  static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);

  static final Duration DEFAULT_DEPENDENCY_LOOKBACK = Duration.ofDays(1);

  /** Jaeger's default result limit when the client sends none. */
  static final int DEFAULT_LIMIT = 100;

  private final Searches searches;

  JaegerApi(Searches searches) {
    this.searches = searches;
  }

  void mount(Router router) {
    router.get(BASE + "/services").handler(this::services);
    router.get(BASE + "/services/:service/operations").handler(this::serviceOperations);
    router.get(BASE + "/operations").handler(this::operations);
    router.get(BASE + "/traces").handler(this::traces);
    router.get(BASE + "/traces/:traceId").handler(this::trace);
    router.get(BASE + "/dependencies").handler(this::dependencies);
    new JaegerMetricsApi(searches).mount(router, BASE);
  }

  private void services(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V1,
        tenant -> {
          var services = searches.source.services(tenant, catalogWindow());
          return JaegerJson.envelope(new JsonArray(services), services.size());
        });
  }

  private void serviceOperations(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V1,
        tenant -> {
          var names =
              searches.source.operations(tenant, Params.path(ctx, "service"), catalogWindow());
          return JaegerJson.envelope(new JsonArray(names), names.size());
        });
  }

  private void operations(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V1,
        tenant -> {
          String service = Params.required(ctx, "send ?service=<name>", "service");
          JsonArray operations =
              operations(searches, tenant, Optional.of(service), ctx, "spanKind");
          return JaegerJson.envelope(operations, operations.size());
        });
  }

  /** {@code [{name, spanKind}]}, filtered by the kind parameter when one is sent. */
  static JsonArray operations(
      Searches searches,
      String tenant,
      Optional<String> service,
      RoutingContext ctx,
      String... kindParam) {
    Optional<String> kind = Params.first(ctx, kindParam).map(k -> k.toLowerCase(Locale.ROOT));
    JsonArray out = new JsonArray();
    for (Searches.Operation operation :
        searches.operations(tenant, service, catalogWindow(searches))) {
      if (kind.isEmpty() || kind.get().equals(operation.spanKind())) {
        out.add(
            new JsonObject().put("name", operation.name()).put("spanKind", operation.spanKind()));
      }
    }
    return out;
  }

  private void traces(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V1,
        tenant -> {
          var ids = Params.all(ctx, "traceID");
          JsonArray data = new JsonArray();
          if (!ids.isEmpty()) {
            // Jaeger UI's compare view: fetch these traces, skip the missing ones.
            for (String id : ids) {
              searches
                  .trace(tenant, Params.traceId(id))
                  .ifPresent(t -> data.add(JaegerJson.trace(t)));
            }
            if (data.isEmpty()) {
              throw new ApiException(404, "trace not found: none of " + ids + " exists");
            }
            return JaegerJson.envelope(data, data.size());
          }
          String service = Params.required(ctx, "send ?service=<name> or ?traceID=<id>", "service");
          TraceQlBuilder query = TraceQlBuilder.create().serviceName(service);
          Params.first(ctx, "operation").ifPresent(query::spanName);
          query.tags(tags(ctx));
          Params.goDuration(ctx, "minDuration").ifPresent(query::minSpanDuration);
          Params.goDuration(ctx, "maxDuration").ifPresent(query::maxSpanDuration);
          int limit = Params.integer(ctx, DEFAULT_LIMIT, 1, Integer.MAX_VALUE, "limit");
          for (TraceMatch match :
              searches
                  .search(tenant, query.build(), window(ctx), Math.min(limit, Searches.MAX_RESULTS))
                  .matches()) {
            data.add(JaegerJson.trace(match.trace()));
          }
          return JaegerJson.envelope(data, data.size());
        });
  }

  /** Tags as Jaeger UI sends them ({@code tags={"k":"v"}}) and as the old {@code tag=k:v}. */
  static Map<String, String> tags(RoutingContext ctx) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : Params.all(ctx, "tag")) {
      int colon = tag.indexOf(':');
      if (colon <= 0) {
        throw new ApiException(400, "tag=\"" + tag + "\" is malformed; send tag=key:value");
      }
      tags.put(tag.substring(0, colon), tag.substring(colon + 1));
    }
    for (String json : Params.all(ctx, "tags")) {
      tags.putAll(jsonTags("tags", json));
    }
    return tags;
  }

  static Map<String, String> jsonTags(String parameter, String json) {
    Map<String, String> tags = new LinkedHashMap<>();
    try {
      new JsonObject(json)
          .forEach(entry -> tags.put(entry.getKey(), String.valueOf(entry.getValue())));
    } catch (DecodeException | ClassCastException e) {
      throw new ApiException(
          400,
          parameter
              + "=\""
              + json
              + "\" is not a JSON object of tags; send e.g. {\"http.status_code\":\"500\"}");
    }
    return tags;
  }

  /** {@code start}/{@code end} in epoch microseconds; else {@code lookback} before end. */
  private TimeRange window(RoutingContext ctx) {
    Instant end =
        Params.first(ctx, "end").isPresent()
            ? micros(Params.number(ctx, "end", "microseconds"))
            : searches.clock.instant();
    Instant start =
        Params.first(ctx, "start").isPresent()
            ? micros(Params.number(ctx, "start", "microseconds"))
            : end.minus(lookback(Params.first(ctx, "lookback")));
    if (end.isBefore(start)) {
      throw new ApiException(400, "end is before start; send start <= end (epoch microseconds)");
    }
    return new TimeRange(Params.nanos(start), Params.nanos(end) + 1);
  }

  /** Jaeger UI's lookback choices: Go durations, plus {@code 2d} style days; custom = default. */
  private static Duration lookback(Optional<String> text) {
    if (text.isEmpty() || text.get().equals("custom")) {
      return DEFAULT_LOOKBACK;
    }
    String value = text.get().trim();
    if (value.matches("\\d{1,5}d")) {
      return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
    }
    try {
      return dev.hopscope.query.compat.GoDurations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "lookback: " + e.getMessage());
    }
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }

  private void trace(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V1,
        tenant -> {
          TraceId id = Params.traceId(Params.path(ctx, "traceId"));
          Trace trace = searches.traceOr404(tenant, id);
          return JaegerJson.envelope(new JsonArray().add(JaegerJson.trace(trace)), 1);
        });
  }

  private void dependencies(RoutingContext ctx) {
    Replies.json(
        ctx,
        ErrorStyle.JAEGER_V1,
        tenant -> {
          long endMs =
              Params.first(ctx, "endTs").isPresent()
                  ? Params.number(ctx, "endTs", "milliseconds")
                  : searches.clock.millis();
          long lookbackMs =
              Params.first(ctx, "lookback").isPresent()
                  ? Params.number(ctx, "lookback", "milliseconds")
                  : DEFAULT_DEPENDENCY_LOOKBACK.toMillis();
          TimeRange range = millisWindow(endMs, lookbackMs);
          JsonArray links = new JsonArray();
          for (GraphEdge edge : searches.graph(tenant, range).edges()) {
            links.add(
                new JsonObject()
                    .put("parent", edge.caller())
                    .put("child", edge.callee())
                    .put("callCount", edge.requestCount()));
          }
          return JaegerJson.envelope(links, links.size());
        });
  }

  /** The window ending at {@code endMs} (inclusive) and reaching {@code lookbackMs} back. */
  static TimeRange millisWindow(long endMs, long lookbackMs) {
    if (lookbackMs < 0) {
      throw new ApiException(400, "lookback must not be negative; send milliseconds");
    }
    long end = endMs * 1_000_000L;
    return new TimeRange(end - lookbackMs * 1_000_000L, end + 1);
  }

  private TimeRange catalogWindow() {
    return catalogWindow(searches);
  }

  static TimeRange catalogWindow(Searches searches) {
    Instant now = searches.clock.instant();
    return new TimeRange(Params.nanos(now.minus(CATALOG_LOOKBACK)), Params.nanos(now) + 1);
  }
}
