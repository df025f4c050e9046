package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.query.MergedTraceSource;
import dev.hopscope.cluster.remote.LiveStoresSource;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStorageConfig;
import dev.hopscope.store.object.ObjectStoreConfig;
import dev.hopscope.store.object.ObjectTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The querier role: every read API over the blocks in the bucket ({@link ObjectTraceStore}, with
 * its local caches) and, when live stores are configured, over the recent window they serve, asked
 * over their internal read API ({@link LiveStoresSource}); {@link MergedTraceSource} joins the two.
 * Writes are refused with where to go.
 *
 * <p>A live store that does not answer is skipped (counted and logged by {@link LiveStoresSource});
 * the querier stays healthy, since the bucket still answers everything older than a builder cycle.
 */
public final class QuerierStore extends ReadOnlyStore {
  private final ObjectTraceStore blocks;
  private final Optional<LiveStoresSource> live;

  private QuerierStore(
      TraceSource reads, ObjectTraceStore blocks, Optional<LiveStoresSource> live) {
    super(reads, "querier");
    this.blocks = blocks;
    this.live = live;
  }

  /**
   * Opens the bucket and, with {@code liveStores} ({@code host:port} of each live store's HTTP
   * query port) not empty, reads the recent window from them, each call bounded by {@code timeout}.
   * A trace found in the bucket is completed from the live stores only when it ended within {@code
   * liveWindow} (the live stores' window) of now.
   */
  public static QuerierStore open(
      ObjectStorageConfig bucket,
      ObjectStoreConfig config,
      List<String> liveStores,
      Optional<String> liveStoresToken,
      Duration timeout,
      Duration liveWindow,
      InstantSource clock) {
    ObjectStorage storage = ObjectStorage.create(bucket);
    ObjectTraceStore blocks;
    try {
      blocks = ObjectTraceStore.open(storage, config);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    if (liveStores.isEmpty()) {
      return new QuerierStore(blocks, blocks, Optional.empty());
    }
    LiveStoresSource live = new LiveStoresSource(liveStores, timeout, liveStoresToken);
    long windowNanos = liveWindow.toNanos();
    MergedTraceSource reads =
        new MergedTraceSource(
            live, blocks, trace -> trace.endNanos() >= nanos(clock.instant()) - windowNanos);
    return new QuerierStore(reads, blocks, Optional.of(live));
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  public ObjectTraceStore blocks() {
    return blocks;
  }

  /** The live stores this querier reads the recent window from, when configured. */
  public Optional<LiveStoresSource> liveStores() {
    return live;
  }

  @Override
  public HealthCheck check() {
    return blocks.check();
  }

  /** The bucket's tenants: a tenant reaches it within a builder cycle of its first span. */
  @Override
  public List<String> tenants() {
    return blocks.tenants();
  }

  @Override
  public void close() {
    live.ifPresent(LiveStoresSource::close);
    blocks.close();
  }
}
