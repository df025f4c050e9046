package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.embedded.block.Block;
import dev.hopscope.store.embedded.block.CorruptBlockException;
import dev.hopscope.store.embedded.head.Head;
import dev.hopscope.store.embedded.head.HeadGeneration;
import dev.hopscope.store.embedded.wal.Fsync;
import dev.hopscope.store.embedded.wal.WalRecordCodec;
import dev.hopscope.store.embedded.wal.WalReplay;
import dev.hopscope.store.embedded.wal.WalSegments;
import dev.hopscope.store.embedded.wal.WalWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * One tenant's engine in its own directory: {@code wal/}, {@code blocks/}, {@code quarantine/} and
 * the {@code MANIFEST}. Writes go WAL then head; maintenance (cut, compaction, retention) runs one
 * step at a time under {@link #maintenance}; {@link #state} guards the manifest and the live block
 * list, which readers copy into a {@link Snapshot}.
 */
final class TenantStore implements TenantReader.Owner, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TenantStore.class.getName());

  final String name;
  private final Path walDirectory;
  private final Path blockDirectory;
  private final Path quarantineDirectory;
  private final Path directory;
  private final EmbeddedStoreConfig config;
  private final Head head = new Head();
  private final Object state = new Object();
  private final ReentrantLock maintenance = new ReentrantLock();
  private final WalWriter wal;
  private final TenantReader reader = new TenantReader(this);
  private final AtomicLong quarantined = new AtomicLong();
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong droppedByRetention = new AtomicLong();
  private final Runnable cutRequest;
  private Manifest manifest;
  private List<Block> blocks = List.of();

  private TenantStore(String name, Path directory, EmbeddedStoreConfig config, Runnable cutRequest)
      throws IOException {
    this.name = name;
    this.directory = directory;
    this.config = config;
    this.cutRequest = cutRequest;
    this.walDirectory = directory.resolve("wal");
    this.blockDirectory = directory.resolve("blocks");
    this.quarantineDirectory = directory.resolve("quarantine");
    Files.createDirectories(walDirectory);
    Files.createDirectories(blockDirectory);
    Files.createDirectories(quarantineDirectory);
    quarantined.set(countFiles(quarantineDirectory));
    manifest = Manifest.read(directory);
    openBlocks();
    long lastSegment = replayWal();
    wal =
        new WalWriter(
            walDirectory,
            Math.max(lastSegment, manifest.walCheckpoint()) + 1,
            config.walSync() == WalSync.FSYNC,
            (segment, batch) -> head.add(segment, (SpanBatch) batch, config.nowNanos()),
            name);
  }

  static TenantStore open(
      String name, Path directory, EmbeddedStoreConfig config, Runnable cutRequest) {
    try {
      return new TenantStore(name, directory, config, cutRequest);
    } catch (IOException e) {
      throw new StoreException(
          "could not open tenant " + name + " in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static long countFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  /** Opens the manifest's blocks, quarantines bad ones and deletes files no manifest names. */
  private void openBlocks() throws IOException {
    List<Block> opened = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (String file : manifest.blocks()) {
      Path path = blockDirectory.resolve(file);
      try {
        opened.add(Block.open(path));
        kept.add(file);
      } catch (CorruptBlockException e) {
        moveToQuarantine(path, e);
      } catch (NoSuchFileException e) {
        LOG.log(
            Level.ERROR,
            "tenant {0}: block {1} is in the manifest but missing; its spans are lost",
            name,
            path);
      }
    }
    Set<String> live = new HashSet<>(kept);
    try (Stream<Path> files = Files.list(blockDirectory)) {
      for (Path file : files.toList()) {
        String fileName = file.getFileName().toString();
        if (!live.contains(fileName)) {
          // Written by a cut or a merge that crashed before the manifest named it: its spans are
          // still in the WAL or in the blocks it was merged from.
          Files.deleteIfExists(file);
          LOG.log(Level.INFO, "tenant {0}: deleted unreferenced block file {1}", name, file);
        }
      }
    }
    blocks = List.copyOf(opened);
    if (kept.size() != manifest.blocks().size()) {
      manifest = manifest.withBlocks(kept, manifest.walCheckpoint(), manifest.nextBlockId());
      manifest.write(directory);
    }
  }

  /** Replays segments not yet in blocks into the head; returns the highest segment id seen. */
  private long replayWal() throws IOException {
    long last = 0;
    for (long id : WalSegments.list(walDirectory)) {
      last = Math.max(last, id);
      Path segment = WalSegments.path(walDirectory, id);
      if (id <= manifest.walCheckpoint()) {
        Files.deleteIfExists(segment);
        continue;
      }
      int records =
          WalReplay.replay(
              segment, payload -> head.add(id, WalRecordCodec.decode(payload), config.nowNanos()));
      LOG.log(Level.DEBUG, "tenant {0}: replayed {1} records from {2}", name, records, segment);
    }
    return last;
  }

  CompletableFuture<Void> write(SpanBatch batch) {
    byte[] payload = WalRecordCodec.encode(batch);
    return wal.append(payload, batch)
        .thenApply(
            segment -> {
              if (head.spanCount() >= config.blockMaxSpans()) {
                cutRequest.run();
              }
              return null;
            });
  }

  TenantReader reader() {
    return reader;
  }

  @Override
  public Snapshot snapshot() {
    synchronized (state) {
      List<Block> held = new ArrayList<>(blocks.size());
      for (Block block : blocks) {
        if (block.acquire()) {
          held.add(block);
        }
      }
      return new Snapshot(head.generations(), held);
    }
  }

  /** Cuts the head into a block when it is big or old enough; returns true if it cut. */
  boolean cutIfDue() {
    boolean big = head.spanCount() >= config.blockMaxSpans();
    boolean old = config.nowNanos() - head.oldestCreatedNanos() >= config.blockMaxAge().toNanos();
    if (big || (old && head.spanCount() > 0)) {
      cut();
      return true;
    }
    return false;
  }

  /** Moves everything acknowledged so far into a durable block, then drops its WAL segments. */
  void cut() {
    maintenance.lock();
    try {
      long segment = wal.rotate().join();
      List<HeadGeneration> generations = head.upTo(segment);
      long blockId;
      synchronized (state) {
        blockId = manifest.nextBlockId();
      }
      String file = BlockFiles.name(blockId);
      Path path = blockDirectory.resolve(file);
      long rows = BlockFiles.writeHead(path, generations, config);
      Block block = rows == 0 ? null : Block.open(path);
      synchronized (state) {
        List<String> names = new ArrayList<>(manifest.blocks());
        List<Block> live = new ArrayList<>(blocks);
        if (block != null) {
          names.add(file);
          live.add(block);
        }
        Fsync.directory(blockDirectory);
        Manifest next = manifest.withBlocks(names, segment, blockId + 1);
        next.write(directory);
        manifest = next;
        blocks = List.copyOf(live);
        head.remove(generations);
      }
      for (long id : WalSegments.list(walDirectory)) {
        if (id <= segment) {
          Files.deleteIfExists(WalSegments.path(walDirectory, id));
        }
      }
    } catch (IOException e) {
      throw new StoreException(
          "tenant " + name + ": could not cut the head into a block: " + e.getMessage(), e);
    } finally {
      maintenance.unlock();
    }
  }

  /** Merges small blocks of one time window; returns the number of merges done. */
  int compact() {
    maintenance.lock();
    try {
      int merges = 0;
      for (List<Block> group : CompactionPlan.plan(currentBlocks(), config)) {
        if (merge(group)) {
          merges++;
        }
      }
      return merges;
    } finally {
      maintenance.unlock();
    }
  }

  private List<Block> currentBlocks() {
    synchronized (state) {
      return blocks;
    }
  }

  private boolean merge(List<Block> candidates) {
    List<Block> inputs = new ArrayList<>();
    long blockId;
    synchronized (state) {
      for (Block block : candidates) {
        if (blocks.contains(block) && block.acquire()) {
          inputs.add(block);
        }
      }
      blockId = manifest.nextBlockId();
      manifest = manifest.withBlocks(manifest.blocks(), manifest.walCheckpoint(), blockId + 1);
    }
    try {
      return inputs.size() >= 2 && mergeHeld(inputs, blockId);
    } finally {
      inputs.forEach(Block::release);
    }
  }

  private boolean mergeHeld(List<Block> inputs, long blockId) {
    String file = BlockFiles.name(blockId);
    Path path = blockDirectory.resolve(file);
    Block merged;
    try {
      BlockMerger.merge(inputs, path, config);
      merged = Block.open(path);
      Fsync.directory(blockDirectory);
    } catch (CorruptBlockException e) {
      quarantine(e);
      return false;
    } catch (IOException e) {
      throw new StoreException("tenant " + name + ": compaction failed: " + e.getMessage(), e);
    }
    replace(inputs, List.of(merged), file);
    compactions.incrementAndGet();
    return true;
  }

  /** Swaps blocks in the manifest and the live list atomically, then deletes the old files. */
  private void replace(List<Block> old, List<Block> added, String addedFile) {
    Set<Block> removed = new HashSet<>(old);
    List<Block> retired = new ArrayList<>();
    synchronized (state) {
      for (Block block : blocks) {
        if (removed.contains(block)) {
          retired.add(block);
        }
      }
      List<String> names = new ArrayList<>();
      List<Block> live = new ArrayList<>();
      for (Block block : blocks) {
        if (!removed.contains(block)) {
          live.add(block);
          names.add(block.file().getFileName().toString());
        }
      }
      if (addedFile != null) {
        names.add(addedFile);
      }
      live.addAll(added);
      Manifest next = manifest.withBlocks(names, manifest.walCheckpoint(), manifest.nextBlockId());
      next.write(directory);
      manifest = next;
      blocks = List.copyOf(live);
    }
    // Only blocks still live are retired here: a quarantine may have taken one meanwhile.
    for (Block block : retired) {
      try {
        Files.deleteIfExists(block.file());
      } catch (IOException e) {
        LOG.log(
            Level.WARNING,
            "tenant {0}: could not delete retired block {1}: {2}",
            name,
            block.file(),
            e.getMessage());
      }
      // Readers holding it keep reading the unlinked file until they release it.
      block.release();
    }
  }

  /** Drops blocks whose newest span ended before the cutoff; returns how many. */
  int dropOlderThan(long cutoffNanos) {
    maintenance.lock();
    try {
      List<Block> expired = new ArrayList<>();
      for (Block block : currentBlocks()) {
        if (block.maxEnd() < cutoffNanos) {
          expired.add(block);
        }
      }
      drop(expired, "older than the retention period");
      return expired.size();
    } finally {
      maintenance.unlock();
    }
  }

  void drop(List<Block> expired, String reason) {
    if (expired.isEmpty()) {
      return;
    }
    maintenance.lock();
    try {
      replace(expired, List.of(), null);
      droppedByRetention.addAndGet(expired.size());
      LOG.log(Level.INFO, "tenant {0}: dropped {1} blocks {2}", name, expired.size(), reason);
    } finally {
      maintenance.unlock();
    }
  }

  List<Block> blocks() {
    return currentBlocks();
  }

  @Override
  public void quarantine(CorruptBlockException problem) {
    Block found = null;
    for (Block block : currentBlocks()) {
      if (block.file().equals(problem.file())) {
        found = block;
      }
    }
    if (found != null) {
      quarantine(found, problem);
    }
  }

  @Override
  public void quarantine(Block block, RuntimeException problem) {
    synchronized (state) {
      if (!blocks.contains(block)) {
        return;
      }
      List<Block> live = new ArrayList<>(blocks);
      live.remove(block);
      List<String> names = new ArrayList<>(manifest.blocks());
      names.remove(block.file().getFileName().toString());
      Manifest next = manifest.withBlocks(names, manifest.walCheckpoint(), manifest.nextBlockId());
      next.write(directory);
      manifest = next;
      blocks = List.copyOf(live);
    }
    moveToQuarantine(block.file(), problem);
    block.release();
  }

  private void moveToQuarantine(Path file, RuntimeException problem) {
    Path target = quarantineDirectory.resolve(file.getFileName());
    try {
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
      Fsync.directory(quarantineDirectory);
      Fsync.directory(file.getParent());
    } catch (IOException e) {
      LOG.log(
          Level.ERROR,
          "tenant {0}: could not move corrupt block {1} aside: {2}",
          name,
          file,
          e.getMessage());
    }
    quarantined.incrementAndGet();
    LOG.log(
        Level.ERROR,
        "tenant {0}: quarantined corrupt block {1} to {2} ({3}); its spans are no longer served,"
            + " everything else is",
        name,
        file,
        target,
        problem.getMessage());
  }

  StoreStats.TenantStats stats() {
    long blockBytes = 0;
    long blockSpans = 0;
    List<Block> live = currentBlocks();
    for (Block block : live) {
      blockBytes += block.sizeBytes();
      blockSpans += block.rows();
    }
    long walBytes = 0;
    try (Stream<Path> files = Files.list(walDirectory)) {
      for (Path file : files.toList()) {
        try {
          walBytes += Files.size(file);
        } catch (NoSuchFileException e) {
          // Deleted by a cut between the listing and the size: it no longer counts.
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "tenant {0}: could not size the WAL: {1}", name, e.getMessage());
    }
    return new StoreStats.TenantStats(
        blockBytes,
        walBytes,
        live.size(),
        blockSpans,
        head.spanCount(),
        quarantined.get(),
        compactions.get(),
        droppedByRetention.get());
  }

  boolean hasData() {
    return head.spanCount() > 0 || !currentBlocks().isEmpty();
  }

  @Override
  public void close() {
    maintenance.lock();
    try {
      wal.close();
      synchronized (state) {
        for (Block block : blocks) {
          block.release();
        }
        blocks = List.of();
      }
    } finally {
      maintenance.unlock();
    }
  }
}
