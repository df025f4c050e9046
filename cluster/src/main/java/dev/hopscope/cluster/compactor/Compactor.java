package dev.hopscope.cluster.compactor;

import dev.hopscope.store.object.BlockCompactor;
import dev.hopscope.store.object.BucketLease;
import dev.hopscope.store.object.ObjectStorage;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The compactor role: every cycle it takes or renews the lease in the bucket ({@link BucketLease})
 * and, only while it holds it, makes one {@link BlockCompactor} pass: merges, deletions of replaced
 * blocks after their grace, retention per tenant. Any number may run; one works, the others stand
 * by and take over once the holder's term expires unrenewed.
 *
 * <p>Every step that changes what readers see asks the lease first ({@link
 * BucketLease#ensureHeld}), so a holder that stalled past its term stops before its next change.
 * Should two ever publish at once anyway (a pause between that check and the write), nothing is
 * lost: two merged blocks may then hold the same spans, which readers drop as exact duplicates and
 * the next merge writes once.
 */
public final class Compactor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Compactor.class.getName());

  private final BucketLease lease;
  private final BlockCompactor compactor;
  private final CompactorSettings settings;
  private final AtomicLong merges = new AtomicLong();
  private final AtomicLong blocksMerged = new AtomicLong();
  private final AtomicLong replacedDeleted = new AtomicLong();
  private final AtomicLong expiredDeleted = new AtomicLong();
  private final AtomicLong orphansDeleted = new AtomicLong();
  private final AtomicLong visibleBlocks = new AtomicLong(-1);
  private final AtomicLong failedPasses = new AtomicLong();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean leaseHeld;
  // Only start() runs a thread; create() leaves the caller to drive runOnce.
  private @Nullable Thread thread;

  private Compactor(
      ObjectStorage storage, CompactorSettings settings, InstantSource clock, String holder) {
    this.settings = settings;
    this.lease = new BucketLease(storage, "compactor", holder, settings.leaseDuration(), clock);
    this.compactor = new BlockCompactor(storage, settings.compaction(), clock);
  }

  /**
   * A compactor driven by its caller ({@link #runOnce}); tests use it with a clock they move.
   *
   * @param name this process's name; a random suffix makes the lease holder unique per start
   */
  public static Compactor create(
      ObjectStorage storage, CompactorSettings settings, InstantSource clock, String name) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    String holder = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    return new Compactor(storage, settings, clock, holder);
  }

  /** A compactor running its cycle on a thread of its own until closed. */
  public static Compactor start(
      ObjectStorage storage, CompactorSettings settings, InstantSource clock, String name) {
    Compactor compactor = create(storage, settings, clock, name);
    compactor.thread = Thread.ofPlatform().daemon().name("hopscope-" + name).start(compactor::loop);
    return compactor;
  }

  private void loop() {
    do {
      try {
        runOnce();
      } catch (RuntimeException e) {
        failedPasses.incrementAndGet();
        LOG.log(Level.WARNING, "compactor pass failed, retried next cycle: " + e.getMessage(), e);
      }
    } while (!awaitClosing());
  }

  private boolean awaitClosing() {
    try {
      return closing.await(settings.cycle().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** One cycle: take or renew the lease, and when held make a pass. Empty when not the holder. */
  public Optional<BlockCompactor.Pass> runOnce() {
    return runOnce((step, tenant, blockId) -> true);
  }

  /**
   * As {@link #runOnce()}, with {@code alsoAsk} asked before each step after the lease: a test
   * stops a pass where a crash would.
   */
  public Optional<BlockCompactor.Pass> runOnce(BlockCompactor.Guard alsoAsk) {
    leaseHeld = lease.tryHold();
    if (!leaseHeld) {
      return Optional.empty();
    }
    BlockCompactor.Pass pass =
        compactor.run(
            (step, tenant, blockId) ->
                lease.ensureHeld() && alsoAsk.mayProceed(step, tenant, blockId));
    leaseHeld = lease.holds();
    merges.addAndGet(pass.merges());
    blocksMerged.addAndGet(pass.blocksMerged());
    replacedDeleted.addAndGet(pass.replacedDeleted());
    expiredDeleted.addAndGet(pass.expiredDeleted());
    orphansDeleted.addAndGet(pass.orphansDeleted());
    visibleBlocks.set(pass.visibleBlocks());
    return Optional.of(pass);
  }

  public String holder() {
    return lease.holder();
  }

  /** Whether this process held the lease at the end of its last cycle. */
  public boolean leaseHeld() {
    return leaseHeld;
  }

  /** Merged blocks written since start. */
  public long merges() {
    return merges.get();
  }

  /** Blocks replaced by merged blocks since start. */
  public long blocksMerged() {
    return blocksMerged.get();
  }

  /** Replaced blocks deleted after their grace, since start. */
  public long replacedDeleted() {
    return replacedDeleted.get();
  }

  /** Blocks deleted by retention since start. */
  public long expiredDeleted() {
    return expiredDeleted.get();
  }

  public long orphansDeleted() {
    return orphansDeleted.get();
  }

  /** Blocks readers saw after the last pass this process made; -1 before the first. */
  public long visibleBlocks() {
    return visibleBlocks.get();
  }

  public long failedPasses() {
    return failedPasses.get();
  }

  /** Stops the cycle and, when holding the lease, releases it so a standby takes over at once. */
  @Override
  public void close() {
    closing.countDown();
    if (thread != null) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      lease.release();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not release the compactor lease: " + e.getMessage());
    }
    leaseHeld = false;
  }
}
