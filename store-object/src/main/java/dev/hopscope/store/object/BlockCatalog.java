package dev.hopscope.store.object;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Each tenant's visible blocks: the ones whose {@code meta.json} exists. Listed at most once per
 * refresh interval (by the injected clock); a meta is fetched once, since a block id always names
 * the same block (and kept on local disk, so a restart fetches none again). Blocks this process
 * uploaded are added at once (read-your-writes); blocks other processes upload appear at the next
 * refresh.
 */
final class BlockCatalog {
  private static final System.Logger LOG = System.getLogger(BlockCatalog.class.getName());

  private final ObjectStorage storage;
  private final Path directory;
  private final LongSupplier nowNanos;
  private final long refreshNanos;
  private final BiConsumer<String, String> onRemoved;
  private final Map<String, TenantBlocks> tenants = new ConcurrentHashMap<>();

  /**
   * @param directory where metas are kept on local disk
   * @param onRemoved told (tenant, block id) when a listed block is gone, so caches drop it
   */
  BlockCatalog(
      ObjectStorage storage,
      Path directory,
      LongSupplier nowNanos,
      Duration refresh,
      BiConsumer<String, String> onRemoved) {
    this.storage = storage;
    this.directory = directory;
    this.nowNanos = nowNanos;
    this.refreshNanos = refresh.toNanos();
    this.onRemoved = onRemoved;
  }

  private static final class TenantBlocks {
    boolean listed;
    long listedAtNanos;
    // By id: ids of one partition sort by offset.
    final TreeMap<String, BlockMeta> metas = new TreeMap<>();
    // Metas that did not parse, by id: not fetched again while their key stays.
    final Set<String> unreadable = new HashSet<>();
  }

  /** The tenant's visible blocks, listing the bucket first when the last listing is too old. */
  List<BlockMeta> blocks(String tenant) {
    TenantBlocks blocks = tenants.computeIfAbsent(tenant, name -> new TenantBlocks());
    synchronized (blocks) {
      long now = nowNanos.getAsLong();
      if (!blocks.listed || now - blocks.listedAtNanos >= refreshNanos) {
        refresh(tenant, blocks);
        blocks.listed = true;
        blocks.listedAtNanos = now;
      }
      return List.copyOf(blocks.metas.values());
    }
  }

  /** Lists again at the next read, whatever the interval (a test waiting for another writer). */
  void expire(String tenant) {
    TenantBlocks blocks = tenants.get(tenant);
    if (blocks != null) {
      synchronized (blocks) {
        blocks.listed = false;
      }
    }
  }

  private void refresh(String tenant, TenantBlocks blocks) {
    String prefix = BlockKeys.blocksPrefix(tenant);
    Set<String> listed = new HashSet<>();
    for (ObjectStorage.ObjectInfo object : storage.list(prefix)) {
      BlockKeys.blockIdOfMeta(prefix, object.key()).ifPresent(listed::add);
    }
    List<String> gone = new ArrayList<>();
    for (String id : blocks.metas.keySet()) {
      if (!listed.contains(id)) {
        gone.add(id);
      }
    }
    blocks.unreadable.retainAll(listed);
    for (String id : gone) {
      blocks.metas.remove(id);
      forget(tenant, id);
    }
    List<String> missing = new ArrayList<>();
    for (String id : listed) {
      if (!blocks.metas.containsKey(id) && !blocks.unreadable.contains(id)) {
        missing.add(id);
      }
    }
    Map<String, byte[]> fetched = new ConcurrentHashMap<>();
    // A meta deleted between the listing and now (retention, compaction) is simply not visible.
    Parallel.forEach(missing, id -> metaBytes(tenant, id).ifPresent(b -> fetched.put(id, b)));
    for (String id : missing) {
      byte[] bytes = fetched.get(id);
      if (bytes != null) {
        add(blocks, tenant, id, BlockKeys.metaKey(tenant, id), bytes);
      }
    }
  }

  /**
   * A meta from local disk, else from the bucket (kept on disk then): a block id always names the
   * same block, so a restarted reader lists the bucket once and fetches only metas it never saw.
   */
  private Optional<byte[]> metaBytes(String tenant, String id) {
    Path file = directory.resolve(tenant).resolve(id + ".json");
    try {
      byte[] local = Files.readAllBytes(file);
      BlockMeta.fromJson(local);
      return Optional.of(local);
    } catch (NoSuchFileException e) {
      // Never fetched: the usual case.
    } catch (IOException | IllegalArgumentException e) {
      LOG.log(
          Level.WARNING,
          "cached meta {0} is unreadable ({1}); fetching it again",
          file,
          e.getMessage());
    }
    Optional<byte[]> bytes = storage.get(BlockKeys.metaKey(tenant, id));
    bytes.ifPresent(b -> CacheFiles.keep(file, b, "meta"));
    return bytes;
  }

  private void forget(String tenant, String id) {
    try {
      Files.deleteIfExists(directory.resolve(tenant).resolve(id + ".json"));
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "could not delete cached meta of {0}/{1}: {2}",
          tenant,
          id,
          e.getMessage());
    }
    onRemoved.accept(tenant, id);
  }

  private static void add(TenantBlocks blocks, String tenant, String id, String key, byte[] bytes) {
    try {
      BlockMeta meta = BlockMeta.fromJson(bytes);
      if (!meta.id().equals(id) || !meta.tenant().equals(tenant)) {
        throw new IllegalArgumentException(
            "it describes block " + meta.id() + " of tenant " + meta.tenant());
      }
      blocks.metas.put(id, meta);
    } catch (IllegalArgumentException e) {
      blocks.unreadable.add(id);
      LOG.log(
          Level.ERROR,
          "block meta {0} is unreadable, so the block is not served: {1}; fix or delete the object",
          key,
          e.getMessage());
    }
  }

  /** A block this process just uploaded: visible to its next read, without a listing. */
  void added(BlockMeta meta) {
    TenantBlocks blocks = tenants.computeIfAbsent(meta.tenant(), name -> new TenantBlocks());
    synchronized (blocks) {
      blocks.metas.put(meta.id(), meta);
    }
  }

  /** A block this process deleted. */
  void removed(String tenant, String id) {
    TenantBlocks blocks = tenants.get(tenant);
    if (blocks != null) {
      synchronized (blocks) {
        blocks.metas.remove(id);
      }
    }
    forget(tenant, id);
  }

  /** Metas found unreadable, over all tenants (for health and metrics). */
  int unreadable() {
    int count = 0;
    for (TenantBlocks blocks : tenants.values()) {
      synchronized (blocks) {
        count += blocks.unreadable.size();
      }
    }
    return count;
  }
}
