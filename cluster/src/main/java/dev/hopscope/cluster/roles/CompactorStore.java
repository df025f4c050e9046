package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.compactor.Compactor;
import dev.hopscope.cluster.compactor.CompactorSettings;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStorageConfig;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * The compactor role as the server sees it: a {@link Compactor} cycling in the background, and a
 * store that serves neither writes (they go to distributors) nor reads (queriers).
 */
public final class CompactorStore extends NoReads {
  private final ObjectStorage storage;
  private final Compactor compactor;

  private CompactorStore(ObjectStorage storage, Compactor compactor) {
    super("compactor");
    this.storage = storage;
    this.compactor = compactor;
  }

  /** Connects to the bucket (created when missing) and starts cycling. */
  public static CompactorStore start(
      ObjectStorageConfig bucket, CompactorSettings settings, InstantSource clock, String name) {
    ObjectStorage storage = ObjectStorage.create(bucket);
    try {
      storage.createBucketIfAbsent();
      return new CompactorStore(storage, Compactor.start(storage, settings, clock, name));
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  public Compactor compactor() {
    return compactor;
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    return CompletableFuture.failedFuture(refused());
  }

  @Override
  public void close() {
    compactor.close();
    storage.close();
  }
}
