package dev.hopscope.server;

import dev.hopscope.server.api.HttpApi;
import dev.hopscope.server.api.compat.CompatApis;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Authentication;
import dev.hopscope.server.config.ClusterConfig;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.TlsConfig;
import dev.hopscope.server.ingest.HttpReceiver;
import dev.hopscope.server.ingest.InflightLimiter;
import dev.hopscope.server.ingest.IngestPipeline;
import dev.hopscope.server.ingest.OtlpGrpcReceiver;
import dev.hopscope.server.metrics.ServerMetrics;
import dev.hopscope.server.selftrace.SelfTracing;
import dev.hopscope.server.selftrace.SelfTracingConfig;
import dev.hopscope.server.spanmetrics.SpanMetricsGenerator;
import dev.hopscope.server.spanmetrics.SpanMetricsSink;
import dev.hopscope.server.tls.TlsListeners;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.TraceStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One Hopscope server: the store, the four listeners (OTLP/gRPC, OTLP/HTTP, Zipkin, UI + APIs) on
 * one Vert.x instance, and the decode workers. {@link #start} returns once every port listens.
 */
public final class HopscopeServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HopscopeServer.class.getName());

  private final ServerConfig config;
  private final Vertx vertx;
  private final TraceStore store;
  private final ServerMetrics metrics;

  /** Tempo-named span and service-graph metrics for Prometheus (/metrics/spans). */
  private final SpanMetricsGenerator spanMetrics;

  private final ExecutorService decodeWorkers;
  private final TlsListeners tls;
  private final List<HttpServer> servers = new ArrayList<>();
  // -1: this role does not open that listener.
  private int otlpGrpcPort = -1;
  private int otlpHttpPort = -1;
  private int zipkinPort = -1;
  private int httpPort = -1;
  // Ready once every listener is up; not ready again from the moment a stop begins, so that a load
  // balancer or Kubernetes stops sending before the ports close.
  private volatile boolean ready;
  // Set once the listeners are up (tracing into itself needs the bound OTLP/HTTP port); null: off.
  private volatile @Nullable SelfTracing selfTracing;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HopscopeServer(ServerConfig config, TraceStore store) {
    this.config = config;
    this.store = store;
    this.metrics = new ServerMetrics();
    // First: it reads the certificate files and may throw, before anything needs closing.
    this.tls = TlsListeners.start(config.auth().tls(), metrics, TlsListeners.CHECK_EVERY);
    this.vertx = Vertx.vertx();
    this.spanMetrics = config.spanMetrics().newGenerator(java.time.InstantSource.system());
    AtomicInteger threads = new AtomicInteger();
    this.decodeWorkers =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            runnable -> {
              Thread thread = new Thread(runnable, "hopscope-decode-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Opens the configured store and starts every listener. */
  public static HopscopeServer start(ServerConfig config) {
    return start(config, Stores.open(config));
  }

  /** Starts every listener over a store the caller opened; the server closes it. */
  public static HopscopeServer start(ServerConfig config, TraceStore store) {
    HopscopeServer server;
    try {
      server = new HopscopeServer(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      server.listen();
      server.startSelfTracing();
      server.ready = true;
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void listen() {
    InflightLimiter limiter = new InflightLimiter(config.maxInflightBytes());
    metrics.gauge(
        "hopscope_inflight_bytes",
        "Request bytes being decoded or awaiting durability.",
        limiter::inflightBytes);
    Stores.registerMetrics(store, metrics);
    AccessControl access = Authentication.accessControl(config.auth(), metrics);
    IngestPipeline pipeline =
        new IngestPipeline(
            new SpanMetricsSink(store, spanMetrics),
            config.limits(),
            limiter,
            metrics,
            decodeWorkers,
            config.tenantLimits());
    ClusterConfig.Role role = config.cluster().role();
    if (role.receivesSpans()) {
      otlpGrpcPort =
          listen(
              "ports.otlpGrpc",
              config.otlpGrpcPort(),
              new OtlpGrpcReceiver(vertx, pipeline, metrics, access));
      otlpHttpPort =
          listen(
              "ports.otlpHttp",
              config.otlpHttpPort(),
              HttpReceiver.otlp(pipeline, metrics, access));
    }
    if (role.receivesSpans() || role.servesQueries()) {
      // Zipkin's port carries both its ingest and its read API (what Lens calls); a role without
      // one of them answers that half with a message saying where to go instead.
      zipkinPort =
          listen(
              "ports.zipkin",
              config.zipkinPort(),
              CompatApis.zipkinPort(
                  vertx,
                  HttpApi.forQueries(store, config.tenantLimits(), metrics),
                  HttpReceiver.zipkin(pipeline, metrics, access),
                  access));
    }
    Router api =
        new HttpApi(vertx, store, metrics, config.jaegerUi(), access)
            .spanMetrics(spanMetrics)
            .tenantLimits(config.tenantLimits())
            .router();
    api.get("/ready").order(-1).handler(this::answerReady);
    httpPort = listen("ports.http", config.httpPort(), api);
  }

  /**
   * {@code /ready}: 200 once the store is open (its WAL replayed) and every listener is up, 503
   * while stopping or when the store reports a problem. {@code /health} stays liveness.
   */
  private void answerReady(RoutingContext ctx) {
    HealthCheck check = store.check();
    String status = !ready ? "stopping" : check.isHealthy() ? "ready" : "unhealthy";
    ctx.response()
        .setStatusCode(status.equals("ready") ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(
            new JsonObject()
                .put("status", status)
                .put("problems", new JsonArray(check.problems()))
                .encode());
  }

  private void startSelfTracing() {
    SelfTracingConfig self = config.selfTracing();
    if (!self.enabled()) {
      return;
    }
    URI base;
    if (self.toSelf()) {
      if (otlpHttpPort < 0) {
        throw new IllegalArgumentException(
            "selfTracing.endpoint is self, but role "
                + config.cluster().role().label()
                + " has no OTLP/HTTP receiver; point it at a distributor or another backend");
      }
      String host = "0.0.0.0".equals(config.bind()) ? "127.0.0.1" : config.bind();
      base = URI.create("http://" + host + ":" + otlpHttpPort);
    } else {
      base = self.endpoint().orElseThrow();
    }
    selfTracing = SelfTracing.start(self, base, config.cluster().role().label());
  }

  /** The self-tracing in effect, if any (tests flush it). */
  public java.util.Optional<SelfTracing> selfTracing() {
    return java.util.Optional.ofNullable(selfTracing);
  }

  private int listen(String key, int port, Handler<HttpServerRequest> untraced) {
    Handler<HttpServerRequest> handler =
        request -> {
          SelfTracing tracing = selfTracing;
          if (tracing == null) {
            untraced.handle(request);
          } else {
            tracing.handle(key, untraced, request);
          }
        };
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.bind())
            .setPort(port)
            .setHttp2ClearTextEnabled(true)
            .setDecompressionSupported(false)
            .setCompressionSupported(true);
    TlsConfig.Listener listener = TlsConfig.Listener.ofPortKey(key);
    tls.configure(listener, options);
    HttpServer server = vertx.createHttpServer(options).requestHandler(handler);
    tls.watchHandshakes(listener, server);
    Future<HttpServer> listening = server.listen();
    try {
      HttpServer bound =
          listening.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      servers.add(bound);
      tls.listening(listener, bound);
      return bound.actualPort();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot listen on "
              + config.bind()
              + ":"
              + port
              + " ("
              + key
              + "): "
              + cause.getMessage()
              + "; stop whatever uses the port or choose another one",
          cause);
    }
  }

  public int otlpGrpcPort() {
    return otlpGrpcPort;
  }

  public int otlpHttpPort() {
    return otlpHttpPort;
  }

  public int zipkinPort() {
    return zipkinPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public TraceStore store() {
    return store;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  public ServerConfig config() {
    return config;
  }

  /** The UI address people open. */
  public String uiAddress() {
    String host = "0.0.0.0".equals(config.bind()) ? "127.0.0.1" : config.bind();
    String scheme = config.auth().tls().isOn(TlsConfig.Listener.HTTP) ? "https://" : "http://";
    return scheme + host + ":" + httpPort + "/";
  }

  /**
   * Stops gracefully: not ready from now on, no new connections, requests in flight answered (up to
   * {@code grace}), then the store closed. Every span acknowledged before is already durable (fsync
   * before the answer); closing adds the cut of whatever the head still holds.
   */
  public void stop(Duration grace) {
    ready = false;
    closeSelfTracing(); // its last spans go out while the receivers still take them
    List<Future<Void>> draining = new ArrayList<>();
    for (HttpServer server : servers) {
      draining.add(server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS));
    }
    try {
      Future.join(draining)
          .toCompletionStage()
          .toCompletableFuture()
          .get(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "requests still in flight after " + grace.toSeconds() + " s were cut off: " + e);
    }
    close();
  }

  private void closeSelfTracing() {
    SelfTracing tracing = selfTracing;
    selfTracing = null;
    if (tracing != null) {
      tracing.close();
    }
  }

  /** Stops listening at once, lets in-flight writes finish, then closes the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready = false;
    closeSelfTracing();
    tls.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "Vert.x did not stop cleanly: " + e);
    }
    decodeWorkers.shutdown();
    try {
      decodeWorkers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }
}
