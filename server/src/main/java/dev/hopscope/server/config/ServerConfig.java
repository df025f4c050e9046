package dev.hopscope.server.config;

import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.server.selftrace.SelfTracingConfig;
import dev.hopscope.server.spanmetrics.SpanMetricsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Everything {@code hopscope serve} needs, validated once at start-up. */
public record ServerConfig(
    String bind,
    int otlpGrpcPort,
    int otlpHttpPort,
    int zipkinPort,
    int httpPort,
    StoreKind store,
    Path dataDir,
    boolean walSync,
    Duration retention,
    long retentionBytes,
    long maxDiskBytes,
    long maxInflightBytes,
    IngestLimits limits,
    Optional<Path> jaegerUi,
    ClusterConfig cluster,
    AuthConfig auth,
    long retentionBytesTotal,
    TenantLimits tenantLimits,
    SelfTracingConfig selfTracing,
    SpanMetricsConfig spanMetrics) {

  /** Which store serves the data. */
  public enum StoreKind {
    EMBEDDED,
    MEMORY
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  public static ServerConfig from(ConfigSources sources) {
    return new ServerConfig(
        sources.get(Setting.BIND),
        port(sources, Setting.OTLP_GRPC_PORT),
        port(sources, Setting.OTLP_HTTP_PORT),
        port(sources, Setting.ZIPKIN_PORT),
        port(sources, Setting.HTTP_PORT),
        storeKind(sources),
        Path.of(sources.get(Setting.DATA_DIR)),
        walSync(sources),
        duration(sources, Setting.RETENTION),
        positiveOrZero(sources, Setting.RETENTION_BYTES),
        positiveOrZero(sources, Setting.MAX_DISK_BYTES),
        positive(sources, Setting.MAX_INFLIGHT_BYTES),
        new IngestLimits(
            positive(sources, Setting.MAX_COMPRESSED_BYTES),
            positive(sources, Setting.MAX_DECOMPRESSED_BYTES),
            (int) positive(sources, Setting.MAX_SPANS_PER_REQUEST),
            (int) positive(sources, Setting.MAX_ATTRIBUTES_PER_SPAN),
            (int) positive(sources, Setting.MAX_ATTRIBUTE_VALUE_LENGTH),
            (int) positive(sources, Setting.MAX_EVENTS_PER_SPAN),
            (int) positive(sources, Setting.MAX_LINKS_PER_SPAN)),
        jaegerUi(sources),
        cluster(sources),
        AuthConfig.from(sources, sources.get(Setting.BIND)),
        positiveOrZero(sources, Setting.RETENTION_BYTES_TOTAL),
        TenantLimits.from(sources, compactorRetention(sources)),
        SelfTracingConfig.from(sources),
        SpanMetricsConfig.from(sources));
  }

  /** Defaults only, with every port ephemeral and the embedded store in {@code dataDir}: tests. */
  public static ServerConfig forTests(Path dataDir) {
    return forTests(dataDir, Map.of());
  }

  /** As {@link #forTests(Path)}, with some settings given as if by flags. */
  public static ServerConfig forTests(Path dataDir, Map<Setting, String> settings) {
    ServerConfig configured = from(ConfigSources.of(settings, Map.of(), null));
    return configured.withPorts(0, 0, 0, 0).withStore(StoreKind.EMBEDDED, dataDir);
  }

  public ServerConfig withPorts(int grpc, int http, int zipkin, int api) {
    return edit(
        c -> {
          c.otlpGrpcPort = grpc;
          c.otlpHttpPort = http;
          c.zipkinPort = zipkin;
          c.httpPort = api;
        });
  }

  public ServerConfig withStore(StoreKind kind, Path dir) {
    return edit(
        c -> {
          c.store = kind;
          c.dataDir = dir;
        });
  }

  public ServerConfig withMaxInflightBytes(long bytes) {
    return edit(c -> c.maxInflightBytes = bytes);
  }

  public ServerConfig withLimits(IngestLimits newLimits) {
    return edit(c -> c.limits = newLimits);
  }

  public ServerConfig withCluster(ClusterConfig newCluster) {
    return edit(c -> c.cluster = newCluster);
  }

  public ServerConfig withTenantLimits(TenantLimits newLimits) {
    return edit(c -> c.tenantLimits = newLimits);
  }

  public ServerConfig withSelfTracing(SelfTracingConfig newSelfTracing) {
    return edit(c -> c.selfTracing = newSelfTracing);
  }

  public ServerConfig withAuth(AuthConfig newAuth) {
    return edit(c -> c.auth = newAuth);
  }

  /**
   * This configuration with some values changed: records have no "copy with", so one place lists
   * every field.
   */
  private ServerConfig edit(java.util.function.Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A mutable copy of every component, for {@link #edit}. */
  private static final class Copy {
    private String bind;
    private int otlpGrpcPort;
    private int otlpHttpPort;
    private int zipkinPort;
    private int httpPort;
    private StoreKind store;
    private Path dataDir;
    private boolean walSync;
    private Duration retention;
    private long retentionBytes;
    private long maxDiskBytes;
    private long maxInflightBytes;
    private IngestLimits limits;
    private Optional<Path> jaegerUi;
    private ClusterConfig cluster;
    private AuthConfig auth;
    private long retentionBytesTotal;
    private TenantLimits tenantLimits;
    private SelfTracingConfig selfTracing;
    private SpanMetricsConfig spanMetrics;

    Copy(ServerConfig from) {
      bind = from.bind;
      otlpGrpcPort = from.otlpGrpcPort;
      otlpHttpPort = from.otlpHttpPort;
      zipkinPort = from.zipkinPort;
      httpPort = from.httpPort;
      store = from.store;
      dataDir = from.dataDir;
      walSync = from.walSync;
      retention = from.retention;
      retentionBytes = from.retentionBytes;
      maxDiskBytes = from.maxDiskBytes;
      maxInflightBytes = from.maxInflightBytes;
      limits = from.limits;
      jaegerUi = from.jaegerUi;
      cluster = from.cluster;
      auth = from.auth;
      retentionBytesTotal = from.retentionBytesTotal;
      tenantLimits = from.tenantLimits;
      selfTracing = from.selfTracing;
      spanMetrics = from.spanMetrics;
    }

    ServerConfig build() {
      return new ServerConfig(
          bind,
          otlpGrpcPort,
          otlpHttpPort,
          zipkinPort,
          httpPort,
          store,
          dataDir,
          walSync,
          retention,
          retentionBytes,
          maxDiskBytes,
          maxInflightBytes,
          limits,
          jaegerUi,
          cluster,
          auth,
          retentionBytesTotal,
          tenantLimits,
          selfTracing,
          spanMetrics);
    }
  }

  private static ClusterConfig cluster(ConfigSources sources) {
    ClusterConfig.Role role =
        ClusterConfig.Role.parse(sources.get(Setting.ROLE))
            .orElseThrow(
                () ->
                    invalid(
                        sources,
                        Setting.ROLE,
                        "must be one of all, distributor, block-builder, live-store, querier,"
                            + " compactor"));
    Duration window = duration(sources, Setting.LIVE_STORE_WINDOW);
    Duration cycle = duration(sources, Setting.BLOCK_BUILDER_CYCLE);
    Optional<dev.hopscope.cluster.kafka.KafkaSettings> kafka =
        role.usesKafka() ? Optional.of(kafka(sources, role)) : Optional.empty();
    Optional<dev.hopscope.store.object.ObjectStorageConfig> bucket =
        role.usesBucket() ? Optional.of(bucket(sources)) : Optional.empty();
    String token = sources.get(Setting.QUERIER_LIVE_STORES_TOKEN).trim();
    return new ClusterConfig(
        role,
        kafka,
        window,
        bucket,
        cycle,
        liveStores(sources),
        compactor(sources),
        token.isEmpty() ? Optional.empty() : Optional.of(token));
  }

  /** {@code host:port,...}; each checked now so a typo fails at start, not on the first query. */
  private static java.util.List<String> liveStores(ConfigSources sources) {
    java.util.List<String> addresses = new java.util.ArrayList<>();
    for (String part : sources.get(Setting.QUERIER_LIVE_STORES).split(",")) {
      String address = part.trim();
      if (address.isEmpty()) {
        continue;
      }
      int colon = address.lastIndexOf(':');
      boolean valid = colon > 0 && colon < address.length() - 1;
      if (valid) {
        try {
          int port = Integer.parseInt(address.substring(colon + 1));
          valid = port > 0 && port <= 65535;
        } catch (NumberFormatException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw invalid(
            sources,
            Setting.QUERIER_LIVE_STORES,
            "has \""
                + address
                + "\", which is not host:port; list each live store's HTTP query port"
                + " (ports.http), e.g. live-1:16686,live-2:16686");
      }
      addresses.add(address);
    }
    return addresses;
  }

  private static CompactorConfig compactor(ConfigSources sources) {
    Duration cycle = positiveDuration(sources, Setting.COMPACTOR_CYCLE);
    Duration lease = positiveDuration(sources, Setting.COMPACTOR_LEASE_DURATION);
    if (lease.compareTo(cycle.multipliedBy(2)) < 0) {
      throw invalid(
          sources,
          Setting.COMPACTOR_LEASE_DURATION,
          "must be at least twice compactor.cycle ("
              + sources.get(Setting.COMPACTOR_CYCLE)
              + "), or the active compactor loses its lease between two renewals");
    }
    return new CompactorConfig(
        cycle,
        lease,
        positiveDuration(sources, Setting.COMPACTOR_WINDOW),
        duration(sources, Setting.COMPACTOR_DELETE_GRACE),
        compactorRetention(sources));
  }

  private static Map<String, Duration> compactorRetention(ConfigSources sources) {
    try {
      return CompactorConfig.parseRetentionByTenant(
          sources.get(Setting.COMPACTOR_RETENTION_BY_TENANT));
    } catch (IllegalArgumentException e) {
      throw invalid(
          sources,
          Setting.COMPACTOR_RETENTION_BY_TENANT,
          Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
  }

  private static Duration positiveDuration(ConfigSources sources, Setting setting) {
    Duration value = duration(sources, setting);
    if (value.isZero()) {
      throw invalid(sources, setting, "must be longer than 0");
    }
    return value;
  }

  private static dev.hopscope.cluster.kafka.KafkaSettings kafka(
      ConfigSources sources, ClusterConfig.Role role) {
    String servers = sources.get(Setting.KAFKA_BOOTSTRAP_SERVERS).trim();
    if (servers.isEmpty()) {
      throw invalid(
          sources,
          Setting.KAFKA_BOOTSTRAP_SERVERS,
          "must name Kafka (host:port,...) for role " + role.label());
    }
    long replication = positive(sources, Setting.KAFKA_REPLICATION_FACTOR);
    if (replication > Short.MAX_VALUE) {
      throw invalid(sources, Setting.KAFKA_REPLICATION_FACTOR, "must be at most 32767");
    }
    long minInsync = positiveOrZero(sources, Setting.KAFKA_MIN_INSYNC_REPLICAS);
    if (minInsync > replication) {
      throw invalid(
          sources,
          Setting.KAFKA_MIN_INSYNC_REPLICAS,
          "must be at most kafka.replicationFactor ("
              + replication
              + "): a partition never has more in-sync replicas than replicas, so every write"
              + " would fail; 0 picks min(2, kafka.replicationFactor)");
    }
    long partitions = positive(sources, Setting.KAFKA_PARTITIONS);
    if (partitions > 10_000) {
      throw invalid(sources, Setting.KAFKA_PARTITIONS, "must be at most 10000");
    }
    return new dev.hopscope.cluster.kafka.KafkaSettings(
        servers,
        sources.get(Setting.KAFKA_TOPIC).trim(),
        (int) partitions,
        (short) replication,
        (int) minInsync,
        duration(sources, Setting.KAFKA_ACK_TIMEOUT));
  }

  private static dev.hopscope.store.object.ObjectStorageConfig bucket(ConfigSources sources) {
    String endpoint = sources.get(Setting.OBJECT_STORAGE_ENDPOINT).trim();
    String pathStyle = sources.get(Setting.OBJECT_STORAGE_PATH_STYLE).trim();
    if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
      throw invalid(sources, Setting.OBJECT_STORAGE_PATH_STYLE, "must be true or false");
    }
    String accessKey = sources.get(Setting.OBJECT_STORAGE_ACCESS_KEY).trim();
    String secretKey = sources.get(Setting.OBJECT_STORAGE_SECRET_KEY).trim();
    try {
      return new dev.hopscope.store.object.ObjectStorageConfig(
          endpoint.isEmpty() ? Optional.empty() : Optional.of(java.net.URI.create(endpoint)),
          sources.get(Setting.OBJECT_STORAGE_REGION).trim(),
          sources.get(Setting.OBJECT_STORAGE_BUCKET).trim(),
          Boolean.parseBoolean(pathStyle),
          accessKey.isEmpty() ? Optional.empty() : Optional.of(accessKey),
          secretKey.isEmpty() ? Optional.empty() : Optional.of(secretKey));
    } catch (IllegalArgumentException e) {
      // The message names the objectStorage key and the rule; say where the values came from.
      throw new IllegalArgumentException(
          e.getMessage()
              + " (objectStorage.endpoint from "
              + sources.origin(Setting.OBJECT_STORAGE_ENDPOINT)
              + ", objectStorage.bucket from "
              + sources.origin(Setting.OBJECT_STORAGE_BUCKET)
              + ")",
          e);
    }
  }

  /** A Jaeger UI build is a directory with index.html; checked now, not on the first request. */
  private static Optional<Path> jaegerUi(ConfigSources sources) {
    String dir = sources.get(Setting.JAEGER_UI).trim();
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(dir).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path.resolve("index.html"))) {
      throw invalid(
          sources,
          Setting.JAEGER_UI,
          "must be a directory holding a Jaeger UI build (index.html and static/), e.g. the"
              + " contents of jaeger-ui's release assets; there is no "
              + path.resolve("index.html"));
    }
    return Optional.of(path);
  }

  private static int port(ConfigSources sources, Setting setting) {
    long value = number(sources, setting);
    if (value < 0 || value > 65535) {
      throw invalid(sources, setting, "must be a port number 0..65535 (0 picks a free port)");
    }
    return (int) value;
  }

  private static long positive(ConfigSources sources, Setting setting) {
    long value = number(sources, setting);
    if (value <= 0) {
      throw invalid(sources, setting, "must be a positive number");
    }
    return value;
  }

  private static long positiveOrZero(ConfigSources sources, Setting setting) {
    long value = number(sources, setting);
    if (value < 0) {
      throw invalid(sources, setting, "must be 0 or more");
    }
    return value;
  }

  private static long number(ConfigSources sources, Setting setting) {
    try {
      return Long.parseLong(sources.get(setting).replace("_", ""));
    } catch (NumberFormatException e) {
      throw invalid(sources, setting, "must be a whole number");
    }
  }

  private static StoreKind storeKind(ConfigSources sources) {
    try {
      return StoreKind.valueOf(sources.get(Setting.STORE).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(sources, Setting.STORE, "must be embedded or memory");
    }
  }

  private static boolean walSync(ConfigSources sources) {
    return switch (sources.get(Setting.WAL_SYNC).toLowerCase(Locale.ROOT)) {
      case "fsync" -> true;
      case "none" -> false;
      default -> throw invalid(sources, Setting.WAL_SYNC, "must be fsync or none");
    };
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d}, and {@code 0}. */
  public static Duration parseDuration(String text) {
    if (text.trim().equals("0")) {
      return Duration.ZERO; // "0 = no limit" needs no unit
    }
    Matcher matcher = DURATION.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "duration \""
              + text
              + "\" must be a whole number followed by ms, s, m, h or d (e.g. 7d)");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  static Duration duration(ConfigSources sources, Setting setting) {
    try {
      return parseDuration(sources.get(setting));
    } catch (IllegalArgumentException e) {
      throw invalid(sources, setting, "must be a duration such as 12h or 7d");
    }
  }

  static IllegalArgumentException invalid(ConfigSources sources, Setting setting, String rule) {
    return new IllegalArgumentException(
        setting.key()
            + " = \""
            + sources.get(setting)
            + "\" (from "
            + sources.origin(setting)
            + ") "
            + rule);
  }
}
