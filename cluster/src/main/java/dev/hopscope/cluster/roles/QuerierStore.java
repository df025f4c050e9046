package dev.hopscope.cluster.roles;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.NotServedHereException;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStorageConfig;
import dev.hopscope.store.object.ObjectStoreConfig;
import dev.hopscope.store.object.ObjectTraceStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The querier role: every read API over the blocks in the bucket ({@link ObjectTraceStore}, with
 * its local caches); writes are refused with where to go. Recent spans not yet cut into blocks (at
 * most one block-builder cycle) are served by the live stores; merging them into the querier's
 * answers is the next step (docs/cluster.md).
 */
public final class QuerierStore implements TraceStore {
  private final ObjectTraceStore blocks;

  private QuerierStore(ObjectTraceStore blocks) {
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
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    return CompletableFuture.failedFuture(
        new NotServedHereException(
            "this Hopscope runs the querier role, which only reads; send spans to a distributor"
                + " instead"));
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    return blocks.trace(tenant, traceId);
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    return blocks.search(tenant, request);
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    return blocks.services(tenant, range);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    return blocks.operations(tenant, service, range);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    return blocks.attributeNames(tenant, range);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    return blocks.attributeValues(tenant, scopedName, prefix, range, limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    blocks.scan(tenant, range, consumer);
  }

  @Override
  public boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    return blocks.scan(tenant, range, limit, consumer);
  }

  @Override
  public HealthCheck check() {
    return blocks.check();
  }

  @Override
  public List<String> tenants() {
    return blocks.tenants();
  }

  @Override
  public void close() {
    blocks.close();
  }
}
