package dev.hopscope.cluster.compactor;

import dev.hopscope.store.object.CompactionSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the compactor role runs.
 *
 * @param cycle how often it takes or renews the lease and makes a pass over the bucket
 * @param leaseDuration how long a lease term lasts unrenewed: a standby takes over this long after
 *     the holder stopped renewing. At least two cycles, so one slow pass does not lose it
 * @param compaction what a pass merges and deletes
 */
public record CompactorSettings(
    Duration cycle, Duration leaseDuration, CompactionSettings compaction) {
  public CompactorSettings {
    Objects.requireNonNull(compaction, "compaction");
    if (cycle.isNegative() || cycle.isZero()) {
      throw new IllegalArgumentException("compactor.cycle must be positive; received " + cycle);
    }
    if (leaseDuration.compareTo(cycle.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "compactor.leaseDuration "
              + leaseDuration
              + " must be at least twice compactor.cycle "
              + cycle
              + ", or the holder loses the lease between two renewals");
    }
  }
}
