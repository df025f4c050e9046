package dev.hopscope.server.api;

import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.TraceSource;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Per-trace analysis: hops, peers, critical path, clock skew and findings. */
final class AnalysisApi {
  private final TraceSource source;

  AnalysisApi(TraceSource source) {
    this.source = source;
  }

  void mount(Router router) {
    router.get("/api/traces/:traceId/analysis").handler(this::analysis);
  }

  private void analysis(RoutingContext ctx) {
    Responder.json(
        ctx,
        tenant -> {
          TraceId id = NativeApi.traceId(ApiParams.path(ctx, "traceId"));
          return source
              .trace(tenant, id)
              .map(trace -> AnalysisJson.analysis(TraceAnalyzer.analyze(trace)))
              .orElseThrow(() -> ApiException.traceNotFound(id));
        });
  }
}
