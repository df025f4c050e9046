package dev.hopscope.server.api.compat;

import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.store.TraceSource;
import io.vertx.ext.web.Router;
import java.time.InstantSource;

/**
 * The read APIs of the tools people already run: Tempo's under {@code /tempo} (Grafana's Tempo data
 * source), Jaeger's under {@code /jaeger} (Grafana's Jaeger data source, Jaeger UI), and Zipkin's
 * v2 read API on the Zipkin port (Zipkin Lens). Every search form compiles to TraceQL and runs
 * through the same engine as the native API (docs/api.md).
 */
public final class CompatApis {
  private final Searches searches;

  public CompatApis(
      TraceSource source, TraceQlEngine engine, SearchLimits limits, InstantSource clock) {
    this.searches = new Searches(source, engine, limits, clock);
  }

  /** Mounts the Tempo and Jaeger APIs on the main port; call before the UI's catch-all routes. */
  public void mount(Router router) {
    new TempoApi(searches).mount(router);
    new JaegerApi(searches).mount(router);
    JaegerV3Api v3 = new JaegerV3Api(searches);
    v3.mount(router, JaegerApi.BASE + "/v3");
    // Jaeger UI served at the root of its own host asks /api/v3/...; nothing native lives there.
    v3.mount(router, "/api/v3");
  }
}
