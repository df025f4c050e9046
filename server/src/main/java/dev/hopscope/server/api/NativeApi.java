package dev.hopscope.server.api;

import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.OtlpJsonEncoder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.InstantSource;

/** The native read API: traces by id, services, operations and attributes (docs/api.md). */
final class NativeApi {
  static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);

  private final TraceSource source;
  private final InstantSource clock;

  NativeApi(TraceSource source, InstantSource clock) {
    this.source = source;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/traces/:traceId").handler(this::trace);
    router.get("/api/services").handler(this::services);
    router.get("/api/services/:service/operations").handler(this::operations);
    router.get("/api/attributes").handler(this::attributes);
    router.get("/api/attributes/:name/values").handler(this::attributeValues);
  }

  private void trace(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          TraceId id = traceId(ApiParams.path(ctx, "traceId"));
          // format=otlp answers one OTLP JSON ExportTraceServiceRequest (what `export` writes).
          boolean otlp = "otlp".equals(ApiParams.string(ctx, "format", "native"));
          boolean shared = "shared".equals(ApiParams.string(ctx, "resources", "inline"));
          return source
              .trace(tenant, id)
              .<Object>map(
                  trace ->
                      otlp
                          ? OtlpJsonEncoder.encode(trace.spans())
                          : TraceJsonWriter.trace(trace, shared))
              .orElseThrow(() -> ApiException.traceNotFound(id));
        });
  }

  private void services(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant ->
            new JsonObject().put("services", new JsonArray(source.services(tenant, window(ctx)))));
  }

  private void operations(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant ->
            new JsonObject()
                .put(
                    "operations",
                    new JsonArray(
                        source.operations(tenant, ApiParams.path(ctx, "service"), window(ctx)))));
  }

  private void attributes(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant ->
            new JsonObject()
                .put("attributes", new JsonArray(source.attributeNames(tenant, window(ctx)))));
  }

  private void attributeValues(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          String prefix = ApiParams.string(ctx, "prefix", "");
          int limit = ApiParams.integer(ctx, "limit", 100, 1, 1000);
          return new JsonObject()
              .put(
                  "values",
                  new JsonArray(
                      source.attributeValues(
                          tenant, ApiParams.path(ctx, "name"), prefix, window(ctx), limit)));
        });
  }

  private TimeRange window(RoutingContext ctx) {
    return ApiParams.window(ctx, clock, DEFAULT_LOOKBACK);
  }

  /**
   * Parses a trace id from a URL: 32 hex characters (shorter ids are left-padded, as Jaeger does).
   */
  static TraceId traceId(String text) {
    String hex = text == null ? "" : text.trim();
    if (!hex.isEmpty()
        && hex.length() < 32
        && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      hex = "0".repeat(32 - hex.length()) + hex;
    }
    try {
      return TraceId.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ApiException.messageOf(e));
    }
  }
}
