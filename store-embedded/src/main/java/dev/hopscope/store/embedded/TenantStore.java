package dev.hopscope.store.embedded;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.StoreOverloadedException;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.head.Head;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import dev.hopscope.store.embedded.internal.wal.WalRecordCodec;
import dev.hopscope.store.embedded.internal.wal.WalReplay;
import dev.hopscope.store.embedded.internal.wal.WalSegments;
import dev.hopscope.store.embedded.internal.wal.WalWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's engine in its own directory: {@code wal/}, {@code blocks/}, {@code quarantine/} and
 * the {@code MANIFEST}. Writes go WAL then head; cuts run one at a time under {@link #cutLock},
 * compaction and retention one at a time under {@link #maintenance}; the {@link BlockSet} owns the
 * manifest and the live blocks, which readers copy into a {@link Snapshot}.
 */
final class TenantStore implements TenantReader.Owner, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TenantStore.class.getName());

  final String name;
  private final Path walDirectory;
  private final Path quarantineDirectory;
  private final List<WalDamage> walDamage = new ArrayList<>();
  private final EmbeddedStoreConfig config;
  private final Head head = new Head();
  private final BlockSet blocks;
  // Cuts and merges take different locks so that a long merge never holds up the cut that keeps
  // the head bounded; BlockSet serialises their changes to the block list.
  private final ReentrantLock cutLock = new ReentrantLock();
  private final ReentrantLock maintenance = new ReentrantLock();
  private final WalWriter wal;
  private final TenantReader reader = new TenantReader(this);
  private final TenantDigests digests;
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong mergeWaitNanos = new AtomicLong();
  private final AtomicLong droppedByRetention = new AtomicLong();
  private final Runnable cutRequest;
  private final ReadPool reads;

  /** The head may hold this many times blockMaxSpans before writes are refused. */
  private static final int HEAD_LIMIT_FACTOR = 4;

  private TenantStore(
      String name, Path directory, EmbeddedStoreConfig config, ReadPool reads, Runnable cutRequest)
      throws IOException {
    this.name = name;
    this.reads = reads;
    this.config = config;
    this.cutRequest = cutRequest;
    this.digests = new TenantDigests(config.digester());
    this.walDirectory = directory.resolve("wal");
    this.quarantineDirectory = directory.resolve("quarantine");
    Files.createDirectories(walDirectory);
    blocks = BlockSet.open(name, directory);
    long lastSegment = replayWal();
    wal =
        new WalWriter(
            walDirectory,
            Math.max(lastSegment, blocks.walCheckpoint()) + 1,
            config.walSync() == WalSync.FSYNC,
            (segment, batch) -> head.add(segment, (SpanBatch) batch, config.nowNanos()),
            name);
  }

  static TenantStore open(
      String name,
      Path directory,
      EmbeddedStoreConfig config,
      ReadPool reads,
      Runnable cutRequest) {
    try {
      return new TenantStore(name, directory, config, reads, cutRequest);
    } catch (IOException e) {
      throw new StoreException(
          "could not open tenant " + name + " in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Replays segments not yet in blocks into the head; returns the highest segment id seen. */
  private long replayWal() throws IOException {
    long last = 0;
    for (long id : WalSegments.list(walDirectory)) {
      last = Math.max(last, id);
      Path segment = WalSegments.path(walDirectory, id);
      if (id <= blocks.walCheckpoint()) {
        Files.deleteIfExists(segment);
        continue;
      }
      WalReplay.Result result =
          WalReplay.replay(
              segment,
              quarantineDirectory,
              payload -> head.add(id, WalRecordCodec.decode(payload), config.nowNanos()));
      walDamage.addAll(result.losses());
      LOG.log(
          Level.DEBUG,
          "tenant {0}: replayed {1} records from {2}",
          name,
          result.records(),
          segment);
    }
    return last;
  }

  CompletableFuture<Void> write(SpanBatch batch) {
    long headSpans = head.spanCount();
    long limit = (long) config.blockMaxSpans() * HEAD_LIMIT_FACTOR;
    if (!config.maintenanceInterval().isZero() && headSpans >= limit) {
      // Cutting has fallen behind ingest; refusing keeps memory bounded and tells the client to
      // retry (receivers answer 503 with Retry-After) instead of queueing without limit.
      return CompletableFuture.failedFuture(
          new StoreOverloadedException(
              "tenant "
                  + name
                  + ": "
                  + headSpans
                  + " spans wait to be cut into blocks (limit "
                  + limit
                  + ", 4 x blockMaxSpans); retry shortly, or raise blockMaxSpans if this"
                  + " persists"));
    }
    byte[] payload = WalRecordCodec.encode(batch);
    return wal.append(payload, batch.size(), batch)
        .thenApply(
            segment -> {
              if (head.spanCount() >= config.blockMaxSpans()) {
                cutRequest.run();
              }
              return null;
            });
  }

  TenantDigests digests() {
    return digests;
  }

  TenantReader reader() {
    return reader;
  }

  @Override
  public Snapshot snapshot() {
    return blocks.snapshot(head::generations, reads);
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
    cutLock.lock();
    try {
      long segment = wal.rotate().join();
      List<HeadGeneration> generations = head.upTo(segment);
      Path path = blocks.blockDirectory().resolve(blocks.reserveFileName());
      long rows = BlockFiles.writeHead(path, generations, config);
      Block block;
      try {
        block = rows == 0 ? null : Block.open(path);
      } catch (CorruptBlockException e) {
        // The block just written fails its own checks (a writer bug): its spans are still in the
        // head and the WAL. Deleted now, or every retry of the cut would leave one more file.
        Files.deleteIfExists(path);
        throw e;
      }
      blocks.addCut(block, segment, () -> head.remove(generations));
      for (long id : WalSegments.list(walDirectory)) {
        if (id <= segment) {
          Files.deleteIfExists(WalSegments.path(walDirectory, id));
        }
      }
    } catch (IOException e) {
      throw new StoreException(
          "tenant " + name + ": could not cut the head into a block: " + e.getMessage(), e);
    } finally {
      cutLock.unlock();
    }
  }

  /** Merges every window's small blocks now; returns the number of merges done. */
  int compact() {
    return compact(CompactionPlan.full(blocks.live(), config));
  }

  /** The background policy: filled runs in the open window, closed windows fully. */
  int compactInBackground(long nowNanos) {
    return compact(CompactionPlan.background(blocks.live(), config, nowNanos));
  }

  private int compact(List<List<Block>> plan) {
    maintenance.lock();
    try {
      int merges = 0;
      for (int i = 0; i < plan.size(); i++) {
        // Only the last merge due steps aside for reads (MergePace says why).
        MergePace pace = i == plan.size() - 1 ? MergePace.yieldingTo(reads) : MergePace.fullSpeed();
        if (merge(plan.get(i), pace)) {
          merges++;
        }
        mergeWaitNanos.addAndGet(pace.waitedNanos());
      }
      return merges;
    } finally {
      maintenance.unlock();
    }
  }

  private boolean merge(List<Block> candidates, MergePace pace) {
    List<Block> inputs = new ArrayList<>();
    for (Block block : candidates) {
      if (block.acquire()) {
        inputs.add(block);
      }
    }
    try {
      if (inputs.size() < 2) {
        return false;
      }
      Path path = blocks.blockDirectory().resolve(blocks.reserveFileName());
      Block merged;
      try {
        BlockMerger.merge(inputs, path, config, pace);
        merged = Block.open(path);
      } catch (CorruptBlockException e) {
        quarantine(e);
        Files.deleteIfExists(path);
        return false;
      } catch (StoreException e) {
        // A read error or a decode bug in an input fails this merge only: the inputs stay live,
        // the next round tries again, and the other merges and retention still run.
        LOG.log(Level.ERROR, "tenant " + name + ": merging " + inputs + " failed; kept them", e);
        Files.deleteIfExists(path);
        return false;
      }
      // An input quarantined meanwhile is not retired twice; its rows in the merged block passed
      // the merge's checksums, so they are kept.
      blocks.replace(inputs, List.of(merged));
      compactions.incrementAndGet();
      return true;
    } catch (IOException e) {
      throw new StoreException("tenant " + name + ": compaction failed: " + e.getMessage(), e);
    } finally {
      inputs.forEach(Block::release);
    }
  }

  /** Drops blocks whose newest span ended before the cutoff; returns how many. */
  int dropOlderThan(long cutoffNanos) {
    maintenance.lock();
    try {
      List<Block> expired = new ArrayList<>();
      for (Block block : blocks.live()) {
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
      int dropped = blocks.replace(expired, List.of());
      droppedByRetention.addAndGet(dropped);
      LOG.log(Level.INFO, "tenant {0}: dropped {1} blocks {2}", name, dropped, reason);
    } catch (IOException e) {
      throw new StoreException("tenant " + name + ": retention failed: " + e.getMessage(), e);
    } finally {
      maintenance.unlock();
    }
  }

  List<Block> blocks() {
    return blocks.live();
  }

  @Override
  public void quarantine(CorruptBlockException problem) {
    blocks.quarantine(problem);
  }

  @Override
  public void quarantine(Block block, CorruptBlockException problem) {
    blocks.quarantine(block, problem);
  }

  StoreStats.TenantStats stats() {
    long blockBytes = 0;
    long blockSpans = 0;
    List<Block> live = blocks.live();
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
        blocks.quarantined(),
        compactions.get(),
        mergeWaitNanos.get(),
        droppedByRetention.get(),
        walDamage.size(),
        walDamage.stream().mapToLong(d -> Math.max(0, d.spans())).sum());
  }

  /** Ranges of the WAL that replay found damaged when the store opened (torn tails excluded). */
  List<WalDamage> walDamage() {
    return List.copyOf(walDamage);
  }

  /**
   * A problem an operator must fix, or null when there is none. A failed WAL write refuses writes
   * until a new segment takes one, which the next write tries: freeing space is enough, no restart.
   */
  @Nullable String problem() {
    Throwable failure = wal.failure();
    return failure == null
        ? null
        : "tenant "
            + name
            + ": the write-ahead log failed ("
            + failure.getMessage()
            + "); writes are refused until it can write again. Free disk space or fix the volume;"
            + " writing resumes by itself";
  }

  boolean hasData() {
    return head.spanCount() > 0 || !blocks.live().isEmpty();
  }

  @Override
  public void close() {
    cutLock.lock();
    maintenance.lock();
    try {
      wal.close();
      blocks.close();
    } finally {
      maintenance.unlock();
      cutLock.unlock();
    }
  }
}
