package dev.hopscope.store.embedded;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.TenantNames;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.internal.Catalog;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The default store: a WAL, an in-memory head and immutable columnar blocks per tenant under {@code
 * <dataDirectory>/tenants/<tenant>/}. Acknowledged writes survive a crash ({@link WalSync#FSYNC}).
 * One background thread cuts the head into blocks, another compacts and applies retention, so a
 * long merge never delays the cut that keeps the head bounded; the same steps are public for tools
 * and tests that run with {@code maintenanceInterval(Duration.ZERO)}.
 */
public final class EmbeddedTraceStore implements TraceStore {
  private static final System.Logger LOG = System.getLogger(EmbeddedTraceStore.class.getName());

  private final EmbeddedStoreConfig config;
  // Null when the configuration sets no byte limit.
  private final @Nullable DiskBudget diskBudget;
  private final Path tenantsDirectory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, TenantStore> tenants = new ConcurrentHashMap<>();
  // Both null with maintenanceInterval(Duration.ZERO): the caller runs the steps itself.
  private final @Nullable ScheduledExecutorService maintenance;
  private final @Nullable ScheduledExecutorService cutter;
  private final AtomicBoolean cutQueued = new AtomicBoolean();
  // Shared by every tenant's reads; its threads start with the first parallel read.
  private final ReadPool reads;
  private volatile boolean closed;

  private EmbeddedTraceStore(EmbeddedStoreConfig config) throws IOException {
    this.config = config;
    this.reads = ReadPool.of(config.readThreads());
    Path root = config.dataDirectory();
    Files.createDirectories(root);
    diskBudget =
        config.maxDiskBytes() == Long.MAX_VALUE
            ? null
            : new DiskBudget(root, config.maxDiskBytes(), config::nowNanos);
    lockChannel =
        FileChannel.open(root.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Another store in this JVM holds it.
      acquired = null;
    }
    if (acquired == null) {
      lockChannel.close();
      throw new StoreException(
          "data directory "
              + root
              + " is in use by another Hopscope store (this or another process); stop it or pass a different --data-dir");
    }
    lock = acquired;
    if (config.walSync() == WalSync.NONE) {
      LOG.log(
          Level.WARNING,
          "wal-sync=none: writes are acknowledged before they reach the disk, so a crash or power"
              + " loss LOSES acknowledged spans. Use it for benchmarks only, never in production.");
    }
    tenantsDirectory = root.resolve("tenants");
    Files.createDirectories(tenantsDirectory);
    try (Stream<Path> dirs = Files.list(tenantsDirectory)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String name = dir.getFileName().toString();
        tenants.put(name, TenantStore.open(name, dir, config, reads, this::requestCut));
      }
    }
    if (config.maintenanceInterval().isZero()) {
      maintenance = null;
      cutter = null;
    } else {
      maintenance = daemon("hopscope-compactor");
      cutter = daemon("hopscope-cutter");
      long every = config.maintenanceInterval().toMillis();
      maintenance.scheduleWithFixedDelay(
          this::compactAndRetainQuietly, every, every, TimeUnit.MILLISECONDS);
      cutter.scheduleWithFixedDelay(this::cutDueQuietly, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        task -> Thread.ofPlatform().daemon().name(name).unstarted(task));
  }

  /** Opens (creating if needed) the store in the configured data directory. */
  public static EmbeddedTraceStore open(EmbeddedStoreConfig config) {
    Objects.requireNonNull(config, "config");
    try {
      return new EmbeddedTraceStore(config);
    } catch (IOException e) {
      throw new StoreException(
          "could not open the store in " + config.dataDirectory() + ": " + e.getMessage(), e);
    }
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
    TenantStore store;
    try {
      if (diskBudget != null) {
        // About what a WAL record takes per span; admitted before anything is written.
        diskBudget.admit(batch.size() * 200L);
      }
      store =
          tenants.computeIfAbsent(
              tenant,
              name ->
                  TenantStore.open(
                      name, tenantsDirectory.resolve(name), config, reads, this::requestCut));
      return store.write(batch);
    } catch (StoreException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      String message = e.getMessage();
      return CompletableFuture.failedFuture(
          new StoreException(message != null ? message : e.toString(), e));
    }
  }

  private void requestCut() {
    if (cutter != null && cutQueued.compareAndSet(false, true)) {
      cutter.execute(
          () -> {
            cutQueued.set(false);
            cutDueQuietly();
          });
    }
  }

  private void cutDueQuietly() {
    for (TenantStore store : tenants.values()) {
      try {
        store.cutIfDue();
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "tenant " + store.name + ": cutting a block failed; retrying", e);
      }
    }
  }

  /** Reads for a tenant that never wrote see an empty store. */
  private Optional<TenantStore> tenant(String tenant) {
    TenantNames.requireValid(tenant);
    if (closed) {
      throw new StoreException("the store is closed");
    }
    return Optional.ofNullable(tenants.get(tenant));
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    return tenant(tenant).flatMap(store -> store.reader().trace(traceId));
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    Objects.requireNonNull(request, "request");
    return tenant(tenant).map(store -> store.reader().search(request)).orElse(Stream.empty());
  }

  /** Blocks keep cells from when they are cut; a block written before that makes this false. */
  @Override
  public boolean spanCells(
      String tenant, long firstGrain, long endGrain, Consumer<SpanCell> visitor) {
    Objects.requireNonNull(visitor, "visitor");
    return tenant(tenant)
        .map(
            store ->
                store.reader().catalog(s -> TenantCells.visit(s, firstGrain, endGrain, visitor)))
        .orElse(true);
  }

  /**
   * Blocks keep digests from when they are cut or compacted with the configured digester; the head
   * is digested when asked. A block written without one makes this false.
   */
  @Override
  public boolean traceDigests(
      String tenant, String digest, TimeRange range, Consumer<byte[]> visitor) {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(visitor, "visitor");
    if (config.digester().map(d -> !d.name().equals(digest)).orElse(true)) {
      return false;
    }
    return tenant(tenant)
        .map(store -> store.reader().catalog(s -> store.digests().visit(s, digest, range, visitor)))
        .orElse(true);
  }

  @Override
  public boolean spans(
      String tenant, TimeRange range, List<SearchHint> hints, Consumer<Span> visitor) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(hints, "hints");
    Objects.requireNonNull(visitor, "visitor");
    tenant(tenant).ifPresent(store -> store.reader().spans(range, hints, visitor));
    return true;
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    Objects.requireNonNull(range, "range");
    return tenant(tenant)
        .map(store -> List.copyOf(store.reader().catalog(s -> TenantCatalog.services(s, range))))
        .orElse(List.of());
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(range, "range");
    return tenant(tenant)
        .map(
            store ->
                List.copyOf(
                    store.reader().catalog(s -> TenantCatalog.operations(s, service, range))))
        .orElse(List.of());
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    Objects.requireNonNull(range, "range");
    return tenant(tenant)
        .map(
            store ->
                List.copyOf(store.reader().catalog(s -> TenantCatalog.attributeNames(s, range))))
        .orElse(List.of());
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    Catalog.requirePositiveLimit(limit);
    Catalog.ScopedName name = Catalog.parse(scopedName);
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(range, "range");
    return tenant(tenant)
        .map(
            store ->
                Catalog.firstN(
                    store
                        .reader()
                        .catalog(s -> TenantCatalog.attributeValues(s, name, prefix, range)),
                    limit))
        .orElse(List.of());
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(consumer, "consumer");
    scan(tenant, range, Integer.MAX_VALUE, consumer);
  }

  @Override
  public boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(consumer, "consumer");
    return tenant(tenant).map(store -> store.reader().scan(range, limit, consumer)).orElse(false);
  }

  /** Cuts every tenant's head into blocks now, whatever its size or age. */
  public void flush() {
    for (TenantStore store : tenants.values()) {
      store.cut();
    }
  }

  /** Merges every tenant's small blocks now, whatever their size class; returns merges done. */
  public int compact() {
    int merges = 0;
    for (TenantStore store : tenants.values()) {
      merges += store.compact();
    }
    return merges;
  }

  /**
   * What the maintenance thread runs: the open window merged a filled block at a time (see
   * CompactionPlan).
   */
  int compactInBackground() {
    long now = config.nowNanos();
    int merges = 0;
    for (TenantStore store : tenants.values()) {
      merges += store.compactInBackground(now);
    }
    return merges;
  }

  /**
   * Drops blocks past their tenant's retention age, then the oldest blocks while over the size
   * limits.
   */
  public int enforceRetention() {
    long now = config.nowNanos();
    int dropped = 0;
    for (Map.Entry<String, TenantStore> tenant : tenants.entrySet()) {
      long cutoff = now - config.retention(tenant.getKey()).toNanos();
      dropped += tenant.getValue().dropOlderThan(cutoff);
    }
    return dropped + SizeRetention.enforce(tenants, config);
  }

  /** One round of background work: cut what is due, compact, apply retention. */
  public void maintain() {
    for (TenantStore store : tenants.values()) {
      store.cutIfDue();
    }
    compactInBackground();
    enforceRetention();
  }

  private void compactAndRetainQuietly() {
    try {
      compactInBackground();
      enforceRetention();
    } catch (RuntimeException e) {
      // The next round retries; a failure here must not stop the schedule.
      LOG.log(
          Level.ERROR, "store maintenance failed; retrying in " + config.maintenanceInterval(), e);
    }
  }

  /** Sizes and counts for {@code /metrics}. */
  public StoreStats stats() {
    Map<String, StoreStats.TenantStats> out = new HashMap<>();
    long quarantined = 0;
    for (TenantStore store : tenants.values()) {
      StoreStats.TenantStats stats = store.stats();
      out.put(store.name, stats);
      quarantined += stats.quarantinedBlocks();
    }
    return new StoreStats(out, quarantined);
  }

  /**
   * Per tenant, the WAL ranges replay found damaged when the store opened (torn tails, which were
   * never acknowledged, excluded): each was skipped, logged and its segment copied to quarantine.
   */
  public Map<String, List<WalDamage>> walDamage() {
    Map<String, List<WalDamage>> out = new HashMap<>();
    for (TenantStore store : tenants.values()) {
      List<WalDamage> damage = store.walDamage();
      if (!damage.isEmpty()) {
        out.put(store.name, damage);
      }
    }
    return out;
  }

  @Override
  public HealthCheck check() {
    List<String> problems = new ArrayList<>();
    if (closed) {
      problems.add("the store is closed");
    }
    if (!Files.isWritable(config.dataDirectory())) {
      problems.add(
          "data directory " + config.dataDirectory() + " is not writable; fix its permissions");
    }
    for (TenantStore store : tenants.values()) {
      String problem = store.problem();
      if (problem != null) {
        problems.add(problem);
      }
    }
    return new HealthCheck(problems);
  }

  @Override
  public List<String> tenants() {
    List<String> out = new ArrayList<>();
    tenants.forEach(
        (name, store) -> {
          if (store.hasData()) {
            out.add(name);
          }
        });
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ScheduledExecutorService executor : new ScheduledExecutorService[] {cutter, maintenance}) {
      if (executor != null) {
        executor.shutdown();
        try {
          executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    for (TenantStore store : tenants.values()) {
      store.close();
    }
    reads.close();
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not release the data directory lock: " + e.getMessage());
    }
  }
}
