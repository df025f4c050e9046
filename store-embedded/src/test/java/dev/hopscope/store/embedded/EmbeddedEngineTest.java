package dev.hopscope.store.embedded;

import static dev.hopscope.store.testing.TraceFixtures.SECOND;
import static dev.hopscope.store.testing.TraceFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.testing.Await;
import dev.hopscope.store.testing.MutableClock;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Engine behaviour beyond the SPI: cutting, compaction, retention by size, restart, locking. */
class EmbeddedEngineTest {
  private static final String TENANT = "acme";

  @TempDir Path directory;
  private final MutableClock clock = MutableClock.atNanos(T0 + 3600 * SECOND);

  private EmbeddedStoreConfig.Builder config() {
    return EmbeddedStoreConfig.builder(directory)
        .clock(clock)
        .rowGroupRows(64)
        .maintenanceInterval(Duration.ZERO);
  }

  @Test
  void cutsTheHeadWhenItIsOldEnoughByTheInjectedClock() {
    try (EmbeddedTraceStore store =
        EmbeddedTraceStore.open(config().blockMaxAge(Duration.ofMinutes(5)).build())) {
      store.write(TENANT, TraceFixtures.batchOf(TraceFixtures.randomTraces(1, 10))).join();
      store.maintain();
      assertThat(store.stats().tenants().get(TENANT).blocks()).isZero();
      clock.advance(Duration.ofMinutes(6));
      store.maintain();
      StoreStats.TenantStats stats = store.stats().tenants().get(TENANT);
      assertThat(stats.blocks()).isEqualTo(1);
      assertThat(stats.headSpans()).isZero();
    }
  }

  @Test
  void backgroundMaintenanceCutsAFullHead() {
    try (EmbeddedTraceStore store =
        EmbeddedTraceStore.open(
            config().blockMaxSpans(50).maintenanceInterval(Duration.ofMillis(10)).build())) {
      List<Trace> traces = TraceFixtures.randomTraces(2, 60);
      store.write(TENANT, TraceFixtures.batchOf(traces)).join();
      Await.until(
          "the head to be cut into blocks",
          Duration.ofSeconds(20),
          () -> store.stats().tenants().get(TENANT).headSpans() == 0);
      assertThat(store.stats().tenants().get(TENANT).blocks()).isPositive();
      for (Trace trace : traces) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
    }
  }

  @Test
  void compactionJoinsThePartsOfATraceIntoOneBlock() {
    List<Trace> traces = TraceFixtures.randomTraces(3, 40);
    List<List<dev.hopscope.model.Span>> parts = TraceFixtures.split(traces, 3);
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      for (List<dev.hopscope.model.Span> part : parts) {
        store.write(TENANT, SpanBatch.of(part)).join();
        store.flush();
      }
      assertThat(store.stats().tenants().get(TENANT).blocks()).isEqualTo(3);
      assertThat(store.compact()).isEqualTo(1);
      StoreStats.TenantStats stats = store.stats().tenants().get(TENANT);
      assertThat(stats.blocks()).isEqualTo(1);
      assertThat(stats.compactions()).isEqualTo(1);
      assertThat(stats.blockSpans())
          .isEqualTo(traces.stream().mapToLong(t -> t.spans().size()).sum());
      for (Trace trace : traces) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
    }
    assertThat(blockFiles()).hasSize(1);
  }

  @Test
  void retentionBySizeDropsTheOldestBlocksFirst() {
    TraceId old = new TraceId(9, 1);
    TraceId middle = new TraceId(9, 2);
    TraceId recent = new TraceId(9, 3);
    long now = T0 + 3600 * SECOND;
    long twoBlocks;
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      for (TraceId id : List.of(old, middle, recent)) {
        long start = now - (4 - id.low()) * 600 * SECOND;
        store
            .write(
                TENANT,
                SpanBatch.of(List.of(TraceFixtures.span(id, 1, "webapp", "GET", start, SECOND))))
            .join();
        store.flush();
      }
      twoBlocks = store.stats().tenants().get(TENANT).blockBytes() * 2 / 3 + 64;
    }
    // Reopened with a size limit that holds two of the three (equal-sized) blocks.
    try (EmbeddedTraceStore limited =
        EmbeddedTraceStore.open(config().retentionBytes(twoBlocks).build())) {
      assertThat(limited.enforceRetention()).isEqualTo(1);
      assertThat(limited.trace(TENANT, old)).isEmpty();
      assertThat(limited.trace(TENANT, middle)).isPresent();
      assertThat(limited.trace(TENANT, recent)).isPresent();
      assertThat(limited.stats().tenants().get(TENANT).blocksDroppedByRetention()).isEqualTo(1);
    }
  }

  /** Writes one block per start time for {@code tenant}; returns the trace ids, oldest first. */
  private static List<TraceId> blocks(EmbeddedTraceStore store, String tenant, long... starts) {
    List<TraceId> ids = new java.util.ArrayList<>();
    for (long start : starts) {
      TraceId id = new TraceId(tenant.hashCode(), start);
      store
          .write(
              tenant,
              SpanBatch.of(List.of(TraceFixtures.span(id, 1, "webapp", "GET", start, SECOND))))
          .join();
      store.flush();
      ids.add(id);
    }
    return ids;
  }

  @Test
  void retentionBytesIsPerTenant_aBusyTenantNeverDeletesAnothersData() {
    long now = T0 + 3600 * SECOND;
    List<TraceId> busy;
    List<TraceId> quiet;
    long oneBlock;
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      // The quiet tenant's block is the oldest in the store: a store-wide "oldest first" took it.
      quiet = blocks(store, "quiet", now - 3000 * SECOND);
      busy =
          blocks(
              store,
              "busy",
              now - 2000 * SECOND,
              now - 1500 * SECOND,
              now - 1000 * SECOND,
              now - 500 * SECOND);
      oneBlock = store.stats().tenants().get("quiet").blockBytes();
    }
    try (EmbeddedTraceStore limited =
        EmbeddedTraceStore.open(config().retentionBytes(oneBlock * 2 + 64).build())) {
      assertThat(limited.enforceRetention()).isEqualTo(2);
      assertThat(limited.trace("quiet", quiet.get(0))).isPresent();
      assertThat(limited.trace("busy", busy.get(0))).isEmpty();
      assertThat(limited.trace("busy", busy.get(1))).isEmpty();
      assertThat(limited.trace("busy", busy.get(2))).isPresent();
      assertThat(limited.trace("busy", busy.get(3))).isPresent();
      assertThat(limited.stats().tenants().get("quiet").blocksDroppedByRetention()).isZero();
    }
  }

  @Test
  void aTenantsOwnRetentionAgeAndBytesReplaceTheDefaultsForItAlone() {
    long now = T0 + 3600 * SECOND;
    List<TraceId> kept;
    List<TraceId> sized;
    List<TraceId> plain;
    long oneBlock;
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      kept = blocks(store, "kept", now - 3000 * SECOND, now - 100 * SECOND);
      sized = blocks(store, "sized", now - 300 * SECOND, now - 200 * SECOND, now - 100 * SECOND);
      plain = blocks(store, "plain", now - 3000 * SECOND, now - 100 * SECOND);
      oneBlock = store.stats().tenants().get("kept").blockBytes() / 2;
    }
    // Default: 30 minutes and no size limit; "kept" keeps an hour, "sized" keeps one block.
    try (EmbeddedTraceStore limited =
        EmbeddedTraceStore.open(
            config()
                .retention(Duration.ofMinutes(30))
                .retention("kept", Duration.ofHours(1))
                .retentionBytes("sized", oneBlock + 64)
                .build())) {
      assertThat(limited.enforceRetention()).isEqualTo(3);
      assertThat(limited.trace("kept", kept.get(0))).as("50 min old, kept 1 h").isPresent();
      assertThat(limited.trace("plain", plain.get(0))).as("50 min old, default 30 min").isEmpty();
      assertThat(limited.trace("plain", plain.get(1))).isPresent();
      assertThat(limited.trace("sized", sized.get(0))).isEmpty();
      assertThat(limited.trace("sized", sized.get(1))).isEmpty();
      assertThat(limited.trace("sized", sized.get(2))).isPresent();
    }
  }

  @Test
  void theTotalCapTakesFromTheLargestTenantFirst() {
    long now = T0 + 3600 * SECOND;
    List<TraceId> large;
    List<TraceId> small;
    long oneBlock;
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      small = blocks(store, "small", now - 3000 * SECOND, now - 2900 * SECOND);
      large =
          blocks(
              store,
              "large",
              now - 2000 * SECOND,
              now - 1500 * SECOND,
              now - 1000 * SECOND,
              now - 500 * SECOND);
      oneBlock = store.stats().tenants().get("small").blockBytes() / 2;
    }
    // Room for four of the six blocks: "large" (four) gives two, "small" keeps both of its older
    // ones; at three blocks each the next would have come from either.
    try (EmbeddedTraceStore capped =
        EmbeddedTraceStore.open(config().totalRetentionBytes(oneBlock * 4 + 64).build())) {
      assertThat(capped.enforceRetention()).isEqualTo(2);
      assertThat(capped.trace("small", small.get(0))).isPresent();
      assertThat(capped.trace("small", small.get(1))).isPresent();
      assertThat(capped.trace("large", large.get(0))).isEmpty();
      assertThat(capped.trace("large", large.get(1))).isEmpty();
      assertThat(capped.trace("large", large.get(3))).isPresent();
    }
  }

  /**
   * Regression: the size limits read the tenant map twice, and a tenant whose first write landed in
   * between was looked up in the maps of the first read: NullPointerException, and no retention
   * that round for any tenant. Writes to new tenants now race the maintenance rounds until all are
   * in; every round must succeed and every write must be kept.
   */
  @Test
  @Timeout(120)
  void retentionRacingTheFirstWritesOfNewTenantsNeverFails() {
    int tenantsBefore = 20;
    int newTenants = 100;
    long now = T0 + 3600 * SECOND;
    try (EmbeddedTraceStore store =
        EmbeddedTraceStore.open(config().totalRetentionBytes(1L << 40).build())) {
      SpanBatch batch =
          SpanBatch.of(
              List.of(TraceFixtures.span(new TraceId(7, 7), 1, "webapp", "GET", now, SECOND)));
      for (int t = 0; t < tenantsBefore; t++) {
        store.write("before-" + t, batch).join();
      }
      store.flush();
      CompletableFuture<Void> writes =
          CompletableFuture.runAsync(
              () -> {
                for (int t = 0; t < newTenants; t++) {
                  store.write("new-" + t, batch).join();
                }
              },
              task -> Thread.ofPlatform().name("new-tenants").start(task));
      int rounds = 0;
      while (!writes.isDone()) {
        assertThat(store.enforceRetention()).isZero();
        rounds++;
      }
      writes.join();
      assertThat(rounds).isPositive();
      assertThat(store.enforceRetention()).isZero();
      assertThat(store.tenants()).hasSize(tenantsBefore + newTenants);
    }
  }

  @Test
  void restartServesBlocksAndReplaysTheWal() {
    List<Trace> inBlocks = TraceFixtures.randomTraces(4, 30);
    List<Trace> inWal = TraceFixtures.randomTraces(5, 30);
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      store.write(TENANT, TraceFixtures.batchOf(inBlocks)).join();
      store.flush();
      store.write(TENANT, TraceFixtures.batchOf(inWal)).join();
      store.write("other", TraceFixtures.batchOf(inWal)).join();
    }
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      for (Trace trace : inBlocks) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
      }
      for (Trace trace : inWal) {
        assertThat(store.trace(TENANT, trace.traceId())).contains(trace);
        assertThat(store.trace("other", trace.traceId())).contains(trace);
      }
      assertThat(store.tenants()).containsExactly(TENANT, "other");
      StoreStats.TenantStats stats = store.stats().tenants().get(TENANT);
      assertThat(stats.blocks()).isEqualTo(1);
      assertThat(stats.headSpans())
          .isEqualTo(inWal.stream().mapToLong(t -> t.spans().size()).sum());
      assertThat(stats.walBytes()).isPositive();
      assertThat(stats.diskBytes()).isEqualTo(stats.blockBytes() + stats.walBytes());
    }
    assertThat(directory.resolve("tenants").resolve("other").resolve("wal")).isDirectory();
  }

  @Test
  void aSecondStoreCannotOpenTheSameDataDirectory() {
    try (EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build())) {
      assertThatThrownBy(() -> EmbeddedTraceStore.open(config().build()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("in use");
    }
  }

  @Test
  void configurationErrorsNameTheField() {
    assertThatThrownBy(() -> EmbeddedStoreConfig.builder(directory).blockMaxSpans(0))
        .hasMessage("blockMaxSpans must be positive; received 0");
    assertThatThrownBy(() -> EmbeddedStoreConfig.builder(directory).retention(Duration.ZERO))
        .hasMessage("retention must be positive; received PT0S");
    assertThatThrownBy(() -> EmbeddedStoreConfig.builder(directory).zstdLevel(40))
        .hasMessageContaining("zstdLevel");
  }

  @Test
  void reportsAClosedStoreAsUnhealthy() {
    EmbeddedTraceStore store = EmbeddedTraceStore.open(config().build());
    assertThat(store.check().isHealthy()).isTrue();
    store.close();
    assertThat(store.check().problems()).containsExactly("the store is closed");
  }

  private List<Path> blockFiles() {
    try (var files = Files.list(directory.resolve("tenants").resolve(TENANT).resolve("blocks"))) {
      return files.toList();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
