package dev.hopscope.server;

import dev.hopscope.cluster.builder.BlockBuilderSettings;
import dev.hopscope.cluster.compactor.Compactor;
import dev.hopscope.cluster.compactor.CompactorSettings;
import dev.hopscope.cluster.remote.LiveStoresSource;
import dev.hopscope.cluster.roles.BlockBuilderStore;
import dev.hopscope.cluster.roles.CompactorStore;
import dev.hopscope.cluster.roles.DistributorStore;
import dev.hopscope.cluster.roles.LiveStore;
import dev.hopscope.cluster.roles.QuerierStore;
import dev.hopscope.server.api.ServiceGraphDigester;
import dev.hopscope.server.config.ClusterConfig;
import dev.hopscope.server.config.CompactorConfig;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.metrics.ServerMetrics;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.StoreStats;
import dev.hopscope.store.embedded.WalSync;
import dev.hopscope.store.memory.InMemoryTraceStore;
import dev.hopscope.store.object.CompactionSettings;
import dev.hopscope.store.object.ObjectStoreConfig;
import dev.hopscope.store.object.RetentionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/** Opens the store a configuration names and exports its state as metrics. */
final class Stores {
  private Stores() {}

  // Kafka's clients log their whole configuration at INFO; keep a strong reference so the level
  // sticks (java.util.logging holds loggers weakly).
  private static final java.util.logging.Logger KAFKA_LOG =
      java.util.logging.Logger.getLogger("org.apache.kafka");

  /**
   * The longest a querier waits for one live store's answer (a search page, a trace) before it
   * answers without that live store: the query APIs' own search budget is 10 s per page.
   */
  private static final Duration LIVE_STORE_TIMEOUT = Duration.ofSeconds(5);

  static TraceStore open(ServerConfig config) {
    ClusterConfig cluster = config.cluster();
    if (cluster.role() != ClusterConfig.Role.ALL) {
      KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
      String name = "hopscope-" + cluster.role().label() + "-" + ProcessHandle.current().pid();
      return switch (cluster.role()) {
        case DISTRIBUTOR -> DistributorStore.open(cluster.kafka().orElseThrow(), name);
        case LIVE_STORE ->
            LiveStore.start(
                cluster.kafka().orElseThrow(),
                config.dataDir(),
                cluster.liveWindow(),
                Clock.systemUTC(),
                name);
        case BLOCK_BUILDER ->
            BlockBuilderStore.start(
                cluster.kafka().orElseThrow(),
                cluster.objectStorage().orElseThrow(),
                new BlockBuilderSettings(
                    config.dataDir().resolve("block-builder"), cluster.builderCycle(), 500_000),
                Clock.systemUTC(),
                name);
        case QUERIER ->
            QuerierStore.open(
                cluster.objectStorage().orElseThrow(),
                ObjectStoreConfig.builder(config.dataDir().resolve("querier-cache"))
                    // New blocks appear once per builder cycle: look for them as often.
                    .metaRefresh(min(cluster.builderCycle(), Duration.ofSeconds(15)))
                    .retention(config.retention())
                    .build(),
                cluster.liveStores(),
                cluster.liveStoresToken(),
                LIVE_STORE_TIMEOUT,
                cluster.liveWindow(),
                Clock.systemUTC());
        case COMPACTOR ->
            CompactorStore.start(
                cluster.objectStorage().orElseThrow(),
                compactorSettings(config),
                Clock.systemUTC(),
                name);
        case ALL -> throw new IllegalStateException("role all has no cluster store");
      };
    }
    return openSingle(config);
  }

  private static CompactorSettings compactorSettings(ServerConfig config) {
    CompactorConfig compactor = config.cluster().compactor();
    return new CompactorSettings(
        compactor.cycle(),
        compactor.leaseDuration(),
        new CompactionSettings(
            config.dataDir().resolve("compactor"),
            compactor.window(),
            1_000_000, // the embedded engine's compacted block size
            // A builder commits its offsets right after its upload: two cycles leave it room.
            max(config.cluster().builderCycle().multipliedBy(2), Duration.ofMinutes(1)),
            compactor.deleteGrace(),
            // overrides.<tenant>.retention, with compactor.retentionByTenant merged in.
            new RetentionPolicy(config.retention(), config.tenantLimits().retentionByTenant())));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) > 0 ? a : b;
  }

  private static TraceStore openSingle(ServerConfig config) {
    return switch (config.store()) {
      case MEMORY -> InMemoryTraceStore.builder().retention(config.retention()).build();
      case EMBEDDED -> {
        EmbeddedStoreConfig.Builder builder =
            EmbeddedStoreConfig.builder(config.dataDir())
                .walSync(config.walSync() ? WalSync.FSYNC : WalSync.NONE)
                .retention(config.retention())
                .digester(new ServiceGraphDigester());
        if (config.retentionBytes() > 0) { // 0 means no size limit
          builder.retentionBytes(config.retentionBytes());
        }
        // Per-tenant values from the YAML's overrides (the same map the compactor reads).
        config.tenantLimits().retentionByTenant().forEach(builder::retention);
        config
            .tenantLimits()
            .retentionBytesByTenant()
            .forEach(
                (tenant, bytes) ->
                    builder.retentionBytes(tenant, bytes > 0 ? bytes : Long.MAX_VALUE));
        if (config.retentionBytesTotal() > 0) {
          builder.totalRetentionBytes(config.retentionBytesTotal());
        }
        if (config.maxDiskBytes() > 0) { // 0 means no limit
          builder.maxDiskBytes(config.maxDiskBytes());
        }
        yield EmbeddedTraceStore.open(builder.build());
      }
    };
  }

  static void registerMetrics(TraceStore store, ServerMetrics metrics) {
    metrics.gauge(
        "hopscope_store_tenants", "Tenants with data in the store.", () -> store.tenants().size());
    if (store instanceof LiveStore live) {
      registerEngineMetrics(live.engine(), metrics);
      metrics.gauge(
          "hopscope_live_store_consumed_spans",
          "Spans the live store consumed from Kafka since it started.",
          () -> live.consumer().consumedSpans());
      metrics.gauge(
          "hopscope_live_store_caught_up",
          "1 once the live store has replayed its window from Kafka, else 0.",
          () -> live.consumer().caughtUp() ? 1 : 0);
      metrics.gauge(
          "hopscope_live_store_partitions",
          "Partitions of the span topic this live store consumes now.",
          () -> live.consumer().assignedPartitions().size());
      metrics.gauge(
          "hopscope_live_store_last_catch_up_seconds",
          "How long the last replay after a partition assignment took until caught up; -1 before.",
          () -> {
            long millis = live.consumer().lastCatchUpMillis();
            return millis < 0 ? -1 : millis / 1000.0;
          });
    } else if (store instanceof QuerierStore querier && querier.liveStores().isPresent()) {
      LiveStoresSource live = querier.liveStores().get();
      metrics.gauge(
          "hopscope_querier_live_store_failures",
          "Calls to a live store that failed or timed out since start (the answer was built"
              + " without it).",
          "live_store",
          sink -> live.members().forEach(m -> sink.accept(m.address(), m.failures())));
      metrics.gauge(
          "hopscope_querier_live_store_up",
          "1 when the last call to the live store succeeded, else 0.",
          "live_store",
          sink -> live.members().forEach(m -> sink.accept(m.address(), m.reachable() ? 1 : 0)));
    } else if (store instanceof BlockBuilderStore builder) {
      metrics.gauge(
          "hopscope_block_builder_uploaded_spans",
          "Spans the block-builder uploaded in blocks since it started.",
          () -> builder.builder().spansUploaded());
      metrics.gauge(
          "hopscope_block_builder_failed_cuts",
          "Cuts that failed (the bucket unreachable) and were retried, since start.",
          () -> builder.builder().failedCuts());
    } else if (store instanceof CompactorStore role) {
      registerCompactorMetrics(role.compactor(), metrics);
    } else if (store instanceof DistributorStore distributor) {
      metrics.gauge(
          "hopscope_distributor_acknowledged_spans",
          "Spans Kafka acknowledged since this distributor started.",
          () -> distributor.sink().acknowledgedSpans());
    } else if (store instanceof EmbeddedTraceStore embedded) {
      registerEngineMetrics(embedded, metrics);
    }
  }

  private static void registerCompactorMetrics(Compactor compactor, ServerMetrics metrics) {
    metrics.gauge(
        "hopscope_compactor_lease_held",
        "1 while this compactor holds the lease in the bucket (the active one), 0 on standby.",
        () -> compactor.leaseHeld() ? 1 : 0);
    metrics.gauge(
        "hopscope_compactor_blocks_merged",
        "Blocks this compactor merged into bigger ones since it started.",
        compactor::blocksMerged);
    metrics.gauge(
        "hopscope_compactor_merges",
        "Merged blocks this compactor wrote since it started.",
        compactor::merges);
    metrics.gauge(
        "hopscope_compactor_blocks_deleted",
        "Blocks this compactor deleted since it started: replaced (merged away, after the grace)"
            + " or expired (past the tenant's retention).",
        "reason",
        sink -> {
          sink.accept("replaced", compactor.replacedDeleted());
          sink.accept("expired", compactor.expiredDeleted());
        });
    metrics.gauge(
        "hopscope_compactor_failed_passes",
        "Passes that failed (the bucket unreachable, most often) and were retried next cycle.",
        compactor::failedPasses);
    metrics.gauge(
        "hopscope_compactor_visible_blocks",
        "Blocks readers saw after this compactor's last pass, over every tenant; -1 before one.",
        compactor::visibleBlocks);
  }

  private static void registerEngineMetrics(EmbeddedTraceStore embedded, ServerMetrics metrics) {
    perTenant(
        metrics,
        embedded,
        "hopscope_store_disk_bytes",
        "Bytes on disk (blocks and WAL).",
        StoreStats.TenantStats::diskBytes);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_wal_bytes",
        "Bytes of WAL not yet in blocks.",
        StoreStats.TenantStats::walBytes);
    perTenant(
        metrics, embedded, "hopscope_store_blocks", "Live blocks.", StoreStats.TenantStats::blocks);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_block_spans",
        "Spans in live blocks.",
        StoreStats.TenantStats::blockSpans);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_head_spans",
        "Spans in the in-memory head only.",
        StoreStats.TenantStats::headSpans);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_quarantined_blocks",
        "Corrupt blocks moved aside.",
        StoreStats.TenantStats::quarantinedBlocks);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_compactions",
        "Block merges since start.",
        StoreStats.TenantStats::compactions);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_compaction_wait_seconds",
        "Seconds merges stood aside for running reads since start.",
        stats -> stats.mergeWaitNanos() / 1e9);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_retention_dropped_blocks",
        "Blocks dropped by retention since start.",
        StoreStats.TenantStats::blocksDroppedByRetention);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_wal_damaged_ranges",
        "Damaged WAL ranges skipped at the last start (not torn tails); see the log for the byte"
            + " ranges and quarantine/ for a copy.",
        StoreStats.TenantStats::walDamagedRanges);
    perTenant(
        metrics,
        embedded,
        "hopscope_store_wal_spans_lost",
        "Spans in damaged WAL ranges skipped at the last start, as their record headers state.",
        StoreStats.TenantStats::walSpansLost);
  }

  private static void perTenant(
      ServerMetrics metrics,
      EmbeddedTraceStore store,
      String name,
      String help,
      ToDoubleFunction<StoreStats.TenantStats> value) {
    metrics.gauge(
        name,
        help,
        "tenant",
        sink ->
            store
                .stats()
                .tenants()
                .forEach((tenant, stats) -> sink.accept(tenant, value.applyAsDouble(stats))));
  }
}
