package dev.hopscope.cluster.roles;

import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStorageConfig;
import dev.hopscope.store.object.ObjectStoreConfig;
import dev.hopscope.store.object.ObjectTraceStore;

/**
 * The querier role: every read API over the blocks in the bucket ({@link ObjectTraceStore}, with
 * its local caches); writes are refused with where to go. Recent spans not yet cut into blocks (at
 * most one block-builder cycle) are served by the live stores; merging them into the querier's
 * answers is the next step (docs/cluster.md).
 */
public final class QuerierStore extends ReadOnlyStore {
  private final ObjectTraceStore blocks;

  private QuerierStore(ObjectTraceStore blocks) {
    super(blocks, "querier");
    this.blocks = blocks;
  }

  public static QuerierStore open(ObjectStorageConfig bucket, ObjectStoreConfig config) {
    ObjectStorage storage = ObjectStorage.create(bucket);
    try {
      return new QuerierStore(ObjectTraceStore.open(storage, config));
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  public ObjectTraceStore blocks() {
    return blocks;
  }

  @Override
  public void close() {
    blocks.close();
  }
}
