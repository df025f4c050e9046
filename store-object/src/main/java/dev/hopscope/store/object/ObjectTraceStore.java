package dev.hopscope.store.object;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.TenantNames;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.embedded.BlockFileWriter;
import dev.hopscope.store.embedded.BlockFilesReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link TraceStore} over blocks in an S3-compatible bucket (cluster mode's long-term store).
 *
 * <p>Reads see the blocks whose {@code meta.json} exists ({@link BlockCatalog}). Trace by id
 * fetches cached tails and only the row groups that may hold the trace ({@link TraceLookup});
 * search, scan and the catalog calls download the blocks they need into a bounded local cache and
 * run the embedded engine's own read path over them ({@link BlockFilesReader}), so the answers are
 * the embedded store's.
 *
 * <p>{@link #write} does in-process what a block-builder does: it cuts the batch into one block and
 * uploads it (data, then meta). It exists for tests, tools and single-writer use; in cluster mode
 * spans reach the bucket through Kafka and the block-builders.
 */
public final class ObjectTraceStore implements TraceStore {
  private static final System.Logger LOG = System.getLogger(ObjectTraceStore.class.getName());

  private final ObjectStorage storage;
  private final ObjectStoreConfig config;
  private final BlockCatalog catalog;
  private final TailCache tails;
  private final BlockCache blocks;
  private final TraceLookup lookup;
  private final BlockUploader uploader;
  private final Path uploads;
  private final CachedBlocks cached;
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  private ObjectTraceStore(ObjectStorage storage, ObjectStoreConfig config) throws IOException {
    this.storage = storage;
    this.config = config;
    Path root = config.cacheDirectory();
    this.uploads = Files.createDirectories(root.resolve("uploads"));
    this.tails = new TailCache(storage, root.resolve("tails"));
    this.blocks = new BlockCache(storage, root.resolve("blocks"), config.cacheBytes());
    this.catalog =
        new BlockCatalog(
            storage,
            root.resolve("metas"),
            config::nowNanos,
            config.metaRefresh(),
            (tenant, id) -> {
              tails.evict(tenant, id);
              blocks.evict(tenant, id);
            });
    this.cached = new CachedBlocks(storage, blocks, tails);
    this.lookup = new TraceLookup(storage, tails, blocks, cached::markCorrupt);
    this.uploader = new BlockUploader(storage, config.clock());
  }

  /** Opens a store over {@code storage}'s bucket; closing the store closes the storage client. */
  public static ObjectTraceStore open(ObjectStorage storage, ObjectStoreConfig config) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(config, "config");
    try {
      return new ObjectTraceStore(storage, config);
    } catch (IOException e) {
      throw new StoreException(
          "could not prepare the cache directory "
              + config.cacheDirectory()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The client (its request counts are in {@link #stats}). */
  public ObjectStorage storage() {
    return storage;
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    Objects.requireNonNull(batch, "batch");
    TenantNames.requireValid(tenant);
    if (closed) {
      return CompletableFuture.failedFuture(new StoreException("the store is closed"));
    }
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      return CompletableFuture.runAsync(() -> upload(tenant, batch), writers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new StoreException("the store is closed"));
    }
  }

  private void upload(String tenant, SpanBatch batch) {
    // Not from Kafka, so no offsets to derive an id from: a random one cannot meet another's.
    String id = "w-" + UUID.randomUUID();
    Path file = uploads.resolve(tenant + "-" + id + ".blk");
    try {
      BlockFileWriter.write(file, List.of(batch), config.zstdLevel(), config.rowGroupRows());
      catalog.added(uploader.upload(tenant, id, file, BlockMetaInput.withoutKafka()));
    } catch (IOException e) {
      throw new StoreException(
          "could not write block "
              + id
              + " of tenant "
              + tenant
              + " in "
              + uploads
              + ": "
              + e.getMessage(),
          e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.log(
            Level.WARNING, "could not delete uploaded block file {0}: {1}", file, e.getMessage());
      }
    }
  }

  /** The tenant's visible (listed, not replaced, not corrupt) blocks that {@code keep} accepts. */
  private List<BlockMeta> blocks(String tenant, Predicate<BlockMeta> keep) {
    TenantNames.requireValid(tenant);
    if (closed) {
      throw new StoreException("the store is closed");
    }
    List<BlockMeta> out = new ArrayList<>();
    // Blocks a compactor merged are hidden once the merged block's meta is listed.
    for (BlockMeta meta : Replacements.visible(catalog.blocks(tenant), m -> !cached.isCorrupt(m))) {
      if (keep.test(meta)) {
        out.add(meta);
      }
    }
    return out;
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    int partition = config.partitioner().map(p -> p.applyAsInt(traceId)).orElse(-1);
    return lookup.trace(
        traceId,
        blocks(
            tenant,
            meta -> partition < 0 || meta.partition() < 0 || meta.partition() == partition));
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    Objects.requireNonNull(request, "request");
    // Every block, not only those in the window: a trace's parts elsewhere are joined, as embedded.
    return cached.reader(blocks(tenant, meta -> true)).search(request);
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    return cached.reader(blocks(tenant, meta -> meta.overlaps(range))).services(range);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    Objects.requireNonNull(service, "service");
    return cached.reader(blocks(tenant, meta -> meta.overlaps(range))).operations(service, range);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    return cached.reader(blocks(tenant, meta -> meta.overlaps(range))).attributeNames(range);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    List<BlockMeta> metas = blocks(tenant, meta -> meta.overlaps(range));
    return cached.reader(metas).attributeValues(scopedName, prefix, range, limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    scan(tenant, range, Integer.MAX_VALUE, consumer);
  }

  @Override
  public boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(consumer, "consumer");
    return cached.reader(blocks(tenant, meta -> true)).scan(range, limit, consumer);
  }

  /** Lists every tenant's blocks again at its next read (blocks other processes uploaded). */
  public void refresh() {
    for (String tenant : tenants()) {
      catalog.expire(tenant);
    }
  }

  /**
   * Deletes every block whose newest span ended more than the retention before the clock: the meta
   * first, so readers stop seeing the block before its data goes. Returns the blocks deleted. In
   * cluster mode the compactor does this.
   */
  public int enforceRetention() {
    long cutoff = config.nowNanos() - config.retention().toNanos();
    int deleted = 0;
    for (String tenant : tenants()) {
      // Corrupt blocks too: retention is how their objects finally leave the bucket.
      List<BlockMeta> listed = catalog.blocks(tenant);
      List<BlockMeta> expired = new ArrayList<>();
      for (BlockMeta meta : listed) {
        if (meta.maxEndNanos() < cutoff) {
          expired.add(meta);
        }
      }
      for (BlockMeta meta : Replacements.deletionOrder(listed, expired)) {
        storage.delete(BlockKeys.metaKey(tenant, meta.id()));
        storage.delete(BlockKeys.dataKey(tenant, meta.id()));
        catalog.removed(tenant, meta.id());
        deleted++;
      }
    }
    return deleted;
  }

  public ObjectStoreStats stats() {
    return new ObjectStoreStats(
        storage.requestCounts(),
        blocks.bytes(),
        blocks.downloads(),
        tails.size(),
        cached.corruptCount(),
        catalog.unreadable());
  }

  @Override
  public HealthCheck check() {
    List<String> problems = new ArrayList<>();
    if (closed) {
      problems.add("the store is closed");
      return new HealthCheck(problems);
    }
    try {
      storage.checkBucket();
    } catch (ObjectStorageException e) {
      problems.add(e.getMessage());
    }
    if (!Files.isWritable(config.cacheDirectory())) {
      problems.add(
          "cache directory " + config.cacheDirectory() + " is not writable; fix its permissions");
    }
    return new HealthCheck(problems);
  }

  /** Tenants with at least one visible block. */
  @Override
  public List<String> tenants() {
    List<String> out = new ArrayList<>();
    for (String name : storage.listPrefixes("")) {
      try {
        if (!catalog.blocks(TenantNames.requireValid(name)).isEmpty()) {
          out.add(name);
        }
      } catch (IllegalArgumentException e) {
        // Another application's prefix in a shared bucket: not a tenant of ours.
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writers.close();
    blocks.close();
    storage.close();
  }
}
