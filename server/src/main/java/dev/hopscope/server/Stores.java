package dev.hopscope.server;

import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.metrics.ServerMetrics;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.StoreStats;
import dev.hopscope.store.embedded.WalSync;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.util.function.ToDoubleFunction;

/** Opens the store a configuration names and exports its state as metrics. */
final class Stores {
  private Stores() {}

  static TraceStore open(ServerConfig config) {
    return switch (config.store()) {
      case MEMORY -> InMemoryTraceStore.builder().retention(config.retention()).build();
      case EMBEDDED -> {
        EmbeddedStoreConfig.Builder builder =
            EmbeddedStoreConfig.builder(config.dataDir())
                .walSync(config.walSync() ? WalSync.FSYNC : WalSync.NONE)
                .retention(config.retention());
        if (config.retentionBytes() > 0) { // 0 means no size limit
          builder.retentionBytes(config.retentionBytes());
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
    if (store instanceof EmbeddedTraceStore embedded) {
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
          metrics,
          embedded,
          "hopscope_store_blocks",
          "Live blocks.",
          StoreStats.TenantStats::blocks);
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
