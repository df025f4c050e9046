package dev.hopscope.server.api;

import dev.hopscope.cluster.roles.LiveStore;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.TraceQlEngine;
import dev.hopscope.server.api.compat.CompatApis;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.config.TenantLimits;
import dev.hopscope.server.metrics.ServerMetrics;
import dev.hopscope.server.spanmetrics.SpanMetricsGenerator;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.TraceStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/** Port 16686: health, metrics, the query APIs and the UI. */
public final class HttpApi {
  /** Per page: candidates evaluated and wall time; the answer says which one stopped it. */
  static final SearchLimits SEARCH_LIMITS =
      new SearchLimits(200_000, Duration.ofSeconds(10), InstantSource.system());

  private final Vertx vertx;
  private final TraceStore store;
  private final ServerMetrics metrics;
  private final Optional<Path> jaegerUi;
  private final AccessControl access;

  /** {@code jaegerUi}: a Jaeger UI build to host under {@code /jaeger/}, if any. */
  public HttpApi(
      Vertx vertx,
      TraceStore store,
      ServerMetrics metrics,
      Optional<Path> jaegerUi,
      AccessControl access) {
    this.vertx = vertx;
    this.store = store;
    this.metrics = metrics;
    this.jaegerUi = jaegerUi;
    this.access = access;
  }

  private Optional<SpanMetricsGenerator> spanMetrics = Optional.empty();

  /** Serves these span and service-graph metrics at {@code /metrics/spans}. */
  public HttpApi spanMetrics(SpanMetricsGenerator generator) {
    this.spanMetrics = Optional.of(generator);
    return this;
  }

  private TenantLimits tenantLimits = TenantLimits.none();

  /** Refuses searches longer than each tenant's {@code limits.maxSearchWindow}. */
  public HttpApi tenantLimits(TenantLimits limits) {
    this.tenantLimits = limits;
    return this;
  }

  /** The store as the query APIs see it: with each tenant's search window checked. */
  public static TraceStore forQueries(
      TraceStore store, TenantLimits limits, ServerMetrics metrics) {
    return SearchWindowGuard.wrap(store, limits, metrics);
  }

  public Router router() {
    TraceStore queried = forQueries(store, tenantLimits, metrics);
    Router router = Router.router(vertx);
    // First of the routes (only the security headers run before it): nothing below runs unchecked.
    router.route().handler(new AccessGate(access, "http", HttpApi::permissionFor, true));
    new SignIn(access).mount(router);
    spanMetrics.ifPresent(
        generator ->
            router
                .get("/metrics/spans")
                .handler(
                    ctx ->
                        ctx.vertx()
                            .executeBlocking(generator::scrape)
                            .onSuccess(
                                body ->
                                    ctx.response()
                                        .putHeader(
                                            HttpHeaders.CONTENT_TYPE,
                                            SpanMetricsGenerator.contentType())
                                        .end(Buffer.buffer(body)))
                            .onFailure(ctx::fail)));
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.vertx()
                    .executeBlocking(metrics::scrape)
                    .onSuccess(
                        body ->
                            ctx.response()
                                .putHeader(HttpHeaders.CONTENT_TYPE, ServerMetrics.contentType())
                                .end(Buffer.buffer(body)))
                    .onFailure(ctx::fail));
    router
        .get("/health")
        .handler(
            ctx -> {
              HealthCheck check = store.check();
              ctx.response()
                  .setStatusCode(check.isHealthy() ? 200 : 503)
                  .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                  .end(
                      new JsonObject()
                          .put("status", check.isHealthy() ? "ok" : "unhealthy")
                          .put("problems", new JsonArray(check.problems()))
                          .encode());
            });
    if (store instanceof LiveStore live) {
      new InternalStoreApi(live.readEndpoint(), metrics, access).mount(router);
    }
    new NativeApi(queried, InstantSource.system()).mount(router);
    new AnalysisApi(queried).mount(router);
    TraceQlEngine engine = TraceQlEngine.create();
    new SearchApi(queried, engine, InstantSource.system(), SEARCH_LIMITS).mount(router);
    TraceSets sets = new TraceSets(queried, engine, SEARCH_LIMITS);
    new AggregatesApi(queried, sets, InstantSource.system()).mount(router);
    new CompatApis(queried, engine, SEARCH_LIMITS, InstantSource.system()).mount(router, jaegerUi);
    UiRoutes.mount(router);
    return router;
  }

  /**
   * {@code /metrics} is for operators (its labels name every tenant); {@code /health} says nothing
   * about any tenant and is what load balancers probe; everything else reads a tenant's data or
   * shows the UI that does.
   */
  static Optional<Permission> permissionFor(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    // Probes carry no token and answer nothing about any tenant.
    if (path.equals("/health") || path.equals("/ready") || SignIn.OPEN_PATHS.contains(path)) {
      return Optional.empty();
    }
    // Both scrape endpoints label series with every tenant: operators only.
    if (path.equals("/metrics") || path.equals("/metrics/spans")) {
      return Optional.of(Permission.ADMIN);
    }
    return Optional.of(Permission.READ);
  }
}
