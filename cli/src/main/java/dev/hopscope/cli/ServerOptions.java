package dev.hopscope.cli;

import dev.hopscope.server.config.ConfigSources;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The server flags shared by {@code serve} and {@code demo}. A flag wins over a {@code HOPSCOPE_*}
 * variable, which wins over the {@code --config} file, which wins over the default.
 */
final class ServerOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file (keys as in the README's configuration table).")
  @Nullable Path config;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default 127.0.0.1; 0.0.0.0 exposes every port).")
  @Nullable String bind;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Embedded store directory (default ./data); cluster roles keep their scratch data and"
              + " caches there.")
  @Nullable String dataDir;

  @Option(
      names = "--store",
      paramLabel = "KIND",
      description = "embedded (default, durable) or memory.")
  @Nullable String store;

  @Option(
      names = "--wal-sync",
      paramLabel = "MODE",
      description =
          "fsync (default: acknowledged = durable) or none (benchmarks only: acknowledged data can be lost).")
  @Nullable String walSync;

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      description = "Drop data older than this, e.g. 12h or 7d (default 7d).")
  @Nullable String retention;

  @Option(
      names = "--otlp-grpc-port",
      paramLabel = "PORT",
      description = "OTLP/gRPC port (default 4317).")
  @Nullable Integer otlpGrpcPort;

  @Option(
      names = "--otlp-http-port",
      paramLabel = "PORT",
      description = "OTLP/HTTP port (default 4318).")
  @Nullable Integer otlpHttpPort;

  @Option(
      names = "--zipkin-port",
      paramLabel = "PORT",
      description = "Zipkin v2 port (default 9411).")
  @Nullable Integer zipkinPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "UI, APIs and /metrics port (default 16686).")
  @Nullable Integer httpPort;

  @Option(
      names = "--jaeger-ui",
      paramLabel = "DIR",
      description =
          "A Jaeger UI build (index.html and static/) to serve under /jaeger/ (default: none;"
              + " Jaeger links /jaeger/trace/<id> open Hopscope's trace page).")
  @Nullable String jaegerUi;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description =
          "all (default: one process with the embedded store) or a cluster role: distributor,"
              + " live-store, block-builder, querier, compactor (docs/cluster.md).")
  @Nullable String role;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT,...",
      description = "Kafka's bootstrap servers, for the cluster roles.")
  @Nullable String kafka;

  ServerConfig toConfig(Map<String, String> env) {
    return ServerConfig.from(sources(env));
  }

  /** Every setting's source, in precedence order: these flags, then env, file and default. */
  ConfigSources sources(Map<String, String> env) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    put(flags, Setting.BIND, bind);
    put(flags, Setting.DATA_DIR, dataDir);
    put(flags, Setting.STORE, store);
    put(flags, Setting.WAL_SYNC, walSync);
    put(flags, Setting.RETENTION, retention);
    put(flags, Setting.OTLP_GRPC_PORT, otlpGrpcPort);
    put(flags, Setting.OTLP_HTTP_PORT, otlpHttpPort);
    put(flags, Setting.ZIPKIN_PORT, zipkinPort);
    put(flags, Setting.HTTP_PORT, httpPort);
    put(flags, Setting.JAEGER_UI, jaegerUi);
    put(flags, Setting.ROLE, role);
    put(flags, Setting.KAFKA_BOOTSTRAP_SERVERS, kafka);
    return ConfigSources.of(flags, env, config);
  }

  private static void put(Map<Setting, String> flags, Setting setting, @Nullable Object value) {
    if (value != null) {
      flags.put(setting, value.toString());
    }
  }
}
