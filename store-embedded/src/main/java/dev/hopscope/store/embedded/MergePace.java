package dev.hopscope.store.embedded;

/**
 * Whether a merge steps aside for reads, and how long it has stood aside in all. A merge calls
 * {@link #between} once per row group's worth of rows.
 *
 * <p>Only the last merge a compaction round has due steps aside. With more merges queued behind it,
 * waiting only lengthens the backlog: under minutes of steady reads a fifth of the pace left the
 * cut blocks of a whole load unmerged for as long as the reads went on, more files for every read
 * to open (store-embedded/RATIONALE.md, "Reads first").
 */
final class MergePace {
  // A merge never waits longer than this at once, so a close or a retention pass behind it does
  // not.
  private static final long MAX_WAIT_NANOS = 100_000_000L;

  // Nor longer than this many times what it worked since its last wait: under a steady stream of
  // reads it keeps a fifth of its pace, so blocks still get merged while dashboards refresh.
  private static final int WAIT_PER_WORK = 4;

  private final ReadPool reads;
  private final boolean stepsAside;
  private long waitedNanos;

  private MergePace(ReadPool reads, boolean stepsAside) {
    this.reads = reads;
    this.stepsAside = stepsAside;
  }

  /** A merge that never waits: others are due behind it, or nothing reads meanwhile. */
  static MergePace fullSpeed() {
    return new MergePace(ReadPool.sequential(), false);
  }

  /** A merge that waits while {@code reads} has a read running, within the bounds above. */
  static MergePace yieldingTo(ReadPool reads) {
    return new MergePace(reads, true);
  }

  /** Called by the merge after {@code workedNanos} of work since its last call. */
  void between(long workedNanos) {
    if (stepsAside) {
      waitedNanos += reads.yieldToReads(Math.min(WAIT_PER_WORK * workedNanos, MAX_WAIT_NANOS));
    }
  }

  /** How long this merge has waited for reads so far. */
  long waitedNanos() {
    return waitedNanos;
  }
}
