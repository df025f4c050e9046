package dev.hopscope.cli;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ClusterConfig;
import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.TlsConfig;
import dev.hopscope.server.logging.LogSetup;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the server: OTLP/gRPC, OTLP/HTTP and Zipkin receivers, the embedded store,",
      "the query APIs, /metrics and the web UI, until interrupted (Ctrl-C).",
      "With --role, one cluster role instead (distributor, live-store, block-builder,",
      "querier, compactor), over Kafka and an S3-compatible bucket: docs/cluster.md."
    })
final class ServeCommand implements Callable<Integer> {
  /** How long a stop waits for requests in flight (a request's own deadline is usually 10 s). */
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  @Spec CommandSpec spec;

  @Mixin ServerOptions options = new ServerOptions();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ServerConfig config;
    try {
      ConfigSources sources = options.sources(System.getenv());
      LogSetup.from(sources).apply();
      config = ServerConfig.from(sources);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("hopscope serve: " + e.getMessage());
      return 1;
    }
    HopscopeServer server = HopscopeServer.start(config);
    Runnable stop = once(() -> stopGracefully(server, spec.commandLine().getErr()));
    // A trapped TERM or INT stops, then exits 0; a second one exits at once. The hook covers the
    // other ways a JVM ends (and platforms where signals cannot be trapped).
    StopSignals.install(
        () -> {
          stop.run();
          System.exit(0);
        },
        130);
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "hopscope-shutdown"));
    printAddresses(out, server);
    new CountDownLatch(1).await(); // until a signal ends the process
    return 0;
  }

  /** Stops once: later callers wait for the first stop to finish. */
  static Runnable once(Runnable action) {
    java.util.concurrent.FutureTask<Void> task =
        new java.util.concurrent.FutureTask<>(action, null);
    return () -> {
      task.run(); // runs the action the first time only
      try {
        task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    };
  }

  private static void stopGracefully(HopscopeServer server, PrintWriter err) {
    long started = System.nanoTime();
    err.println(
        "hopscope: stopping: no new requests; answering those in flight (up to "
            + STOP_GRACE.toSeconds()
            + " s); a second Ctrl-C or SIGTERM exits at once");
    err.flush();
    server.stop(STOP_GRACE);
    err.printf(
        "hopscope: stopped in %d ms; every acknowledged span is on disk%n",
        (System.nanoTime() - started) / 1_000_000);
    err.flush();
  }

  static void printAddresses(PrintWriter out, HopscopeServer server) {
    ServerConfig config = server.config();
    ClusterConfig.Role role = config.cluster().role();
    String host = config.bind();
    if (role == ClusterConfig.Role.ALL) {
      out.printf(
          "Hopscope is running (store: %s%s)%n",
          config.store().name().toLowerCase(Locale.ROOT),
          config.store() == ServerConfig.StoreKind.EMBEDDED
              ? " in " + config.dataDir().toAbsolutePath().normalize()
              : "");
    } else {
      StringBuilder where = new StringBuilder();
      config
          .cluster()
          .kafka()
          .ifPresent(
              k ->
                  where
                      .append("Kafka ")
                      .append(k.bootstrapServers())
                      .append(", topic ")
                      .append(k.topic()));
      config
          .cluster()
          .objectStorage()
          .ifPresent(
              b -> where.append(where.isEmpty() ? "" : ", ").append("bucket ").append(b.bucket()));
      if (role == ClusterConfig.Role.LIVE_STORE) {
        where.append(", window ").append(config.cluster().liveWindow().toMinutes()).append(" min");
      }
      out.printf("Hopscope is running as %s (%s)%n", role.label(), where);
    }
    String ui = server.uiAddress();
    out.printf("  %s   %s%n", role.servesQueries() ? "UI and APIs" : "/metrics   ", ui);
    if (role.receivesSpans()) {
      out.printf("  OTLP/gRPC     %s:%d%n", host, server.otlpGrpcPort());
      out.printf(
          "  OTLP/HTTP     %s%s:%d/v1/traces%n",
          scheme(config, TlsConfig.Listener.OTLP_HTTP), host, server.otlpHttpPort());
      out.printf(
          "  Zipkin v2     %s%s:%d/api/v2/spans%n",
          scheme(config, TlsConfig.Listener.ZIPKIN), host, server.zipkinPort());
    }
    if (role.servesQueries()) {
      out.printf(
          "  Grafana       Tempo data source %stempo, Jaeger data source %sjaeger%n", ui, ui);
      out.printf(
          "  Jaeger UI     %s%n",
          config.jaegerUi().isPresent()
              ? ui + "jaeger/ (" + config.jaegerUi().get() + ")"
              : "API at " + ui + "jaeger/api (--jaeger-ui DIR hosts its pages)");
      out.printf(
          "  Zipkin Lens   point its API at %s%s:%d (docs/compatibility.md)%n",
          scheme(config, TlsConfig.Listener.ZIPKIN), host, server.zipkinPort());
    }
    if (!config.walSync() && role == ClusterConfig.Role.ALL) {
      out.println(
          "  WARNING: --wal-sync=none: acknowledged spans can be lost on a crash (benchmarks only)");
    }
    out.flush();
  }

  private static String scheme(ServerConfig config, TlsConfig.Listener listener) {
    return config.auth().tls().isOn(listener) ? "https://" : "http://";
  }
}
