package dev.hopscope.store.object;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BlockCompactor} merges and deletes.
 *
 * @param workDirectory where inputs are downloaded and the merged block written (emptied at start)
 * @param window blocks are merged only with blocks whose newest span ended in the same window, so
 *     retention keeps dropping whole blocks of about one age (Tempo's compaction window)
 * @param targetSpans a block this big is not merged again; merges stop short of it
 * @param minBlockAge a block is merged only once it is this old (by its meta's {@code createdAt}):
 *     a block-builder that crashed between upload and offset commit finds its block where it left
 *     it, and redoes its cycle to the same id instead of a second copy
 * @param deleteGrace replaced blocks stay this long after the block replacing them appeared, for
 *     queriers that listed before it (and data objects without a meta this long before they are
 *     collected)
 * @param retention per tenant
 */
public record CompactionSettings(
    Path workDirectory,
    Duration window,
    long targetSpans,
    Duration minBlockAge,
    Duration deleteGrace,
    RetentionPolicy retention) {
  public CompactionSettings {
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(retention, "retention");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("compactor.window must be positive; received " + window);
    }
    if (targetSpans < 2) {
      throw new IllegalArgumentException(
          "compactor target spans must be at least 2; received " + targetSpans);
    }
    if (minBlockAge.isNegative() || deleteGrace.isNegative()) {
      throw new IllegalArgumentException(
          "compactor minBlockAge and deleteGrace must not be negative; received "
              + minBlockAge
              + " and "
              + deleteGrace);
    }
  }

  /** Tempo's and the embedded engine's shapes: 1 h windows, 1 M spans, 5 min grace. */
  public static CompactionSettings defaults(Path workDirectory, RetentionPolicy retention) {
    return new CompactionSettings(
        workDirectory,
        Duration.ofHours(1),
        1_000_000,
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        retention);
  }
}
