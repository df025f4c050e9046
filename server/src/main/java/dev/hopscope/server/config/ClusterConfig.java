package dev.hopscope.server.config;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.store.object.ObjectStorageConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which role this process plays and, for a cluster role, where Kafka and the bucket are.
 *
 * @param kafka present for the roles that produce or consume the span topic
 * @param liveWindow how far back a live store replays and serves
 * @param objectStorage present for the roles that write or read blocks in the bucket
 * @param builderCycle the longest a block-builder holds records before cutting them into blocks
 * @param liveStores a querier's live stores: {@code host:port} of each one's HTTP query port
 * @param compactor how the compactor role runs (read by that role only)
 * @param liveStoresToken a querier's bearer token for the live stores' internal read API, when they
 *     check tokens: an operator's read token (tenant {@code *}), since it reads for every tenant
 */
public record ClusterConfig(
    Role role,
    Optional<KafkaSettings> kafka,
    Duration liveWindow,
    Optional<ObjectStorageConfig> objectStorage,
    Duration builderCycle,
    List<String> liveStores,
    CompactorConfig compactor,
    Optional<String> liveStoresToken) {

  public ClusterConfig {
    liveStores = List.copyOf(liveStores);
  }

  /** Without a token for the live stores (they check none). */
  public ClusterConfig(
      Role role,
      Optional<KafkaSettings> kafka,
      Duration liveWindow,
      Optional<ObjectStorageConfig> objectStorage,
      Duration builderCycle,
      List<String> liveStores,
      CompactorConfig compactor) {
    this(
        role,
        kafka,
        liveWindow,
        objectStorage,
        builderCycle,
        liveStores,
        compactor,
        Optional.empty());
  }

  /** Never shows the token: a configuration may be logged. */
  @Override
  public String toString() {
    return "ClusterConfig[role="
        + role
        + ", kafka="
        + kafka
        + ", liveWindow="
        + liveWindow
        + ", objectStorage="
        + objectStorage
        + ", builderCycle="
        + builderCycle
        + ", liveStores="
        + liveStores
        + ", compactor="
        + compactor
        + ", liveStoresToken="
        + (liveStoresToken.isPresent() ? "(set, hidden)" : "(not set)")
        + "]";
  }

  /** The same, the querier sending {@code token} to the live stores it reads. */
  public ClusterConfig withLiveStoresToken(String token) {
    return new ClusterConfig(
        role,
        kafka,
        liveWindow,
        objectStorage,
        builderCycle,
        liveStores,
        compactor,
        Optional.of(token));
  }

  /** A role without live stores to read from, with the compactor's defaults. */
  public ClusterConfig(
      Role role,
      Optional<KafkaSettings> kafka,
      Duration liveWindow,
      Optional<ObjectStorageConfig> objectStorage,
      Duration builderCycle) {
    this(
        role,
        kafka,
        liveWindow,
        objectStorage,
        builderCycle,
        List.of(),
        CompactorConfig.defaults());
  }

  /** A querier reading these live stores, with the compactor's defaults. */
  public ClusterConfig(
      Role role,
      Optional<KafkaSettings> kafka,
      Duration liveWindow,
      Optional<ObjectStorageConfig> objectStorage,
      Duration builderCycle,
      List<String> liveStores) {
    this(
        role,
        kafka,
        liveWindow,
        objectStorage,
        builderCycle,
        liveStores,
        CompactorConfig.defaults());
  }

  /** A compactor run this way. */
  public ClusterConfig(
      Role role,
      Optional<KafkaSettings> kafka,
      Duration liveWindow,
      Optional<ObjectStorageConfig> objectStorage,
      Duration builderCycle,
      CompactorConfig compactor) {
    this(role, kafka, liveWindow, objectStorage, builderCycle, List.of(), compactor);
  }

  /** A role without the bucket (all, distributor, live-store). */
  public ClusterConfig(Role role, Optional<KafkaSettings> kafka, Duration liveWindow) {
    this(role, kafka, liveWindow, Optional.empty(), Duration.ofSeconds(30));
  }

  /** The roles one jar can play; names as written in configuration. */
  public enum Role {
    /** One process: receivers, the embedded store, every API. No Kafka, no bucket. */
    ALL("all", true, true),
    /** Stateless: validates and limits like {@code all}, then produces to Kafka. */
    DISTRIBUTOR("distributor", true, false),
    /** Consumes Kafka into an embedded engine for the recent window and serves every read. */
    LIVE_STORE("live-store", false, true),
    BLOCK_BUILDER("block-builder", false, false),
    QUERIER("querier", false, true),
    /** Merges, replaces and expires the bucket's blocks; one at a time by a lease. */
    COMPACTOR("compactor", false, false);

    private final String label;
    private final boolean receivesSpans;
    private final boolean servesQueries;

    Role(String label, boolean receivesSpans, boolean servesQueries) {
      this.label = label;
      this.receivesSpans = receivesSpans;
      this.servesQueries = servesQueries;
    }

    public String label() {
      return label;
    }

    /** Opens the OTLP and Zipkin ingest listeners. */
    public boolean receivesSpans() {
      return receivesSpans;
    }

    /** Serves the query APIs and the UI (every role serves /metrics and /health). */
    public boolean servesQueries() {
      return servesQueries;
    }

    /** Produces to or consumes the span topic. */
    public boolean usesKafka() {
      return this == DISTRIBUTOR || this == LIVE_STORE || this == BLOCK_BUILDER;
    }

    /** Writes or reads blocks in the bucket. */
    public boolean usesBucket() {
      return this == BLOCK_BUILDER || this == QUERIER || this == COMPACTOR;
    }

    static Optional<Role> parse(String text) {
      String wanted = text.trim().toLowerCase(Locale.ROOT);
      for (Role role : values()) {
        if (role.label.equals(wanted)) {
          return Optional.of(role);
        }
      }
      return Optional.empty();
    }
  }

  public static ClusterConfig single() {
    return new ClusterConfig(Role.ALL, Optional.empty(), Duration.ofHours(1));
  }
}
