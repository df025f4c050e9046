package dev.hopscope.server.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Set;

/**
 * Serves the web UI (module {@code ui}) and its WebJars from the classpath, with a
 * Content-Security-Policy that allows no inline script: everything a span carries is untrusted
 * text, and this is the second line of defence after rendering it as text.
 */
final class UiRoutes {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  /** Paths that belong to APIs: never answered with the UI's index page. */
  private static final Set<String> API_PREFIXES =
      Set.of("/api/", "/tempo/", "/jaeger/", "/zipkin/", "/metrics", "/health", "/webjars/");

  private UiRoutes() {}

  static void mount(Router router) {
    router.route().order(-1).handler(UiRoutes::securityHeaders);
    router
        .route("/webjars/*")
        .handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
    // No caching: the UI is small and must never be stale after an upgrade.
    router
        .route("/*")
        .handler(
            StaticHandler.create("hopscope-ui")
                .setIndexPage("index.html")
                .setCachingEnabled(false));
    // Client-side routes (/search, /trace/<id>, /map, /compare) load the single page.
    router.get("/*").handler(UiRoutes::singlePage);
    router
        .route("/api/*")
        .last()
        .handler(
            ctx ->
                Responder.error(
                    ctx,
                    new ApiException(
                        404,
                        "no API at "
                            + ctx.normalizedPath()
                            + "; see docs/api.md for the endpoints")));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private static void singlePage(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean api = API_PREFIXES.stream().anyMatch(path::startsWith);
    boolean file = path.substring(path.lastIndexOf('/') + 1).contains(".");
    if (api || file) {
      ctx.next();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    ctx.reroute("/index.html");
  }
}
