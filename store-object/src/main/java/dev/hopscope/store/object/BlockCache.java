package dev.hopscope.store.object;

import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Whole block files downloaded to local disk and opened with the engine's reader, least recently
 * used out once they hold more than the byte budget. Evicting deletes the file and drops the
 * cache's reference: a read still holding the block keeps reading the unlinked file until it
 * releases it, so the disk may exceed the budget by the blocks of reads in flight. Emptied at
 * start: a cached copy of a block that was deleted meanwhile must not outlive it.
 */
final class BlockCache implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BlockCache.class.getName());

  private final ObjectStorage storage;
  private final Path directory;
  private final long maxBytes;
  private final LinkedHashMap<String, Block> blocks = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<String, ReentrantLock> downloading = new ConcurrentHashMap<>();
  private long bytes;
  private final AtomicLong downloads = new AtomicLong();

  BlockCache(ObjectStorage storage, Path directory, long maxBytes) {
    this.storage = storage;
    this.directory = directory;
    this.maxBytes = maxBytes;
    try {
      deleteTree(directory);
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the block cache " + directory, e);
    }
  }

  private static String key(BlockMeta meta) {
    return meta.tenant() + "/" + meta.id();
  }

  /**
   * The block opened from its local copy with a reference for the caller, or null if not cached.
   */
  @Nullable Block acquireIfCached(BlockMeta meta) {
    synchronized (blocks) {
      Block block = blocks.get(key(meta));
      return block != null && block.acquire() ? block : null;
    }
  }

  /**
   * The block with a reference for the caller, downloaded first when not cached. A copy that fails
   * its checksums is fetched once more (a transfer gone wrong); failing again, the bucket's copy is
   * bad and {@link CorruptBlockException} says so.
   */
  Block acquire(BlockMeta meta) {
    Block cached = acquireIfCached(meta);
    if (cached != null) {
      return cached;
    }
    String key = key(meta);
    // A lock, not a monitor: downloads run on virtual threads (Parallel), which a monitor held
    // across network I/O would pin to their carrier on Java 21.
    ReentrantLock lock = downloading.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      cached = acquireIfCached(meta);
      if (cached != null) {
        return cached;
      }
      Block block;
      try {
        block = download(meta);
      } catch (CorruptBlockException first) {
        LOG.log(
            Level.WARNING,
            "downloaded block {0} is corrupt ({1}); fetching it again",
            key,
            first.getMessage());
        block = download(meta);
      }
      block.acquire();
      add(key, block);
      return block;
    } finally {
      lock.unlock();
    }
  }

  private Block download(BlockMeta meta) {
    Path file = directory.resolve(meta.tenant()).resolve(meta.id() + ".blk");
    Path temp = file.resolveSibling(meta.id() + "." + UUID.randomUUID() + ".part");
    try {
      Files.createDirectories(file.getParent());
      downloads.incrementAndGet();
      storage.download(BlockKeys.dataKey(meta.tenant(), meta.id()), temp);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try {
        return Block.open(file);
      } catch (CorruptBlockException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep block " + key(meta) + " in " + file, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // A leftover .part file is removed at the next start.
      }
    }
  }

  private void add(String key, Block block) {
    List<Block> evicted = new ArrayList<>();
    synchronized (blocks) {
      Block previous = blocks.put(key, block);
      if (previous != null) {
        bytes -= previous.sizeBytes();
        evicted.add(previous);
      }
      bytes += block.sizeBytes();
      Iterator<Map.Entry<String, Block>> eldest = blocks.entrySet().iterator();
      while (bytes > maxBytes && eldest.hasNext()) {
        Map.Entry<String, Block> entry = eldest.next();
        if (entry.getValue() == block) {
          // The one just added stays even when it alone exceeds the budget: a read needs it.
          continue;
        }
        bytes -= entry.getValue().sizeBytes();
        evicted.add(entry.getValue());
        eldest.remove();
      }
    }
    evicted.forEach(BlockCache::retire);
  }

  /** Drops a block's local copy (deleted from the bucket, or found corrupt while read). */
  void evict(String tenant, String id) {
    Block removed;
    synchronized (blocks) {
      removed = blocks.remove(tenant + "/" + id);
      if (removed != null) {
        bytes -= removed.sizeBytes();
      }
    }
    if (removed != null) {
      retire(removed);
    }
  }

  /** Drops the local copy of whichever cached block this is. */
  void evict(Block block) {
    String found = null;
    synchronized (blocks) {
      for (Map.Entry<String, Block> entry : blocks.entrySet()) {
        if (entry.getValue() == block) {
          found = entry.getKey();
        }
      }
    }
    if (found != null) {
      int slash = found.indexOf('/');
      evict(found.substring(0, slash), found.substring(slash + 1));
    }
  }

  private static void retire(Block block) {
    try {
      Files.deleteIfExists(block.file());
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, "could not delete cached block {0}: {1}", block.file(), e.getMessage());
    }
    block.release();
  }

  long downloads() {
    return downloads.get();
  }

  long bytes() {
    synchronized (blocks) {
      return bytes;
    }
  }

  @Override
  public void close() {
    List<Block> all;
    synchronized (blocks) {
      all = new ArrayList<>(blocks.values());
      blocks.clear();
      bytes = 0;
    }
    all.forEach(BlockCache::retire);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
