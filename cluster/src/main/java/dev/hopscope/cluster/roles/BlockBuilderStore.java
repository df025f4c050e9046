package dev.hopscope.cluster.roles;

import dev.hopscope.cluster.builder.BlockBuilder;
import dev.hopscope.cluster.builder.BlockBuilderSettings;
import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStorageConfig;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * The block-builder role as the server sees it: a {@link BlockBuilder} running in the background,
 * and a store that serves neither writes (they go to distributors) nor reads (queriers).
 */
public final class BlockBuilderStore extends NoReads {
  private final ObjectStorage storage;
  private final BlockBuilder builder;

  private BlockBuilderStore(ObjectStorage storage, BlockBuilder builder) {
    super("block-builder");
    this.storage = storage;
    this.builder = builder;
  }

  /** Connects to the bucket (created when missing) and starts consuming. */
  public static BlockBuilderStore start(
      KafkaSettings kafka,
      ObjectStorageConfig bucket,
      BlockBuilderSettings settings,
      InstantSource clock,
      String name) {
    ObjectStorage storage = ObjectStorage.create(bucket);
    try {
      storage.createBucketIfAbsent();
      return new BlockBuilderStore(
          storage, BlockBuilder.start(kafka, storage, settings, clock, name));
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  public BlockBuilder builder() {
    return builder;
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    return CompletableFuture.failedFuture(refused());
  }

  @Override
  public void close() {
    builder.close();
    storage.close();
  }
}
