package dev.hopscope.server.api.compat;

import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.server.api.AccessGate;
import dev.hopscope.server.api.compat.Replies.ErrorStyle;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.ingest.Tenants;
import dev.hopscope.store.TraceSource;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/**
 * The read APIs of the tools people already run: Tempo's under {@code /tempo} (Grafana's Tempo data
 * source), Jaeger's under {@code /jaeger} (Grafana's Jaeger data source, Jaeger UI), and Zipkin's
 * v2 read API on the Zipkin port (Zipkin Lens). Every search form compiles to TraceQL and runs
 * through the same engine as the native API (docs/api.md).
 */
public final class CompatApis {
  /** The native search's limits (candidates and wall time per page), for the Zipkin port. */
  static final SearchLimits ZIPKIN_SEARCH_LIMITS =
      new SearchLimits(200_000, Duration.ofSeconds(10), InstantSource.system());

  private final Searches searches;

  public CompatApis(
      TraceSource source, TraceQlEngine engine, SearchLimits limits, InstantSource clock) {
    this.searches = new Searches(source, engine, limits, clock);
  }

  /**
   * Mounts the Tempo and Jaeger APIs on the main port, and Jaeger UI's pages under {@code /jaeger/}
   * (a build to host, or links into Hopscope's UI); call before the UI's catch-all routes.
   */
  public void mount(Router router, Optional<Path> jaegerUi) {
    new TempoApi(searches).mount(router);
    new JaegerApi(searches).mount(router);
    JaegerV3Api v3 = new JaegerV3Api(searches);
    v3.mount(router, JaegerApi.BASE + "/v3");
    // Jaeger UI served at the root of its own host asks /api/v3/...; nothing native lives there.
    v3.mount(router, "/api/v3");
    // Unknown paths answer in each family's error shape rather than the UI's index page.
    notFound(router, JaegerApi.BASE + "/v3/*", ErrorStyle.JAEGER_V3);
    notFound(router, "/api/v3/*", ErrorStyle.JAEGER_V3);
    notFound(router, JaegerApi.BASE + "/*", ErrorStyle.JAEGER_V1);
    new JaegerUiHost(jaegerUi).mount(router);
    notFound(router, TempoApi.BASE + "/*", ErrorStyle.PLAIN_TEXT);
  }

  private static void notFound(Router router, String path, ErrorStyle style) {
    router
        .route(path)
        .handler(
            ctx ->
                Replies.error(
                    ctx,
                    style,
                    404,
                    "no API at "
                        + ctx.request().method()
                        + " "
                        + ctx.normalizedPath()
                        + "; see docs/api.md for the Tempo- and Jaeger-compatible endpoints"));
  }

  /**
   * The Zipkin port's handler: {@code POST /api/v2/spans} goes to the receiver untouched (it reads
   * the body itself, with its own limits), everything else to the Zipkin read API. Like Zipkin's
   * own server ({@code QUERY_ALLOWED_ORIGINS=*}), any origin may call it, so Lens or a browser
   * reporter hosted elsewhere works without a proxy.
   */
  public static Handler<HttpServerRequest> zipkinPort(
      Vertx vertx, TraceSource source, Handler<HttpServerRequest> receiver, AccessControl access) {
    Searches searches =
        new Searches(source, TraceQlEngine.create(), ZIPKIN_SEARCH_LIMITS, InstantSource.system());
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            CorsHandler.create()
                .addOrigin("*")
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST))
                .allowedHeaders(
                    Set.of("Content-Type", "Content-Encoding", "Authorization", Tenants.HEADER))
                .maxAgeSeconds(86_400));
    // Routing runs in this call, before any of the body arrives, so the receiver still sees it.
    // The receiver checks its own token (it needs write); every other route here reads.
    router.post(ZipkinApi.BASE + "/spans").handler(ctx -> receiver.handle(ctx.request()));
    router
        .route()
        .handler(new AccessGate(access, "zipkin", ctx -> Optional.of(Permission.READ), false));
    new ZipkinApi(searches).mount(router);
    return router;
  }
}
