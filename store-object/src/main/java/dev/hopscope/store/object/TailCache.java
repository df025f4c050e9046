package dev.hopscope.store.object;

import dev.hopscope.store.embedded.internal.block.BlockTail;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Block tails (tables, footer with bloom filter and sparse index, trailer), one ranged GET each,
 * then kept parsed in memory and raw on local disk: a warm trace-by-id checks every block's bloom
 * filter without a request, and a restarted querier starts warm. A tail is immutable (a block id
 * always names the same bytes, checked against the meta's CRC), so it is never fetched twice.
 */
final class TailCache {
  private static final System.Logger LOG = System.getLogger(TailCache.class.getName());

  private final ObjectStorage storage;
  private final Path directory;
  private final Map<String, BlockTail> parsed = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> loading = new ConcurrentHashMap<>();

  TailCache(ObjectStorage storage, Path directory) {
    this.storage = storage;
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the tail cache " + directory, e);
    }
  }

  private static String key(BlockMeta meta) {
    return meta.tenant() + "/" + meta.id();
  }

  private Path file(String tenant, String id) {
    return directory.resolve(tenant).resolve(id + ".tail");
  }

  /** The block's tail: from memory, else local disk, else one ranged GET. */
  BlockTail get(BlockMeta meta) {
    String key = key(meta);
    BlockTail tail = parsed.get(key);
    if (tail != null) {
      return tail;
    }
    // A lock, not a monitor: loads run on virtual threads (Parallel), which a monitor held across
    // network I/O would pin to their carrier on Java 21.
    ReentrantLock lock = loading.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      tail = parsed.get(key);
      if (tail == null) {
        tail = load(meta);
        parsed.put(key, tail);
      }
      return tail;
    } finally {
      lock.unlock();
    }
  }

  private BlockTail load(BlockMeta meta) {
    Path file = file(meta.tenant(), meta.id());
    try {
      byte[] local = Files.readAllBytes(file);
      return check(meta, BlockTail.parse(file, meta.bytes(), meta.tailOffset(), local));
    } catch (NoSuchFileException e) {
      // Not fetched before: the usual cold case.
    } catch (IOException | CorruptBlockException e) {
      LOG.log(
          Level.WARNING,
          "cached tail {0} is unreadable ({1}); fetching it again",
          file,
          e.getMessage());
    }
    String dataKey = BlockKeys.dataKey(meta.tenant(), meta.id());
    byte[] bytes = storage.getRange(dataKey, meta.tailOffset(), meta.tailLength());
    BlockTail tail = check(meta, BlockTail.parse(file, meta.bytes(), meta.tailOffset(), bytes));
    CacheFiles.keep(file, bytes, "tail");
    return tail;
  }

  private static BlockTail check(BlockMeta meta, BlockTail tail) {
    if (tail.fileCrc() != meta.fileCrc32c()) {
      throw new CorruptBlockException(
          Path.of(BlockKeys.dataKey(meta.tenant(), meta.id())),
          "its trailer's file CRC "
              + Integer.toHexString(tail.fileCrc())
              + " differs from meta.json's "
              + Integer.toHexString(meta.fileCrc32c())
              + "; the data object was replaced by different bytes under the same block id");
    }
    return tail;
  }

  /** Forgets a block's tail (deleted, or found corrupt). */
  void evict(String tenant, String id) {
    parsed.remove(tenant + "/" + id);
    try {
      Files.deleteIfExists(file(tenant, id));
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "could not delete cached tail of {0}/{1}: {2}",
          tenant,
          id,
          e.getMessage());
    }
  }

  int size() {
    return parsed.size();
  }
}
