package dev.hopscope.store.object;

import dev.hopscope.store.StoreException;
import dev.hopscope.store.TenantNames;
import dev.hopscope.store.embedded.BlockFileWriter;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One compactor's work on a bucket, a pass at a time: per tenant, retention, deletion of blocks
 * replaced longer than the grace ago, collection of data objects no meta ever named, then merges
 * ({@link CompactionPlanner}).
 *
 * <p>A merge downloads its inputs, merges them with the engine's own merge ({@link
 * BlockFileWriter#merge}: one run per trace, exact duplicates once), and uploads the result as a
 * block whose id is a hash of its inputs' ids, data first and the meta last with {@code
 * If-None-Match: *}; the meta lists the blocks it replaces, and readers hide those from the moment
 * it is listed ({@link Replacements}). Inputs are deleted a grace period later, not at once: a
 * querier that listed before the merged block appeared may still fetch them. Every step can be
 * redone: a crash before the meta leaves invisible data that the same merge overwrites; a crash
 * after it leaves inputs that are hidden and deleted by the next pass.
 *
 * <p>The caller's {@link Guard} is asked before each step that changes what readers see or deletes
 * anything; the compactor role answers from its lease, so a process that lost the lease stops
 * before its next change.
 */
public final class BlockCompactor {
  private static final System.Logger LOG = System.getLogger(BlockCompactor.class.getName());
  // The engine's and the block-builder's settings, so a merged block is like any other.
  private static final int ZSTD_LEVEL = 3;
  private static final int ROW_GROUP_ROWS = 1024;

  /** The steps a {@link Guard} is asked about. */
  public enum Step {
    /** Writing the meta that makes a merged block visible and hides its inputs. */
    PUBLISH_MERGED,
    /** Deleting a block a visible block replaced, after the grace. */
    DELETE_REPLACED,
    /** Deleting a block past its tenant's retention. */
    DELETE_EXPIRED,
    /** Deleting a data object without a meta, seen for longer than the grace. */
    DELETE_ORPHAN
  }

  /**
   * Says whether a step may go ahead; no stops the pass there (what a lost lease or a crash does).
   */
  @FunctionalInterface
  public interface Guard {
    boolean mayProceed(Step step, String tenant, String blockId);
  }

  /**
   * What a pass did.
   *
   * @param merges merged blocks written
   * @param blocksMerged input blocks those replaced
   * @param replacedDeleted replaced blocks deleted after the grace
   * @param expiredDeleted blocks deleted by retention
   * @param orphansDeleted data objects without a meta deleted
   * @param visibleBlocks blocks readers see after the pass, over every tenant
   * @param stopped whether the guard stopped the pass
   */
  public record Pass(
      int merges,
      int blocksMerged,
      int replacedDeleted,
      int expiredDeleted,
      int orphansDeleted,
      int visibleBlocks,
      boolean stopped) {}

  private final ObjectStorage storage;
  private final CompactionSettings settings;
  private final InstantSource clock;
  private final BlockCatalog catalog;
  private final BlockUploader uploader;
  private final Path work;
  // Inputs found corrupt: never merged again (readers already leave them out); retention removes
  // them in time.
  private final Set<String> corrupt = new HashSet<>();
  private final OrphanCollector orphans;

  public BlockCompactor(ObjectStorage storage, CompactionSettings settings, InstantSource clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.work = settings.workDirectory();
    emptyDirectory(work.resolve("merges"));
    this.catalog =
        new BlockCatalog(
            storage,
            work.resolve("metas"),
            () -> nanos(clock.instant()),
            Duration.ZERO,
            (tenant, id) -> {});
    this.uploader = new BlockUploader(storage, clock);
    this.orphans = new OrphanCollector(storage, settings.deleteGrace());
  }

  /** Where a running tally goes; a pass returns its totals. */
  private static final class Tally {
    int merges;
    int blocksMerged;
    int replacedDeleted;
    int expiredDeleted;
    int orphansDeleted;
    int visible;
  }

  /** One pass over every tenant in the bucket. */
  public Pass run(Guard guard) {
    Objects.requireNonNull(guard, "guard");
    Tally tally = new Tally();
    boolean stopped = false;
    for (String tenant : tenants()) {
      if (!tenant(tenant, guard, tally)) {
        stopped = true;
        break;
      }
    }
    return new Pass(
        tally.merges,
        tally.blocksMerged,
        tally.replacedDeleted,
        tally.expiredDeleted,
        tally.orphansDeleted,
        tally.visible,
        stopped);
  }

  private List<String> tenants() {
    List<String> out = new ArrayList<>();
    for (String name : storage.listPrefixes("")) {
      try {
        out.add(TenantNames.requireValid(name));
      } catch (IllegalArgumentException e) {
        // Not a tenant: the lease's prefix, or another application's in a shared bucket.
      }
    }
    return out;
  }

  /** Returns false when the guard stopped the pass. */
  private boolean tenant(String tenant, Guard guard, Tally tally) {
    Instant now = clock.instant();
    long nowNanos = nanos(now);
    List<BlockMeta> listed = new ArrayList<>(catalog.blocks(tenant));

    long cutoff = nowNanos - settings.retention().of(tenant).toNanos();
    List<BlockMeta> expired = new ArrayList<>();
    for (BlockMeta meta : listed) {
      if (meta.maxEndNanos() < cutoff) {
        expired.add(meta);
      }
    }
    for (BlockMeta meta : Replacements.deletionOrder(listed, expired)) {
      if (!guard.mayProceed(Step.DELETE_EXPIRED, tenant, meta.id())) {
        return false;
      }
      delete(tenant, meta);
      listed.remove(meta);
      tally.expiredDeleted++;
    }

    for (BlockMeta meta : replacedPastGrace(listed, now)) {
      if (!guard.mayProceed(Step.DELETE_REPLACED, tenant, meta.id())) {
        return false;
      }
      delete(tenant, meta);
      listed.remove(meta);
      tally.replacedDeleted++;
    }

    int collected =
        orphans.collect(tenant, now, id -> guard.mayProceed(Step.DELETE_ORPHAN, tenant, id));
    if (collected < 0) {
      return false;
    }
    tally.orphansDeleted += collected;

    List<BlockMeta> visible = Replacements.visible(listed, meta -> true);
    Set<String> listedIds = new HashSet<>();
    listed.forEach(meta -> listedIds.add(meta.id()));
    int visibleCount = visible.size();
    for (List<BlockMeta> inputs : CompactionPlanner.plan(visible, corrupt, settings, nowNanos)) {
      MergeOutcome outcome = merge(tenant, inputs, listedIds, guard);
      if (outcome == MergeOutcome.STOPPED) {
        tally.visible += visibleCount;
        return false;
      }
      if (outcome == MergeOutcome.DONE) {
        tally.merges++;
        tally.blocksMerged += inputs.size();
        visibleCount -= inputs.size() - 1;
      }
    }
    tally.visible += visibleCount;
    return true;
  }

  /** Hidden blocks whose replacing block appeared longer than the grace ago. */
  private List<BlockMeta> replacedPastGrace(List<BlockMeta> listed, Instant now) {
    Instant appearedBefore = now.minus(settings.deleteGrace());
    Set<String> due = new HashSet<>();
    for (BlockMeta meta : listed) {
      if (!meta.replaces().isEmpty() && !meta.createdAt().isAfter(appearedBefore)) {
        due.addAll(meta.replaces());
      }
    }
    List<BlockMeta> out = new ArrayList<>();
    for (BlockMeta meta : listed) {
      if (due.contains(meta.id())) {
        out.add(meta);
      }
    }
    return out;
  }

  /** Meta first, so the block leaves every listing at once; then its data. */
  private void delete(String tenant, BlockMeta meta) {
    storage.delete(BlockKeys.metaKey(tenant, meta.id()));
    storage.delete(BlockKeys.dataKey(tenant, meta.id()));
    catalog.removed(tenant, meta.id());
  }

  private enum MergeOutcome {
    DONE,
    FAILED,
    STOPPED
  }

  private MergeOutcome merge(
      String tenant, List<BlockMeta> inputs, Set<String> listedIds, Guard guard) {
    String id = mergedId(inputs);
    Path dir = work.resolve("merges").resolve(tenant + "-" + id);
    Map<Path, String> files = new HashMap<>();
    try {
      Files.createDirectories(dir);
      for (BlockMeta input : inputs) {
        Path file = dir.resolve(input.id() + ".blk");
        storage.download(BlockKeys.dataKey(tenant, input.id()), file);
        files.put(file, input.id());
      }
      Path merged = dir.resolve("merged.blk");
      List<Path> sources = new ArrayList<>(files.keySet());
      sources.sort(Comparator.naturalOrder());
      BlockFileWriter.merge(merged, sources, ZSTD_LEVEL, ROW_GROUP_ROWS);
      return uploader
          .upload(
              tenant,
              id,
              merged,
              metaInput(inputs, listedIds),
              () -> guard.mayProceed(Step.PUBLISH_MERGED, tenant, id))
          .map(
              meta -> {
                catalog.added(meta);
                LOG.log(
                    Level.INFO,
                    "tenant {0}: merged {1} blocks ({2} spans) into {3}",
                    tenant,
                    inputs.size(),
                    meta.spans(),
                    id);
                return MergeOutcome.DONE;
              })
          .orElse(MergeOutcome.STOPPED);
    } catch (CorruptBlockException e) {
      String bad = files.getOrDefault(e.file(), "?");
      corrupt.add(bad);
      LOG.log(
          Level.ERROR,
          "tenant {0}: block {1} is corrupt ({2}); it is not merged again",
          tenant,
          bad,
          e.getMessage());
      return MergeOutcome.FAILED;
    } catch (IOException | StoreException e) {
      // The bucket unreachable, a read error: the next pass tries again; nothing visible changed.
      LOG.log(
          Level.WARNING,
          "tenant {0}: merging into {1} failed, retried next pass: {2}",
          tenant,
          id,
          e.getMessage());
      return MergeOutcome.FAILED;
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * The merged block's offsets span its inputs', and it replaces them and whatever they replaced
   * that is still listed (see {@link Replacements}).
   */
  private static BlockMetaInput metaInput(List<BlockMeta> inputs, Set<String> listedIds) {
    Set<String> replaces = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = -1;
    for (BlockMeta input : inputs) {
      replaces.add(input.id());
      for (String earlier : input.replaces()) {
        if (listedIds.contains(earlier)) {
          replaces.add(earlier);
        }
      }
      if (input.firstOffset() >= 0) {
        first = Math.min(first, input.firstOffset());
        last = Math.max(last, input.lastOffset());
      }
    }
    int partition = inputs.getFirst().partition();
    if (partition < 0 || last < 0) {
      return new BlockMetaInput(-1, -1, -1, List.copyOf(replaces));
    }
    return new BlockMetaInput(partition, first, last, List.copyOf(replaces));
  }

  /**
   * {@code c-p<partition>-<hash>}: a SHA-256 of the sorted input ids, so a redone merge of the same
   * inputs writes the same keys (and finds its own meta if it got that far).
   */
  static String mergedId(List<BlockMeta> inputs) {
    List<String> ids = new ArrayList<>();
    inputs.forEach(meta -> ids.add(meta.id()));
    ids.sort(null);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String id : ids) {
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      String hash = HexFormat.of().formatHex(sha.digest(), 0, 16);
      int partition = inputs.getFirst().partition();
      return "c-" + (partition < 0 ? "px" : String.format("p%04d", partition)) + "-" + hash;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static void emptyDirectory(Path dir) {
    deleteRecursively(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the compactor's directory " + dir, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete {0}: {1}", dir, e.getMessage());
    }
  }
}
