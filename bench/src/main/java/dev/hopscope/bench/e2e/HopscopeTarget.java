package dev.hopscope.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hopscope.process.ChildServer;
import dev.hopscope.process.LoggedProcess;
import dev.hopscope.process.ServeAddresses;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Hopscope: a child {@code hopscope.jar serve} on loopback port 0, its ports read from what it
 * prints, or a running one.
 */
final class HopscopeTarget implements Target {
  private final URI api;
  private final URI otlpHttp;

  /** Where Zipkin JSON goes when the load is sent in Zipkin's format instead of OTLP. */
  private final @Nullable URI zipkinSpans;

  private final String grpcHost;
  private final int grpcPort;
  private final boolean grpc;

  /** Present exactly when {@link #grpc}: the gRPC senders' event loops. */
  private final @Nullable Vertx vertx;

  private final @Nullable ChildServer child;
  private final @Nullable Path dataDir;
  private final HttpClient client = HttpClient.newHttpClient();

  private HopscopeTarget(
      URI api,
      URI otlpHttp,
      @Nullable URI zipkinSpans,
      String grpcHost,
      int grpcPort,
      boolean grpc,
      @Nullable ChildServer child,
      @Nullable Path dataDir) {
    this.api = api;
    this.otlpHttp = otlpHttp;
    this.zipkinSpans = zipkinSpans;
    this.grpcHost = grpcHost;
    this.grpcPort = grpcPort;
    this.grpc = grpc;
    this.vertx = grpc ? Vertx.vertx() : null;
    this.child = child;
    this.dataDir = dataDir;
  }

  /**
   * Starts the server jar in a child JVM with its store under {@code dataDir}; the load goes in as
   * OTLP, or with {@code zipkinJson} as Zipkin JSON v2 to its Zipkin receiver.
   */
  static HopscopeTarget start(BenchOptions options, Path dataDir, Path log, boolean zipkinJson)
      throws IOException, InterruptedException {
    Target.requireJar("server", options.serverJar(), "--server-jar");
    List<String> jvm = List.of("-Xmx" + options.serverHeap(), "-XX:+ExitOnOutOfMemoryError");
    // Every listener on port 0 (ChildServer's default): the ports are read from what it prints.
    ChildServer child =
        ChildServer.start(
            new ChildServer.Launch(
                "hopscope",
                options.serverJar(),
                dataDir,
                log,
                jvm,
                List.of("--wal-sync", options.walSync()),
                Map.of(),
                true,
                options.cpus()));
    child.process().killOnExit(); // Ctrl-C of the benchmark must not leave a server running
    ServeAddresses.Receivers receivers = child.receivers().orElseThrow();
    URI grpc = URI.create("grpc://" + receivers.otlpGrpc());
    return new HopscopeTarget(
        URI.create(child.api()),
        URI.create(receivers.otlpHttp() + "/v1/traces"),
        zipkinJson ? URI.create(receivers.zipkin() + "/api/v2/spans") : null,
        grpc.getHost(),
        grpc.getPort(),
        options.grpc() && !zipkinJson,
        child,
        dataDir);
  }

  /** A server someone else runs: {@code --target http://host:16686}, OTLP on 4318/4317. */
  static HopscopeTarget attach(BenchOptions options, URI api) {
    URI otlp =
        options.otlpHttp() != null
            ? options.otlpHttp()
            : URI.create("http://" + api.getHost() + ":4318/v1/traces");
    return new HopscopeTarget(
        api, otlp, null, api.getHost(), options.otlpGrpcPort(), options.grpc(), null, null);
  }

  @Override
  public String name() {
    return "hopscope";
  }

  @Override
  public String protocol() {
    if (zipkinSpans != null) {
      return "zipkin-json-v2";
    }
    return grpc ? "otlp-grpc" : "otlp-http-protobuf";
  }

  @Override
  public Sender newSender() {
    if (zipkinSpans != null) {
      return HttpSender.zipkinJson(zipkinSpans);
    }
    return vertx != null
        ? new GrpcSender(vertx, grpcHost, grpcPort)
        : HttpSender.otlpProtobuf(otlpHttp);
  }

  @Override
  public URI traceUri(String traceIdHex) {
    return api.resolve("/api/traces/" + traceIdHex);
  }

  @Override
  public int spanCount(JsonNode answer) {
    return answer.path("spans").size();
  }

  @Override
  public Optional<URI> searchUri(QuerySpec query, int run, long startSeconds, long endSeconds) {
    return Optional.of(
        api.resolve(
            "/api/search?limit=20&start="
                + startSeconds
                + "&end="
                + endSeconds
                + "&q="
                + URLEncoder.encode(query.traceQl(run), StandardCharsets.UTF_8)));
  }

  @Override
  public int traceCount(JsonNode answer) {
    return answer.path("traces").size();
  }

  @Override
  public URI graphUri(long startSeconds, long endSeconds) {
    return api.resolve("/api/graph?start=" + startSeconds + "&end=" + endSeconds);
  }

  /** What the UI's RED view asks: every operation of the service that takes the requests. */
  @Override
  public Optional<URI> redUri(long startSeconds, long endSeconds) {
    return Optional.of(
        api.resolve(
            "/api/metrics/red?service=frontend&start=" + startSeconds + "&end=" + endSeconds));
  }

  /** Tempo's endpoint, which Grafana's Tempo data source and Traces Drilldown call. */
  @Override
  public Optional<URI> metricsUri(
      MetricsQuerySpec query, long startSeconds, long endSeconds, @Nullable Duration step) {
    return Optional.of(
        api.resolve(
            "/tempo/api/metrics/query_range?q="
                + URLEncoder.encode(query.traceQl(), StandardCharsets.UTF_8)
                + "&start="
                + startSeconds
                + "&end="
                + endSeconds
                + (step == null ? "" : "&step=" + seconds(step))));
  }

  /** A step as decimal seconds, which Tempo and Hopscope both read: 15, 0.5. */
  static String seconds(Duration step) {
    return BigDecimal.valueOf(step.toNanos(), 9).stripTrailingZeros().toPlainString();
  }

  @Override
  public Optional<LoggedProcess> process() {
    return Optional.ofNullable(child).map(ChildServer::process);
  }

  @Override
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  /**
   * Polls the store gauges on /metrics until three polls in a row agree (blocks cut, compaction
   * done), for at most two minutes; a block may be cut or merged a moment after the last write.
   */
  @Override
  public Optional<StoreState> settle() throws InterruptedException {
    URI metrics = api.resolve("/metrics");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    StoreState last = null;
    int same = 0;
    while (System.nanoTime() < deadline) {
      StoreState state;
      try {
        PrometheusText text = PrometheusText.scrape(client, metrics);
        state =
            new StoreState(
                text.sum("hopscope_store_disk_bytes"),
                text.sum("hopscope_store_wal_bytes"),
                text.sum("hopscope_store_blocks"),
                text.sum("hopscope_store_block_spans"),
                text.sum("hopscope_store_head_spans"));
      } catch (IOException e) {
        return Optional.empty();
      }
      same = state.equals(last) ? same + 1 : 0;
      last = state;
      if (same >= 2) {
        return Optional.of(state);
      }
      if (child == null) {
        pause();
      } else if (child.exitedWithin(Duration.ofMillis(500))) {
        throw new IllegalStateException("hopscope exited while settling; see " + child.log());
      }
    }
    return Optional.ofNullable(last);
  }

  private static void pause() throws InterruptedException {
    java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  @Override
  public void close() {
    if (child != null) {
      child.close();
    }
    if (vertx != null) {
      vertx.close();
    }
    client.close();
  }
}
